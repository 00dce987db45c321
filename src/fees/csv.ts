import { toCsv } from '../http/csv.js';
import type { FeeStatement } from './statement.js';

const COLUMNS = [
  'month',
  'individualId',
  'individualName',
  'districtId',
  'performedSeconds',
  'performedVisits',
  'declinedVisits',
  'hourlyFeeOre',
  'hoursOre',
  'alarmMonth',
  'alarmOre',
  'beforeCapOre',
  'maxtaxaOre',
  'individualCeilingOre',
  'capOre',
  'capSource',
  'capApplied',
  'feeOre',
] as const;

/** The fee lines as CSV, one row per individual (the columns are the JSON fields of a line). */
export function feeStatementCsv(s: FeeStatement): string {
  return toCsv(
    [...COLUMNS],
    s.lines.map((l) => COLUMNS.map((c) => (c === 'month' ? s.month : l[c]))),
  );
}
