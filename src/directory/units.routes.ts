import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { organisations, units } from '../db/schema/index.js';
import { listPage, nameAndUuid, page } from '../http/pagination.js';
import { assertIfMatch, etagOf } from '../http/preconditions.js';
import { notFound, problemResponses, unprocessable } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { after, iso, startsWithCi } from '../http/sql-helpers.js';
import { DIRECTORY_KEEPERS, DIRECTORY_READERS } from './access.js';
import { createUnitBody, listUnitsQuery, unitSchema, updateUnitBody } from './schemas.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

type Row = typeof units.$inferSelect;
const toDto = (r: Row) => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['units'], security: [{ bearerAuth: [] }] };

  app.post(
    '/units',
    {
      config: { access: DIRECTORY_KEEPERS, idempotent: true },
      schema: {
        ...common,
        operationId: 'createUnit',
        summary: 'Register a unit (enhet) of an organisation (admin)',
        description: 'A team or site of an organisation, with the geographic areas (of the city’s 35) it serves and, optionally, its external code (HSA id or the time-reporting system’s code; 409 when another unit has it). The organisation must exist (422 otherwise).',
        body: withExample(createUnitBody, ex.createUnitExample),
        response: { 201: answer('The unit registered', unitSchema, ex.unitExample), ...problemResponses(400, 401, 403, 409, 415, 422) },
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
        description: 'Ordered by name; filter by `organisationId` or a case-insensitive `namePrefix`. Pages by cursor (`nextCursor`).',
        querystring: listUnitsQuery,
        response: {
          200: answer('A page of units, by name', page(unitSchema), {
            items: [ex.unitExample],
            nextCursor: 'WyJPbXNvcmcgVsOkc3QgQ2VudHJ1bSIsIjIwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMSJd',
          }), ...problemResponses(400, 401, 403) },
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
        description: 'One unit by id; an unknown id is 404.',
        params: idParams,
        response: { 200: answer('The unit', unitSchema, ex.unitExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await db.query.units.findFirst({ where: eq(units.id, request.params.id) });
      if (!row) throw notFound('The unit');
      const dto = toDto(row);
      return reply.header('etag', etagOf(dto)).send(dto);
    },
  );

  app.patch(
    '/units/:id',
    {
      config: { access: DIRECTORY_KEEPERS, ifMatch: true },
      schema: {
        ...common,
        operationId: 'updateUnit',
        summary: 'Change a unit’s name, areas or external code (admin)',
        description: 'Changes the fields given; `areas` replaces the whole list; `externalCode: null` removes the unit’s code (409 when another unit has the code).',
        params: idParams,
        body: withExample(updateUnitBody, ex.updateUnitExample),
        response: { 200: answer('The unit as changed', unitSchema, { ...ex.unitExample, areas: ['Centrum', 'Majorna-Linné', 'Johanneberg'] }), ...problemResponses(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      const row = await db.transaction(async (tx) => {
        const [locked] = await tx.select().from(units).where(eq(units.id, request.params.id)).for('update');
        if (!locked) throw notFound('The unit');
        assertIfMatch(request.ifMatch, toDto(locked));
        const [updated] = await tx
          .update(units)
          .set({ ...request.body, updatedAt: new Date() })
          .where(eq(units.id, locked.id))
          .returning();
        return updated!;
      });
      const dto = toDto(row);
      return reply.header('etag', etagOf(dto)).send(dto);
    },
  );
};
