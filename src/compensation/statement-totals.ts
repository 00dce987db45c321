import type { z } from 'zod';
import { csvColumns, toCsv, type CsvTable } from '../http/csv.js';
import { lineAmountOre } from './rules/index.js';
import type { adjustmentLineSchema, statementSchema } from './schemas.js';
import type { StatementLineRow } from './statement.sql.js';

// The statement from its lines: each line priced once, the totals per unit, per organisation and overall as sums.

export type Statement = z.infer<typeof statementSchema>;
export type StatementLine = Statement['lines'][number];
type Totals = Statement['total'];
type AdjustmentLine = z.infer<typeof adjustmentLineSchema>;

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

/** The sums of a statement's lines per unit, per organisation and overall, added a line at a time in line order. */
export class StatementSums {
  private readonly units = new Map<string, Statement['units'][number]>();
  private readonly orgs = new Map<string, Statement['organisations'][number]>();
  readonly total = zero();

  add(l: StatementLine) {
    let u = this.units.get(l.unitId);
    if (!u) this.units.set(l.unitId, (u = { unitId: l.unitId, unitName: l.unitName, organisationId: l.organisationId, ...zero() }));
    let o = this.orgs.get(l.organisationId);
    if (!o) this.orgs.set(l.organisationId, (o = { organisationId: l.organisationId, organisationName: l.organisationName, providerKind: l.providerKind, ...zero() }));
    add(u, l);
    add(o, l);
    add(this.total, l);
  }

  /** The statement with these sums and `lines` (all of them, or none when the lines are written apart). */
  statement(month: string, organisationId: string | null, lines: StatementLine[]): Statement {
    return { month, organisationId, currency: 'SEK', lines, units: [...this.units.values()], organisations: [...this.orgs.values()], total: { ...this.total } };
  }
}

/** The statement of a month: the lines, and per unit, per organisation and overall the sums of the lines (in line order). */
export function statementOf(month: string, organisationId: string | null, lines: StatementLine[]): Statement {
  const sums = new StatementSums();
  for (const l of lines) sums.add(l);
  return sums.statement(month, organisationId, lines);
}

/** A row of the statement CSV: a line, or an adjustment (justering) paid in the month. */
type CsvRow = { kind: 'line'; line: StatementLine } | { kind: 'adjustment'; adjustment: AdjustmentLine };
const ofLine = <T>(row: CsvRow, f: (l: StatementLine) => T) => (row.kind === 'line' ? f(row.line) : null);

const statementColumns = (month: string) =>
  csvColumns<CsvRow>([
    { name: 'month', value: () => month },
    { name: 'lineType', value: (r) => r.kind },
    { name: 'organisationId', value: (r) => (r.kind === 'line' ? r.line.organisationId : r.adjustment.organisationId) },
    { name: 'organisationName', value: (r) => (r.kind === 'line' ? r.line.organisationName : r.adjustment.organisationName) },
    { name: 'unitId', value: (r) => (r.kind === 'line' ? r.line.unitId : r.adjustment.unitId) },
    { name: 'unitName', value: (r) => (r.kind === 'line' ? r.line.unitName : r.adjustment.unitName) },
    { name: 'individualId', value: (r) => (r.kind === 'line' ? r.line.individualId : r.adjustment.individualId) },
    { name: 'individualName', value: (r) => (r.kind === 'line' ? r.line.individualName : r.adjustment.individualName) },
    { name: 'providerKind', value: (r) => ofLine(r, (l) => l.providerKind) },
    { name: 'rateValidFrom', value: (r) => ofLine(r, (l) => l.rateValidFrom) },
    { name: 'hourlyOre', kind: 'integer', value: (r) => ofLine(r, (l) => l.hourlyOre) },
    { name: 'inconvenientOre', kind: 'integer', value: (r) => ofLine(r, (l) => l.inconvenientOre) },
    { name: 'normalSeconds', kind: 'integer', value: (r) => (r.kind === 'line' ? r.line.normalSeconds : r.adjustment.normalSecondsDelta) },
    { name: 'inconvenientSeconds', kind: 'integer', value: (r) => (r.kind === 'line' ? r.line.inconvenientSeconds : r.adjustment.inconvenientSecondsDelta) },
    { name: 'performedVisits', kind: 'integer', value: (r) => ofLine(r, (l) => l.performedVisits) },
    { name: 'addedVisits', kind: 'integer', value: (r) => ofLine(r, (l) => l.addedVisits) },
    { name: 'declinedVisits', kind: 'integer', value: (r) => ofLine(r, (l) => l.declinedVisits) },
    { name: 'declinedSeconds', kind: 'integer', value: (r) => ofLine(r, (l) => l.declinedSeconds) },
    { name: 'amountOre', kind: 'integer', value: (r) => (r.kind === 'line' ? r.line.amountOre : r.adjustment.amountOre) },
    { name: 'amountKronor', kind: 'kronor', value: (r) => (r.kind === 'line' ? r.line.amountOre : r.adjustment.amountOre) },
    { name: 'closedMonth', value: (r) => (r.kind === 'adjustment' ? r.adjustment.closedMonth : null) },
    { name: 'externalId', value: (r) => (r.kind === 'adjustment' ? r.adjustment.externalId : null) },
  ]);

/**
 * The statement CSV: its columns (`table`, no rows), the rows of lines (`lineRows`, one each, `lineType` "line"), and
 * what follows them (`tailRows`): the adjustments paid in the month (`lineType` "adjustment": a visit of a closed month,
 * its signed change of seconds and amount), then a totals row (`lineType` "total", `organisationName` "Summa"): the
 * sums of the rows above, so its amount is what the month pays (the lines' total plus the adjustments), as statementOf
 * and withAdjustments sum them. The route writes the line rows a batch at a time.
 */
export function statementCsvShape(month: string) {
  const columns = statementColumns(month);
  const lineRows = (lines: readonly StatementLine[]) => columns.table(lines.map((line) => ({ kind: 'line' as const, line }))).rows;
  const tailRows = (linesTotal: Totals, adjustments: readonly AdjustmentLine[]) => {
    const total = { ...linesTotal };
    for (const a of adjustments) {
      total.normalSeconds += a.normalSecondsDelta;
      total.inconvenientSeconds += a.inconvenientSecondsDelta;
      total.amountOre += a.amountOre;
    }
    const totalsRow = columns.columns.map((c) =>
      c.name === 'month'
        ? month
        : c.name === 'lineType'
          ? 'total'
          : c.name === 'organisationName'
            ? 'Summa'
            : c.name === 'amountKronor'
              ? total.amountOre
              : c.name in total
                ? total[c.name as keyof Totals]
                : null,
    );
    return columns.table(adjustments.map((adjustment) => ({ kind: 'adjustment' as const, adjustment })), [totalsRow]).rows;
  };
  return { table: columns.table([]), lineRows, tailRows };
}

/** The statement's CSV table: the lines, the adjustments and the totals row (statementCsvShape). */
export function statementCsvRows(month: string, lines: readonly StatementLine[], adjustments: readonly AdjustmentLine[] = []): CsvTable {
  const shape = statementCsvShape(month);
  const total = zero();
  for (const l of lines) add(total, l);
  return { ...shape.table, rows: [...shape.lineRows(lines), ...shape.tailRows(total, adjustments)] };
}

/** The statement as CSV text: lines, adjustments and the totals row. */
export function statementCsv(month: string, lines: readonly StatementLine[], adjustments: readonly AdjustmentLine[] = []): string {
  return toCsv(statementCsvRows(month, lines, adjustments));
}
