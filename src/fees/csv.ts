import { csvColumns } from '../http/csv.js';
import type { FeeStatement } from './statement.js';

type Line = FeeStatement['lines'][number];

/**
 * The fee lines as CSV, one row per individual (the JSON fields of a line, money in öre and the fee in kronor too),
 * then a totals row (`individualName` "Summa": the sums before the cap and of the fees).
 */
export function feeStatementTable(s: FeeStatement) {
  const columns = csvColumns<Line>([
    { name: 'month', value: () => s.month },
    { name: 'individualId', value: (l) => l.individualId },
    { name: 'individualName', value: (l) => l.individualName },
    { name: 'districtId', value: (l) => l.districtId },
    { name: 'performedSeconds', kind: 'integer', value: (l) => l.performedSeconds },
    { name: 'performedVisits', kind: 'integer', value: (l) => l.performedVisits },
    { name: 'declinedVisits', kind: 'integer', value: (l) => l.declinedVisits },
    { name: 'hourlyFeeOre', kind: 'integer', value: (l) => l.hourlyFeeOre },
    { name: 'hoursOre', kind: 'integer', value: (l) => l.hoursOre },
    { name: 'alarmMonth', value: (l) => l.alarmMonth },
    { name: 'alarmOre', kind: 'integer', value: (l) => l.alarmOre },
    { name: 'beforeCapOre', kind: 'integer', value: (l) => l.beforeCapOre },
    { name: 'maxtaxaOre', kind: 'integer', value: (l) => l.maxtaxaOre },
    { name: 'individualCeilingOre', kind: 'integer', value: (l) => l.individualCeilingOre },
    { name: 'capOre', kind: 'integer', value: (l) => l.capOre },
    { name: 'capSource', value: (l) => l.capSource },
    { name: 'capApplied', value: (l) => l.capApplied },
    { name: 'feeOre', kind: 'integer', value: (l) => l.feeOre },
    { name: 'feeKronor', kind: 'kronor', value: (l) => l.feeOre },
  ]);
  const totals = columns.columns.map((c) =>
    c.name === 'month' ? s.month : c.name === 'individualName' ? 'Summa' : c.name === 'beforeCapOre' ? s.total.beforeCapOre : c.name === 'feeOre' || c.name === 'feeKronor' ? s.total.feeOre : null,
  );
  return columns.table(s.lines, [totals]);
}
