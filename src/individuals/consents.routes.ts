import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/plugin.js';
import { hasRole, type Principal } from '../auth/roles.js';
import { recordAudit } from '../audit/record.js';
import { localDate } from '../calendar/local-date.js';
import { consents, organisations } from '../db/schema/index.js';
import { conflict, forbidden, notFound, problemResponses, unprocessable } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { iso } from '../http/sql-helpers.js';
import { loadVisibleIndividual } from './access.js';
import { consentParams, consentSchema, consentsQuery, createConsentBody, withdrawConsentBody } from './schemas.js';
import { consentInForce } from './sharing-rule.js';

type Row = typeof consents.$inferSelect;
const stateOn = (r: Row, day: string) =>
  r.withdrawnOn !== null && r.withdrawnOn <= day ? ('withdrawn' as const) : consentInForce(r, day) ? ('active' as const) : ('not_yet_valid' as const);
const toDto = (r: Row, day: string) => ({
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

/** Consent is recorded by the district's case worker, an admin, or staff of a provider that serves the individual. */
function requireRecorder(p: Principal) {
  if (!hasRole(p, 'admin', 'case_worker', 'manager', 'care_staff', 'licensed')) {
    throw forbidden('Consent is recorded by a case worker, or by care staff, licensed staff or a manager of a serving provider.');
  }
}

export const consentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['consent'], security: [{ bearerAuth: [] }] };

  app.post(
    '/individuals/:id/consents',
    {
      schema: {
        ...common,
        operationId: 'recordConsent',
        summary: 'Record the individual’s consent (samtycke) to information transfer between providers',
        description: 'Who may record: staff whose organisation may see the individual (serving provider or district) with role case_worker, manager, care_staff or licensed; admin.',
        params: idParams,
        body: createConsentBody,
        response: { 201: consentSchema, ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const person = await loadVisibleIndividual(db, p, request.params.id);
      requireRecorder(p);
      const b = request.body;
      if (b.limitedToOrganisationIds) {
        const ids = [...new Set(b.limitedToOrganisationIds)];
        const found = await db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, ids));
        const missing = ids.filter((id) => !found.some((f) => f.id === id));
        if (missing.length) {
          throw unprocessable('A named organisation does not exist.', { errors: missing.map((id) => ({ path: 'body.limitedToOrganisationIds', message: `no organisation ${id}` })) });
        }
      }
      const row = await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(consents)
          .values({
            individualId: person.id,
            givenOn: b.givenOn,
            method: b.method,
            recordedBy: p.sub,
            recordedByOrganisationId: p.org,
            limitedToOrganisationIds: b.limitedToOrganisationIds ? [...new Set(b.limitedToOrganisationIds)] : null,
            note: b.note ?? null,
          })
          .returning();
        await recordAudit(tx, request, p, { action: 'create', individualId: person.id, resourceType: 'consent', resourceId: created!.id });
        return created!;
      });
      return reply.code(201).send(toDto(row, localDate()));
    },
  );

  app.post(
    '/individuals/:id/consents/:consentId/withdraw',
    {
      schema: {
        ...common,
        operationId: 'withdrawConsent',
        summary: 'Record that the individual withdrew a consent (återkallat samtycke); it stays on record',
        params: consentParams,
        body: withdrawConsentBody,
        response: { 200: consentSchema, ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const person = await loadVisibleIndividual(db, p, request.params.id);
      requireRecorder(p);
      const { withdrawnOn } = request.body;
      const row = await db.transaction(async (tx) => {
        const [c] = await tx
          .select()
          .from(consents)
          .where(and(eq(consents.id, request.params.consentId), eq(consents.individualId, person.id)))
          .for('update');
        if (!c) throw notFound('The consent');
        if (c.withdrawnOn !== null) throw conflict(`The consent was already withdrawn on ${c.withdrawnOn}.`);
        if (withdrawnOn < c.givenOn) {
          throw unprocessable('A consent cannot be withdrawn before it was given.', { errors: [{ path: 'body.withdrawnOn', message: `must not be before ${c.givenOn}` }] });
        }
        const [updated] = await tx
          .update(consents)
          .set({ withdrawnOn, withdrawnBy: p.sub, withdrawnAt: new Date() })
          .where(eq(consents.id, c.id))
          .returning();
        await recordAudit(tx, request, p, { action: 'update', individualId: person.id, resourceType: 'consent', resourceId: c.id });
        return updated!;
      });
      return toDto(row, localDate());
    },
  );

  app.get(
    '/individuals/:id/consents',
    {
      schema: {
        ...common,
        operationId: 'listConsents',
        summary: 'The individual’s consents with their state on a day (withdrawn ones included)',
        params: idParams,
        querystring: consentsQuery,
        response: { 200: z.object({ on: z.iso.date(), items: z.array(consentSchema) }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const person = await loadVisibleIndividual(db, p, request.params.id);
      const on = request.query.on ?? localDate();
      const rows = await db.select().from(consents).where(eq(consents.individualId, person.id)).orderBy(asc(consents.givenOn), asc(consents.createdAt));
      await recordAudit(db, request, p, { action: 'read', individualId: person.id, resourceType: 'consents', resourceId: person.id });
      return { on, items: rows.map((r) => toDto(r, on)) };
    },
  );
};
