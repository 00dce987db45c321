import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { consents, organisations } from '../db/schema/index.js';
import { conflict, notFound, unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import type { createConsentBody } from './schemas.js';
import { consentInForce } from './sharing-rule.js';

// Consent (samtycke) to information transfer between providers: recorded, withdrawn, never deleted. Whether it
// allows a transfer is the pure rule in sharing-rule.ts.

type Row = typeof consents.$inferSelect;
const stateOn = (r: Row, day: string) =>
  r.withdrawnOn !== null && r.withdrawnOn <= day ? ('withdrawn' as const) : consentInForce(r, day) ? ('active' as const) : ('not_yet_valid' as const);
export const consentDto = (r: Row, day: string) => ({
  id: r.id,
  individualId: r.individualId,
  givenOn: r.givenOn,
  method: r.method,
  recordedBy: r.recordedBy,
  recordedByOrganisationId: r.recordedByOrganisationId,
  limitedToOrganisationIds: r.limitedToOrganisationIds,
  note: r.note,
  withdrawnOn: r.withdrawnOn,
  withdrawnBy: r.withdrawnBy,
  state: stateOn(r, day),
  createdAt: iso(r.createdAt),
});

/** Records a consent the caller took down, for the organisation they act for; every named organisation must exist (422). */
export async function recordConsent(db: Db, request: FastifyRequest, caller: Caller, individualId: string, b: z.output<typeof createConsentBody>) {
  const limitedTo = b.limitedToOrganisationIds ? [...new Set(b.limitedToOrganisationIds)] : null;
  if (limitedTo) {
    const found = await db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, limitedTo));
    const missing = limitedTo.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) {
      throw unprocessable('A named organisation does not exist.', { errors: missing.map((id) => ({ path: 'body.limitedToOrganisationIds', message: `no organisation ${id}` })) });
    }
  }
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(consents)
      .values({ individualId, givenOn: b.givenOn, method: b.method, recordedBy: caller.sub, recordedByOrganisationId: caller.org, limitedToOrganisationIds: limitedTo, note: b.note ?? null })
      .returning();
    await recordAudit(tx, request, caller, { action: 'create', individualId, resourceType: 'consent', resourceId: created!.id });
    return created!;
  });
}

/** Records the withdrawal of a consent from a day on: once (409), never before it was given (422). */
export async function withdrawConsent(db: Db, request: FastifyRequest, caller: Caller, individualId: string, consentId: string, withdrawnOn: string) {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(consents)
      .where(and(eq(consents.id, consentId), eq(consents.individualId, individualId)))
      .for('update');
    if (!c) throw notFound('The consent');
    if (c.withdrawnOn !== null) throw conflict(`The consent was already withdrawn on ${c.withdrawnOn}.`);
    if (withdrawnOn < c.givenOn) {
      throw unprocessable('A consent cannot be withdrawn before it was given.', { errors: [{ path: 'body.withdrawnOn', message: `must not be before ${c.givenOn}` }] });
    }
    const [updated] = await tx.update(consents).set({ withdrawnOn, withdrawnBy: caller.sub, withdrawnAt: new Date() }).where(eq(consents.id, c.id)).returning();
    await recordAudit(tx, request, caller, { action: 'update', individualId, resourceType: 'consent', resourceId: c.id });
    return updated!;
  });
}

/** Every consent of the individual, oldest first, withdrawn ones included. */
export const consentsOf = (db: Db, individualId: string) =>
  db.select().from(consents).where(eq(consents.individualId, individualId)).orderBy(asc(consents.givenOn), asc(consents.createdAt));
