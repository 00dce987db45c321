import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { localDate } from '../calendar/local-date.js';
import { loadVisibleIndividual } from '../individuals/access.js';
import { loadForCommissioning } from '../individuals/service-overview.js';
import { page } from '../http/pagination.js';
import { etagOf } from '../http/preconditions.js';
import { problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { areaGrants as grants } from './access.js';
import { areaParams, areaSchema, createAreaBody, individualAreaSchema, listAreasQuery, setIndividualAreaBody, updateAreaBody } from './schemas.js';
import { areaHistoryOf, createArea, getArea, listAreas, setAreaOfIndividual, updateArea } from './service.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

/** The city's geographic areas (data), and the area each individual lives in. */
export const areaRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['areas'], security: [{ bearerAuth: [] }] };

  app.post(
    '/areas',
    {
      config: { access: grants.createArea, idempotent: true },
      schema: {
        ...common,
        operationId: 'createArea',
        summary: 'Add one of the city’s geographic areas (admin)',
        description: 'Each area belongs to a district. Providers choose the areas they are selectable in; each individual lives in one.',
        body: withExample(createAreaBody, ex.createAreaExample),
        response: { 201: answer('The area added', areaSchema, ex.createdAreaExample), ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createArea(db, request.body)),
  );

  app.get(
    '/areas',
    {
      config: { access: grants.listAreas },
      schema: {
        ...common,
        operationId: 'listAreas',
        summary: 'The city’s geographic areas, by code',
        description: 'Every area (Göteborg has 35), optionally of one district (`districtId`). Pages by cursor (`nextCursor`).',
        querystring: listAreasQuery,
        response: { 200: answer('A page of areas, by code', page(areaSchema), { items: [ex.areaExample, ex.createdAreaExample], nextCursor: null }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listAreas(db, request.query),
  );

  app.get(
    '/areas/:code',
    {
      config: { access: grants.getArea },
      schema: {
        ...common,
        operationId: 'getArea',
        summary: 'One area',
        description: 'One area by its code; an unknown code is 404.',
        params: areaParams,
        response: { 200: answer('The area', areaSchema, ex.areaExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const area = await getArea(db, request.params.code);
      return reply.header('etag', etagOf(area)).send(area);
    },
  );

  app.patch(
    '/areas/:code',
    {
      config: { access: grants.updateArea, ifMatch: true },
      schema: {
        ...common,
        operationId: 'updateArea',
        summary: 'Rename an area or move it to another district (admin)',
        description: 'The code never changes: providers’ choices and individuals’ areas refer to it.',
        params: areaParams,
        body: withExample(updateAreaBody, ex.updateAreaExample),
        response: { 200: answer('The area as changed', areaSchema, { ...ex.areaExample, name: 'Centrum (Inom Vallgraven, Nordstaden)' }), ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const area = await updateArea(db, request.params.code, request.body, request.ifMatch);
      return reply.header('etag', etagOf(area)).send(area);
    },
  );

  app.put(
    '/individuals/:id/area',
    {
      config: { access: grants.setIndividualArea },
      schema: {
        ...common,
        operationId: 'setIndividualArea',
        summary: 'Record the area an individual lives in, from a day on (case worker of the district, admin)',
        description: 'Earlier areas stay in the history. Audit-logged. An individual the caller may not see is 404; one of another district 403.',
        params: idParams,
        body: withExample(setIndividualAreaBody, ex.setIndividualAreaExample),
        response: {
          200: answer('The individual’s areas, latest first', z.object({ items: z.array(individualAreaSchema) }), { items: [ex.individualAreaExample, ex.earlierAreaExample] }), ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => {
      const person = await loadForCommissioning(db, request.caller, request.params.id);
      await db.transaction((tx) => setAreaOfIndividual(tx, request, request.caller, person.id, request.body.areaCode, request.body.validFrom ?? localDate()));
      return { items: await areaHistoryOf(db, person.id) };
    },
  );

  app.get(
    '/individuals/:id/areas',
    {
      config: { access: grants.listIndividualAreas },
      schema: {
        ...common,
        operationId: 'listIndividualAreas',
        summary: 'The areas an individual has lived in, latest first (the current one marked)',
        description: 'For whoever may see the individual (else 404). Audit-logged.',
        params: idParams,
        response: {
          200: answer('The individual’s areas, latest first', z.object({ items: z.array(individualAreaSchema) }), { items: [ex.individualAreaExample, ex.earlierAreaExample] }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const person = await loadVisibleIndividual(db, request.caller, request.params.id);
      const items = await areaHistoryOf(db, person.id);
      await recordAudit(db, request, request.caller, { action: 'read', individualId: person.id, resourceType: 'individual_area', resourceId: person.id });
      return { items };
    },
  );
};
