import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { localDate } from '../calendar/local-date.js';
import { problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { INDIVIDUAL_READERS, SERVICE_COMMISSIONERS, loadVisibleIndividual } from './access.js';
import { createServiceBody, endServiceBody, overviewQuery, serviceAssignmentSchema, serviceParams } from './schemas.js';
import { assignService, endService, loadForCommissioning, overviewOf } from './service-overview.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

export const serviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['service overview'], security: [{ bearerAuth: [] }] };

  app.post(
    '/individuals/:id/services',
    {
      config: { access: SERVICE_COMMISSIONERS, idempotent: true },
      schema: {
        ...common,
        operationId: 'createServiceAssignment',
        summary: 'Assign a service (insats) to a unit for an individual (case worker of the district, admin)',
        description:
          'Night, safety alarm and camera supervision are the city’s; home care day/evening a private or the municipal provider; relief and escort the city or the provider chosen for home care. An overlapping assignment of the same service is refused (409) unless the earlier one ends first. A case worker commissions for individuals of their own district only. Home care day/evening to a private provider that has set its areas and cap: 422 when the individual’s area is not one of its areas, 409 `/problems/capacity-reached` when the granted time would pass its cap (serialised per provider). Every new home-care assignment records when the provider received it and `startWithin24Hours` (see GET /v1/new-assignments).',
        params: idParams,
        body: withExample(createServiceBody, ex.createServiceExample),
        response: { 201: answer('The service assignment recorded', serviceAssignmentSchema, ex.serviceExample), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const person = await loadForCommissioning(db, request.caller, request.params.id);
      return reply.code(201).send(await assignService(db, request, request.caller, person.id, request.body));
    },
  );

  app.post(
    '/individuals/:id/services/:serviceId/end',
    {
      config: { access: SERVICE_COMMISSIONERS },
      schema: {
        ...common,
        operationId: 'endServiceAssignment',
        summary: 'End a service assignment on a date (case worker of the district, admin)',
        description: 'Sets the last day. The row stays in the history. An end date can be moved earlier, never later.',
        params: serviceParams,
        body: withExample(endServiceBody, ex.endServiceExample),
        response: { 200: answer('The assignment with its last day', serviceAssignmentSchema, ex.endedServiceExample), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => {
      const person = await loadForCommissioning(db, request.caller, request.params.id);
      return endService(db, request, request.caller, person.id, request.params.serviceId, request.body.endDate);
    },
  );

  app.get(
    '/individuals/:id/services',
    {
      config: { access: INDIVIDUAL_READERS },
      schema: {
        ...common,
        operationId: 'getServiceOverview',
        summary: 'The service overview (insatsöversikt) of an individual on a day',
        description:
          'Each service in force on the day with the performing unit and organisation; `history=true` lists every assignment ever recorded. Audit-logged. For whoever may see the individual (else 404).',
        params: idParams,
        querystring: overviewQuery,
        response: {
          200: answer('The services in force on the day (or the whole history)', z.object({ on: z.iso.date(), items: z.array(serviceAssignmentSchema) }), {
            on: '2025-04-02',
            items: [ex.serviceExample, ex.nightServiceExample],
          }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const person = await loadVisibleIndividual(db, request.caller, request.params.id);
      const on = request.query.on ?? localDate();
      const items = await overviewOf(db, person.id, on, request.query.history === 'true');
      await recordAudit(db, request, request.caller, { action: 'read', individualId: person.id, resourceType: 'service_overview', resourceId: person.id });
      return { on, items };
    },
  );
};
