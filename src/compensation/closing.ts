import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import type { Caller } from '../auth/roles.js';
import { localDate } from '../calendar/local-date.js';
import { monthRange } from '../calendar/month.js';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { closedStatements, compensationClosings } from '../db/schema/index.js';
import { freezeFees } from '../fees/statement.js';
import { conflict, unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { adjustmentLines, byOrganisationName, withAdjustments, type AdjustmentLine, type StatementAnswer, type StatementBody } from './adjustment-lines.js';
import { lockClosingsExclusive } from './adjustments.js';
import type { closingSummarySchema } from './schemas.js';
import { pricedLines } from './statement.sql.js';
import { statementOf, type StatementLine } from './statement-totals.js';

// Stängd månad: the contract unit closes a compensation month. Every provider's statement (lines and the adjustments
// paid in the month) is stored as it stands, as JSON text with its SHA-256; reading a closed month returns exactly
// that. Later changes to the month become adjustments (adjustments.ts). The fees of the month are frozen with it.

export type Closing = typeof compensationClosings.$inferSelect;
export type ClosingSummary = z.infer<typeof closingSummarySchema>;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * A provider's statement as JSON text, fields in the order the answer sends them (the lines last: the answer is
 * streamed so): the answer without `closing`, stringified again, gives the same text and so the same hash.
 */
export function statementJson(body: StatementBody): string {
  const { lines, ...rest } = body;
  return JSON.stringify({ ...rest, lines });
}

/** The closing in force for a month, or null (never closed, or reopened). */
export async function closingInForce(db: Db, month: string): Promise<Closing | null> {
  const [row] = await db
    .select()
    .from(compensationClosings)
    .where(and(eq(compensationClosings.month, month), isNull(compensationClosings.reopenedAt)));
  return row ?? null;
}

/** Per provider, its statement body: its lines and the adjustments paid to it in the month. */
export function providerBodies(month: string, lines: StatementLine[], adjustments: AdjustmentLine[]): { organisationId: string; organisationName: string; body: StatementBody }[] {
  const orgs = new Map<string, string>();
  for (const l of lines) orgs.set(l.organisationId, l.organisationName);
  for (const a of adjustments) if (!orgs.has(a.organisationId)) orgs.set(a.organisationId, a.organisationName);
  return [...orgs].map(([organisationId, organisationName]) => ({
    organisationId,
    organisationName,
    body: withAdjustments(
      statementOf(month, organisationId, lines.filter((l) => l.organisationId === organisationId)),
      adjustments.filter((a) => a.organisationId === organisationId),
    ),
  }));
}

async function summaryOf(db: Db, c: Closing): Promise<ClosingSummary> {
  const statements = await db
    .select({ organisationId: closedStatements.organisationId, organisationName: closedStatements.organisationName, amountOre: closedStatements.amountOre, contentHash: closedStatements.contentHash })
    .from(closedStatements)
    .where(eq(closedStatements.closingId, c.id))
    .orderBy(asc(closedStatements.organisationName), asc(closedStatements.organisationId));
  return {
    month: c.month,
    state: c.reopenedAt ? 'reopened' : 'closed',
    closedAt: iso(c.closedAt),
    closedBy: c.closedBy,
    contentHash: c.contentHash,
    feesFrozen: c.feesFrozen,
    reopenedAt: c.reopenedAt ? iso(c.reopenedAt) : null,
    reopenedBy: c.reopenedBy,
    reopenReason: c.reopenReason,
    statements: statements.map((s) => ({ ...s, amountOre: Number(s.amountOre) })),
  };
}

/**
 * Closes a month: only a month that has ended (422), not already closed (409), with rates (422 as the statement).
 * Serialised against time-report batches, so no visit slips in between the statement and the closing.
 */
export async function closeMonth(db: Db, request: FastifyRequest, caller: Caller, month: string): Promise<ClosingSummary> {
  const { from, to } = monthRange(month);
  if (to > localDate()) throw unprocessable(`${month} has not ended: a month is closed after its last day.`, { errors: [{ path: 'params.month', message: 'not yet ended' }] });
  return db.transaction(async (tx) => {
    await lockClosingsExclusive(tx);
    if (await closingInForce(tx, month)) throw conflict(`${month} is already closed; the contract unit’s admin may reopen it with a reason.`);
    const lines = await pricedLines(tx, { from, to });
    const adjustments = await adjustmentLines(tx, month, {});
    const bodies = providerBodies(month, lines, adjustments).map((p) => {
      const json = statementJson(p.body);
      return { ...p, json, hash: sha256(json) };
    });
    bodies.sort(byOrganisationName);
    const contentHash = sha256(bodies.map((b) => `${b.organisationId}:${b.hash}`).join('\n'));
    const [closing] = await tx
      .insert(compensationClosings)
      .values({ month, closedBy: caller.sub, closedByOrganisationId: caller.org, contentHash, feesFrozen: false })
      .returning();
    if (bodies.length > 0) {
      await tx.insert(closedStatements).values(
        bodies.map((b) => ({ closingId: closing!.id, organisationId: b.organisationId, organisationName: b.organisationName, statementJson: b.json, amountOre: b.body.payableOre, contentHash: b.hash })),
      );
    }
    const feeRates = await freezeFees(tx, closing!.id, month);
    const feesFrozen = feeRates !== null;
    if (feeRates) await tx.update(compensationClosings).set({ feesFrozen, feeRatesJson: JSON.stringify(feeRates) }).where(eq(compensationClosings.id, closing!.id));
    await recordAudit(tx, request, caller, { action: 'create', individualId: null, resourceType: 'compensation_period', resourceId: month });
    return summaryOf(tx, { ...closing!, feesFrozen });
  });
}

/**
 * Reopens a closed month (the contract unit's admin, with a reason): the closing stays on record with who, when and
 * why; the adjustments it produced stop counting (the month's own statement now shows those changes). Refused (409)
 * while a month that paid one of its adjustments is closed: reopen that month first.
 */
export async function reopenMonth(db: Db, request: FastifyRequest, caller: Caller, month: string, reason: string): Promise<ClosingSummary> {
  return db.transaction(async (tx) => {
    await lockClosingsExclusive(tx);
    const closing = await closingInForce(tx, month);
    if (!closing) throw conflict(`${month} is not closed.`);
    const paidIn = await rowsOf<{ month: string }>(
      tx,
      sql`select distinct a.month from compensation_adjustments a
          join compensation_closings c on c.month = a.month and c.reopened_at is null
          where a.closing_id = ${closing.id}::uuid order by 1`,
    );
    if (paidIn.length > 0) {
      throw conflict(`Adjustments of ${month} were paid in ${paidIn.map((r) => r.month).join(', ')}, which is closed: reopen it first.`, { closedMonths: paidIn.map((r) => r.month) });
    }
    const [row] = await tx
      .update(compensationClosings)
      .set({ reopenedAt: new Date(), reopenedBy: caller.sub, reopenReason: reason })
      .where(eq(compensationClosings.id, closing.id))
      .returning();
    await recordAudit(tx, request, caller, { action: 'update', individualId: null, resourceType: 'compensation_period', resourceId: `${month}:reopened` });
    return summaryOf(tx, row!);
  });
}

/** Every closing, newest month first (reopened ones included, with their reason). */
export async function listClosings(db: Db): Promise<ClosingSummary[]> {
  const rows = await db.select().from(compensationClosings).orderBy(sql`${compensationClosings.month} desc`, sql`${compensationClosings.closedAt} desc`);
  const out: ClosingSummary[] = [];
  for (const r of rows) out.push(await summaryOf(db, r));
  return out;
}

/** A provider's statement as it was closed. */
export interface StoredStatement {
  organisationId: string;
  contentHash: string;
  body: StatementBody;
}

/** The statements stored by a closing (one organisation's, or every one) in the statement's order, without their text. */
export async function storedStatementsOf(db: Db, closing: Closing, organisationId: string | undefined) {
  return db
    .select({ organisationId: closedStatements.organisationId, contentHash: closedStatements.contentHash })
    .from(closedStatements)
    .where(and(eq(closedStatements.closingId, closing.id), organisationId ? eq(closedStatements.organisationId, organisationId) : undefined))
    .orderBy(asc(closedStatements.organisationName), asc(closedStatements.organisationId));
}

/** One provider's stored statement, parsed (a city's closed month is read a provider at a time). */
export async function storedStatementOf(db: Db, closing: Closing, organisationId: string): Promise<StatementBody> {
  const [row] = await db
    .select({ json: closedStatements.statementJson })
    .from(closedStatements)
    .where(and(eq(closedStatements.closingId, closing.id), eq(closedStatements.organisationId, organisationId)));
  return JSON.parse(row!.json) as StatementBody;
}

/** The ids of a district's individuals (of today): what a district reads of a closed month. */
export async function districtIndividuals(db: Db, districtId: string): Promise<Set<string>> {
  const ids = await rowsOf<{ id: string }>(db, sql`select id from individuals where district_id = ${districtId}::uuid`);
  return new Set(ids.map((r) => r.id));
}

/** The `closing` of a closed month's answer: who closed it, when, and each stored statement's hash. */
export function closingOf(closing: Closing, stored: readonly { organisationId: string; contentHash: string }[]): NonNullable<StatementAnswer['closing']> {
  return { closedAt: iso(closing.closedAt), closedBy: closing.closedBy, statements: stored.map((s) => ({ organisationId: s.organisationId, contentHash: s.contentHash })) };
}
