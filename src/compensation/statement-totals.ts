import type { z } from 'zod';
import { csvColumns, toCsv, type CsvTable } from '../http/csv.js';
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

const statementColumns = (month: string) =>
  csvColumns<StatementLine>([
    { name: 'month', value: () => month },
    { name: 'organisationId', value: (l) => l.organisationId },
    { name: 'organisationName', value: (l) => l.organisationName },
    { name: 'unitId', value: (l) => l.unitId },
    { name: 'unitName', value: (l) => l.unitName },
    { name: 'individualId', value: (l) => l.individualId },
    { name: 'individualName', value: (l) => l.individualName },
    { name: 'providerKind', value: (l) => l.providerKind },
    { name: 'rateValidFrom', value: (l) => l.rateValidFrom },
    { name: 'hourlyOre', kind: 'integer', value: (l) => l.hourlyOre },
    { name: 'inconvenientOre', kind: 'integer', value: (l) => l.inconvenientOre },
    { name: 'normalSeconds', kind: 'integer', value: (l) => l.normalSeconds },
    { name: 'inconvenientSeconds', kind: 'integer', value: (l) => l.inconvenientSeconds },
    { name: 'performedVisits', kind: 'integer', value: (l) => l.performedVisits },
    { name: 'addedVisits', kind: 'integer', value: (l) => l.addedVisits },
    { name: 'declinedVisits', kind: 'integer', value: (l) => l.declinedVisits },
    { name: 'declinedSeconds', kind: 'integer', value: (l) => l.declinedSeconds },
    { name: 'amountOre', kind: 'integer', value: (l) => l.amountOre },
    { name: 'amountKronor', kind: 'kronor', value: (l) => l.amountOre },
  ]);

/**
 * The lines as CSV, one row each, then a totals row (`organisationName` "Summa", the sums of the seconds, visits and
 * amounts; no ids or rates), as statementOf sums them (streamed by the route).
 */
export function statementCsvRows(month: string, lines: readonly StatementLine[]): CsvTable {
  const total = zero();
  for (const l of lines) add(total, l);
  const totalsRow = statementColumns(month).columns.map((c) =>
    c.name === 'month' ? month : c.name === 'organisationName' ? 'Summa' : c.name === 'amountKronor' ? total.amountOre : c.name in total ? total[c.name as keyof Totals] : null,
  );
  return statementColumns(month).table(lines, [totalsRow]);
}

/** The lines as CSV text, one row each, and the totals row. */
export function statementCsv(month: string, lines: readonly StatementLine[]): string {
  return toCsv(statementCsvRows(month, lines));
}
