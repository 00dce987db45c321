import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { localDate } from '../calendar/local-date.js';
import { problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { CONSENT_RECORDERS, INDIVIDUAL_READERS, loadVisibleIndividual } from './access.js';
import { consentDto, consentsOf, recordConsent, withdrawConsent } from './consents.js';
import { consentParams, consentSchema, consentsQuery, createConsentBody, withdrawConsentBody } from './schemas.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

const WHOSE = 'For an individual the caller may see (their organisation serves them today or is their district; the contract unit’s admin, auditor and reporting see all); anyone else gets 404.';

export const consentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['consent'], security: [{ bearerAuth: [] }] };

  app.post(
    '/individuals/:id/consents',
    {
      config: { access: CONSENT_RECORDERS, idempotent: true },
      schema: {
        ...common,
        operationId: 'recordConsent',
        summary: 'Record the individual’s consent (samtycke) to information transfer between providers',
        description: WHOSE,
        params: idParams,
        body: withExample(createConsentBody, ex.createConsentExample),
        response: { 201: answer('The consent recorded', consentSchema, ex.consentExample), ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const person = await loadVisibleIndividual(db, request.caller, request.params.id);
      const row = await recordConsent(db, request, request.caller, person.id, request.body);
      return reply.code(201).send(consentDto(row, localDate()));
    },
  );

  app.post(
    '/individuals/:id/consents/:consentId/withdraw',
    {
      config: { access: CONSENT_RECORDERS },
      schema: {
        ...common,
        operationId: 'withdrawConsent',
        summary: 'Record that the individual withdrew a consent (återkallat samtycke); it stays on record',
        description: WHOSE,
        params: consentParams,
        body: withExample(withdrawConsentBody, ex.withdrawConsentExample),
        response: { 200: answer('The consent, now withdrawn', consentSchema, ex.withdrawnConsentExample), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => {
      const person = await loadVisibleIndividual(db, request.caller, request.params.id);
      const row = await withdrawConsent(db, request, request.caller, person.id, request.params.consentId, request.body.withdrawnOn);
      return consentDto(row, localDate());
    },
  );

  app.get(
    '/individuals/:id/consents',
    {
      config: { access: INDIVIDUAL_READERS },
      schema: {
        ...common,
        operationId: 'listConsents',
        summary: 'The individual’s consents with their state on a day (withdrawn ones included)',
        description: `${WHOSE} Audit-logged.`,
        params: idParams,
        querystring: consentsQuery,
        response: {
          200: answer('The consents with their state on the day', z.object({ on: z.iso.date(), items: z.array(consentSchema) }), {
            on: '2025-06-01',
            items: [{ ...ex.withdrawnConsentExample, state: 'withdrawn' }],
          }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const person = await loadVisibleIndividual(db, request.caller, request.params.id);
      const on = request.query.on ?? localDate();
      const rows = await consentsOf(db, person.id);
      await recordAudit(db, request, request.caller, { action: 'read', individualId: person.id, resourceType: 'consents', resourceId: person.id });
      return { on, items: rows.map((r) => consentDto(r, on)) };
    },
  );
};
