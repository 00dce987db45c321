import type { z } from 'zod';
import { toCsv, type CsvValue } from '../http/csv.js';
import { lineAmountOre } from './rules/index.js';
import type { statementSchema } from './schemas.js';
import type { StatementLineRow } from './statement.sql.js';

// The statement from its lines: each line priced once, the totals per unit, per organisation and overall as sums.

export type Statement = z.infer<typeof statementSchema>;
export type StatementLine = Statement['lines'][number];
type Totals = Statement['total'];

/** A line whose rate period was found (lines without one are refused before pricing). */
export type RatedLineRow = StatementLineRow & { hourly_ore: number; inconvenient_ore: number; rate_valid_from: string };

export const isRated = (r: StatementLineRow): r is RatedLineRow => r.hourly_ore !== null && r.inconvenient_ore !== null && r.rate_valid_from !== null;

/** A line of the statement; the amount is rounded once, from the exact sums of seconds. */
export function toLine(r: RatedLineRow): StatementLine {
  return {
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    individualId: r.individual_id,
    individualName: r.individual_name,
    providerKind: r.provider_kind,
    rateValidFrom: r.rate_valid_from,
    hourlyOre: r.hourly_ore,
    inconvenientOre: r.inconvenient_ore,
    normalSeconds: Number(r.normal_seconds),
    inconvenientSeconds: Number(r.inconvenient_seconds),
    performedVisits: Number(r.performed_visits),
    addedVisits: Number(r.added_visits),
    declinedVisits: Number(r.declined_visits),
    declinedSeconds: Number(r.declined_seconds),
    amountOre: lineAmountOre(Number(r.normal_seconds), Number(r.inconvenient_seconds), { hourlyOre: r.hourly_ore, inconvenientOre: r.inconvenient_ore }),
  };
}

const zero = (): Totals => ({ normalSeconds: 0, inconvenientSeconds: 0, performedVisits: 0, addedVisits: 0, declinedVisits: 0, declinedSeconds: 0, amountOre: 0 });

function add(into: Totals, l: Totals) {
  into.normalSeconds += l.normalSeconds;
  into.inconvenientSeconds += l.inconvenientSeconds;
  into.performedVisits += l.performedVisits;
  into.addedVisits += l.addedVisits;
  into.declinedVisits += l.declinedVisits;
  into.declinedSeconds += l.declinedSeconds;
  into.amountOre += l.amountOre;
}

/** The statement of a month: the lines, and per unit, per organisation and overall the sums of the lines (in line order). */
export function statementOf(month: string, organisationId: string | null, lines: StatementLine[]): Statement {
  const units = new Map<string, Statement['units'][number]>();
  const orgs = new Map<string, Statement['organisations'][number]>();
  const total = zero();
  for (const l of lines) {
    let u = units.get(l.unitId);
    if (!u) units.set(l.unitId, (u = { unitId: l.unitId, unitName: l.unitName, organisationId: l.organisationId, ...zero() }));
    let o = orgs.get(l.organisationId);
    if (!o) orgs.set(l.organisationId, (o = { organisationId: l.organisationId, organisationName: l.organisationName, providerKind: l.providerKind, ...zero() }));
    add(u, l);
    add(o, l);
    add(total, l);
  }
  return { month, organisationId, currency: 'SEK', lines, units: [...units.values()], organisations: [...orgs.values()], total };
}

const CSV_COLUMNS = [
  'month',
  'organisation_id',
  'organisation_name',
  'unit_id',
  'unit_name',
  'individual_id',
  'individual_name',
  'provider_kind',
  'rate_valid_from',
  'hourly_ore',
  'inconvenient_ore',
  'normal_seconds',
  'inconvenient_seconds',
  'performed_visits',
  'added_visits',
  'declined_visits',
  'declined_seconds',
  'amount_ore',
];

/** The lines as CSV columns and rows, one row each (streamed by the route). */
export function statementCsvRows(month: string, lines: readonly StatementLine[]): { columns: string[]; rows: CsvValue[][] } {
  return {
    columns: CSV_COLUMNS,
    rows: lines.map((l) => [
      month,
      l.organisationId,
      l.organisationName,
      l.unitId,
      l.unitName,
      l.individualId,
      l.individualName,
      l.providerKind,
      l.rateValidFrom,
      l.hourlyOre,
      l.inconvenientOre,
      l.normalSeconds,
      l.inconvenientSeconds,
      l.performedVisits,
      l.addedVisits,
      l.declinedVisits,
      l.declinedSeconds,
      l.amountOre,
    ]),
  };
}

/** The lines as CSV text, one row each. */
export function statementCsv(month: string, lines: readonly StatementLine[]): string {
  const { columns, rows } = statementCsvRows(month, lines);
  return toCsv(columns, rows);
}
