import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import type { adjustmentLineSchema, statementAnswerSchema } from './schemas.js';
import type { Statement } from './statement-totals.js';

// The adjustments (justeringar) paid in a month, and the statement with them.

export type AdjustmentLine = z.infer<typeof adjustmentLineSchema>;
export type StatementAnswer = z.infer<typeof statementAnswerSchema>;
/** What a closing freezes per provider: the answer without `closing`. */
export type StatementBody = Omit<StatementAnswer, 'closing'>;

interface Row {
  id: string;
  closed_month: string;
  organisation_id: string;
  organisation_name: string;
  unit_id: string;
  unit_name: string;
  individual_id: string;
  individual_name: string;
  external_id: string;
  old_id: string | null;
  old_version: number | null;
  old_status: 'performed' | 'declined' | 'added' | null;
  old_in: string | null;
  old_out: string | null;
  new_id: string;
  new_version: number;
  new_status: 'performed' | 'declined' | 'added';
  new_in: string;
  new_out: string;
  normal_seconds_delta: number;
  inconvenient_seconds_delta: number;
  amount_ore: number;
  created_at: string;
}

const isoOf = (v: string | Date) => new Date(v).toISOString();

/**
 * The adjustments paid in `month` (of closings in force), for one organisation or all, optionally only one district's
 * individuals; in the statement's order (organisation, unit, individual), then as recorded.
 */
export async function adjustmentLines(db: Db, month: string, scope: { organisationId?: string | undefined; districtId?: string | undefined }): Promise<AdjustmentLine[]> {
  const rows = await rowsOf<Row>(
    db,
    sql`select a.id, a.closed_month, a.organisation_id, o.name as organisation_name, a.unit_id, u.name as unit_name,
               a.individual_id, i.name as individual_name, a.external_id,
               a.old_time_report_id as old_id, a.old_version, tro.status::text as old_status, tro.check_in as old_in, tro.check_out as old_out,
               a.new_time_report_id as new_id, a.new_version, trn.status::text as new_status, trn.check_in as new_in, trn.check_out as new_out,
               a.normal_seconds_delta, a.inconvenient_seconds_delta, a.amount_ore, a.created_at
        from compensation_adjustments a
        join compensation_closings c on c.id = a.closing_id and c.reopened_at is null
        join organisations o on o.id = a.organisation_id
        join units u on u.id = a.unit_id
        join individuals i on i.id = a.individual_id
        join time_reports trn on trn.id = a.new_time_report_id
        left join time_reports tro on tro.id = a.old_time_report_id
        where a.month = ${month}
          ${scope.organisationId ? sql`and a.organisation_id = ${scope.organisationId}::uuid` : sql``}
          ${scope.districtId ? sql`and i.district_id = ${scope.districtId}::uuid` : sql``}
        order by o.name, a.organisation_id, u.name, a.unit_id, i.name, a.individual_id, a.created_at, a.external_id, a.closed_month, a.id`,
  );
  return rows.map((r) => ({
    adjustmentId: r.id,
    closedMonth: r.closed_month,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    individualId: r.individual_id,
    individualName: r.individual_name,
    externalId: r.external_id,
    before: r.old_id ? { timeReportId: r.old_id, version: Number(r.old_version), status: r.old_status!, checkIn: isoOf(r.old_in!), checkOut: isoOf(r.old_out!) } : null,
    after: { timeReportId: r.new_id, version: Number(r.new_version), status: r.new_status, checkIn: isoOf(r.new_in), checkOut: isoOf(r.new_out) },
    normalSecondsDelta: Number(r.normal_seconds_delta),
    inconvenientSecondsDelta: Number(r.inconvenient_seconds_delta),
    amountOre: Number(r.amount_ore),
    recordedAt: isoOf(r.created_at),
  }));
}

/** Organisations in name order, then by id (the statement's order). */
export const byOrganisationName = (a: { organisationName: string; organisationId: string }, b: { organisationName: string; organisationId: string }) =>
  a.organisationName === b.organisationName ? (a.organisationId < b.organisationId ? -1 : 1) : a.organisationName < b.organisationName ? -1 : 1;

/** The statement with the adjustments paid in its month: their sum, and per organisation what is paid. */
export function withAdjustments(statement: Statement, adjustments: AdjustmentLine[]): StatementBody {
  const payable = new Map<string, StatementBody['payable'][number]>();
  const of = (organisationId: string, organisationName: string) => {
    let p = payable.get(organisationId);
    if (!p) payable.set(organisationId, (p = { organisationId, organisationName, linesOre: 0, adjustmentsOre: 0, payableOre: 0 }));
    return p;
  };
  for (const o of statement.organisations) of(o.organisationId, o.organisationName).linesOre += o.amountOre;
  for (const a of adjustments) of(a.organisationId, a.organisationName).adjustmentsOre += a.amountOre;
  for (const p of payable.values()) p.payableOre = p.linesOre + p.adjustmentsOre;
  const adjustmentsOre = adjustments.reduce((s, a) => s + a.amountOre, 0);
  const ordered = [...payable.values()].sort(byOrganisationName);
  return { ...statement, adjustments, adjustmentsOre, payableOre: statement.total.amountOre + adjustmentsOre, payable: ordered };
}
