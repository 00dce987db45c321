import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { individuals } from '../db/schema/index.js';
import { page } from '../http/pagination.js';
import { notFound, problemResponses } from '../http/problem.js';
import { assertIfMatch, etagOf } from '../http/preconditions.js';
import { idParams } from '../http/schemas.js';
import { INDIVIDUAL_KEEPERS, INDIVIDUAL_READERS, loadVisibleIndividual } from './access.js';
import { setAreaOfIndividual } from '../areas/service.js';
import { localDate } from '../calendar/local-date.js';
import { findByPin, individualDto, listIndividuals, normalisePin, requireKeeper } from './register.js';
import {
  createIndividualBody,
  individualListItemSchema,
  individualSchema,
  listIndividualsQuery,
  searchIndividualsBody,
  updateIndividualBody,
} from './schemas.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

const SEES =
  'Staff see individuals their organisation serves today (insatsöversikt) or whose district it is; the contract unit’s (EKU) admin, auditor and reporting see all.';

export const registerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['individuals'], security: [{ bearerAuth: [] }] };

  app.post(
    '/individuals',
    {
      config: { access: INDIVIDUAL_KEEPERS, idempotent: true },
      schema: {
        ...common,
        operationId: 'createIndividual',
        summary: 'Register an individual (den enskilde) (admin, or a case worker of the district)',
        description: 'With `areaCode` the individual’s area is recorded from today (422 when the area does not exist).',
        body: withExample(createIndividualBody, ex.createIndividualExample),
        response: { 201: answer('The individual registered (the number normalised to 12 digits)', individualSchema, ex.tolvanExample), ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const { areaCode, ...b } = request.body;
      const pin = normalisePin(b.personalIdentityNumber);
      await requireKeeper(db, request.caller, b.districtId);
      const row = await db.transaction(async (tx) => {
        const [created] = await tx.insert(individuals).values({ ...b, personalIdentityNumber: pin }).returning();
        await recordAudit(tx, request, request.caller, { action: 'create', individualId: created!.id, resourceType: 'individual', resourceId: created!.id });
        if (areaCode) await setAreaOfIndividual(tx, request, request.caller, created!.id, areaCode, localDate());
        return created!;
      });
      return reply.code(201).send(individualDto(row));
    },
  );

  app.get(
    '/individuals',
    {
      config: { access: INDIVIDUAL_READERS },
      schema: {
        ...common,
        operationId: 'listIndividuals',
        summary: 'List the individuals the caller may see (personal identity numbers masked)',
        description: `${SEES} Each listed individual is recorded in the audit log.`,
        querystring: listIndividualsQuery,
        response: {
          200: answer('A page of individuals, by name, numbers masked', page(individualListItemSchema), { items: [ex.astridListed, ex.bertilListed], nextCursor: null }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const result = await listIndividuals(db, request.caller, request.query);
      await recordAudit(db, request, request.caller, result.items.map((i) => ({ action: 'list' as const, individualId: i.id, resourceType: 'individual', resourceId: i.id })));
      return result;
    },
  );

  app.post(
    '/individuals/search',
    {
      config: { access: INDIVIDUAL_READERS },
      schema: {
        ...common,
        operationId: 'searchIndividualByPersonalIdentityNumber',
        summary: 'Find an individual by personal identity number (kept out of URLs and logs)',
        description: `${SEES} An individual the caller may not see is not found.`,
        body: withExample(searchIndividualsBody, ex.searchIndividualExample),
        response: { 200: answer('The individual with that number (none, or one)', z.object({ items: z.array(individualSchema) }), { items: [ex.astridExample] }), ...problemResponses(400, 401, 403, 415) },
      },
    },
    async (request) => {
      const rows = await findByPin(db, request.caller, normalisePin(request.body.personalIdentityNumber));
      await recordAudit(db, request, request.caller, rows.map((r) => ({ action: 'search' as const, individualId: r.id, resourceType: 'individual', resourceId: r.id })));
      return { items: rows.map(individualDto) };
    },
  );

  app.get(
    '/individuals/:id',
    {
      config: { access: INDIVIDUAL_READERS },
      schema: {
        ...common,
        operationId: 'getIndividual',
        summary: 'Read an individual (audit-logged)',
        description: `${SEES} Anyone else gets 404.`,
        params: idParams,
        response: { 200: answer('The individual', individualSchema, ex.astridExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await loadVisibleIndividual(db, request.caller, request.params.id);
      await recordAudit(db, request, request.caller, { action: 'read', individualId: row.id, resourceType: 'individual', resourceId: row.id });
      const dto = individualDto(row);
      return reply.header('etag', etagOf(dto)).send(dto);
    },
  );

  app.patch(
    '/individuals/:id',
    {
      config: { access: INDIVIDUAL_KEEPERS, ifMatch: true },
      schema: {
        ...common,
        operationId: 'updateIndividual',
        summary: 'Change an individual’s name or district (admin, or a case worker of the district)',
        description: 'A case worker changes individuals of their own district and cannot move one to another district.',
        params: idParams,
        body: withExample(updateIndividualBody, ex.updateIndividualExample),
        response: { 200: answer('The individual as changed', individualSchema, { ...ex.astridExample, name: 'Astrid Andersson Ek' }), ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const current = await loadVisibleIndividual(db, request.caller, request.params.id);
      await requireKeeper(db, request.caller, current.districtId);
      if (request.body.districtId) await requireKeeper(db, request.caller, request.body.districtId);
      const row = await db.transaction(async (tx) => {
        // If-Match is compared with the row as it stands, locked until the update commits.
        const [locked] = await tx.select().from(individuals).where(eq(individuals.id, current.id)).for('update');
        if (!locked) throw notFound('The individual');
        assertIfMatch(request.ifMatch, individualDto(locked));
        const [updated] = await tx
          .update(individuals)
          .set({ ...request.body, updatedAt: new Date() })
          .where(eq(individuals.id, current.id))
          .returning();
        await recordAudit(tx, request, request.caller, { action: 'update', individualId: current.id, resourceType: 'individual', resourceId: current.id });
        return updated!;
      });
      const dto = individualDto(row);
      return reply.header('etag', etagOf(dto)).send(dto);
    },
  );
};
