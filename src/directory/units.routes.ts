import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { organisations, units } from '../db/schema/index.js';
import { listPage, nameAndUuid, page } from '../http/pagination.js';
import { notFound, problemResponses, unprocessable } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { after, iso, startsWithCi } from '../http/sql-helpers.js';
import { DIRECTORY_KEEPERS, DIRECTORY_READERS } from './access.js';
import { createUnitBody, listUnitsQuery, unitSchema, updateUnitBody } from './schemas.js';

type Row = typeof units.$inferSelect;
const toDto = (r: Row) => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['units'], security: [{ bearerAuth: [] }] };

  app.post(
    '/units',
    {
      config: { access: DIRECTORY_KEEPERS },
      schema: {
        ...common,
        operationId: 'createUnit',
        summary: 'Register a unit (enhet) of an organisation (admin)',
        description: 'The admin registers a unit, optionally with its external code (HSA id or the time-reporting system’s code; 409 when another unit has it).',
        body: createUnitBody,
        response: { 201: unitSchema, ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const org = await db.query.organisations.findFirst({ where: eq(organisations.id, request.body.organisationId) });
      if (!org) throw unprocessable('The organisation does not exist.', { errors: [{ path: 'body.organisationId', message: 'no such organisation' }] });
      const [row] = await db.insert(units).values(request.body).returning();
      return reply.code(201).send(toDto(row!));
    },
  );

  app.get(
    '/units',
    {
      config: { access: DIRECTORY_READERS },
      schema: {
        ...common,
        operationId: 'listUnits',
        summary: 'List units, by organisation or name prefix',
        querystring: listUnitsQuery,
        response: { 200: page(unitSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      return listPage<[string, string], Row, ReturnType<typeof toDto>>(q, {
        arity: 2,
        valid: nameAndUuid,
        fetch: (key, take) =>
          db
            .select()
            .from(units)
            .where(
              and(
                q.organisationId ? eq(units.organisationId, q.organisationId) : undefined,
                q.namePrefix ? startsWithCi(units.name, q.namePrefix) : undefined,
                after(units.name, units.id, key),
              ),
            )
            .orderBy(asc(units.name), asc(units.id))
            .limit(take),
        map: toDto,
        keyOf: (r) => [r.name, r.id],
      });
    },
  );

  app.get(
    '/units/:id',
    {
      config: { access: DIRECTORY_READERS },
      schema: {
        ...common,
        operationId: 'getUnit',
        summary: 'Read a unit',
        params: idParams,
        response: { 200: unitSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const row = await db.query.units.findFirst({ where: eq(units.id, request.params.id) });
      if (!row) throw notFound('The unit');
      return toDto(row);
    },
  );

  app.patch(
    '/units/:id',
    {
      config: { access: DIRECTORY_KEEPERS },
      schema: {
        ...common,
        operationId: 'updateUnit',
        summary: 'Change a unit’s name, areas or external code (admin)',
        description: 'The admin changes a unit; `externalCode: null` removes its code (409 when another unit has the code).',
        params: idParams,
        body: updateUnitBody,
        response: { 200: unitSchema, ...problemResponses(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      const [row] = await db
        .update(units)
        .set({ ...request.body, updatedAt: new Date() })
        .where(eq(units.id, request.params.id))
        .returning();
      if (!row) throw notFound('The unit');
      return toDto(row);
    },
  );
};
