import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { organisations } from '../db/schema/index.js';
import { listPage, nameAndUuid, page } from '../http/pagination.js';
import { assertIfMatch, etagOf } from '../http/preconditions.js';
import { notFound, problemResponses, validationProblem } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { after, iso, startsWithCi } from '../http/sql-helpers.js';
import { DIRECTORY_KEEPERS, DIRECTORY_READERS } from './access.js';
import { parseOrganisationNumber } from './organisation-number.js';
import {
  createOrganisationBody,
  listOrganisationsQuery,
  organisationSchema,
  updateOrganisationBody,
} from './schemas.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

type Row = typeof organisations.$inferSelect;
const toDto = (r: Row) => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

function organisationNumber(input: string) {
  const parsed = parseOrganisationNumber(input);
  if (!parsed.ok) throw validationProblem([{ path: 'body.organisationNumber', message: parsed.reason }]);
  return parsed.normalised;
}

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['organisations'], security: [{ bearerAuth: [] }] };

  app.post(
    '/organisations',
    {
      config: { access: DIRECTORY_KEEPERS, idempotent: true },
      schema: {
        ...common,
        operationId: 'createOrganisation',
        summary: 'Register an organisation (admin)',
        description:
          'Adds a provider (utförare), district (beställare), city unit or the contract unit to the address book. The organisationsnummer is checked (Luhn) and stored as NNNNNN-NNNN; municipal organisations share the city’s number 212000-1355.',
        body: withExample(createOrganisationBody, ex.createOrganisationExample),
        response: { 201: answer('The organisation registered', organisationSchema, ex.organisationExample), ...problemResponses(400, 401, 403, 409, 415) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const [row] = await db
        .insert(organisations)
        .values({ ...body, organisationNumber: organisationNumber(body.organisationNumber) })
        .returning();
      return reply.code(201).send(toDto(row!));
    },
  );

  app.get(
    '/organisations',
    {
      config: { access: DIRECTORY_READERS },
      schema: {
        ...common,
        operationId: 'listOrganisations',
        summary: 'List organisations (the address book of providers, districts and city units)',
        description: 'Ordered by name; filter by `kind` or a case-insensitive `namePrefix`. Pages by cursor (`nextCursor`).',
        querystring: listOrganisationsQuery,
        response: {
          200: answer('A page of organisations, by name', page(organisationSchema), {
            items: [ex.organisationExample],
            nextCursor: 'WyJPbXNvcmcgVsOkc3QgQUIiLCIxMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDIiXQ',
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
            .from(organisations)
            .where(
              and(
                q.kind ? eq(organisations.kind, q.kind) : undefined,
                q.namePrefix ? startsWithCi(organisations.name, q.namePrefix) : undefined,
                after(organisations.name, organisations.id, key),
              ),
            )
            .orderBy(asc(organisations.name), asc(organisations.id))
            .limit(take),
        map: toDto,
        keyOf: (r) => [r.name, r.id],
      });
    },
  );

  app.get(
    '/organisations/:id',
    {
      config: { access: DIRECTORY_READERS },
      schema: {
        ...common,
        operationId: 'getOrganisation',
        summary: 'Read an organisation',
        description: 'One organisation of the address book by id; an unknown id is 404.',
        params: idParams,
        response: { 200: answer('The organisation', organisationSchema, ex.organisationExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await db.query.organisations.findFirst({ where: eq(organisations.id, request.params.id) });
      if (!row) throw notFound('The organisation');
      const dto = toDto(row);
      return reply.header('etag', etagOf(dto)).send(dto);
    },
  );

  app.patch(
    '/organisations/:id',
    {
      config: { access: DIRECTORY_KEEPERS, ifMatch: true },
      schema: {
        ...common,
        operationId: 'updateOrganisation',
        summary: 'Change an organisation (admin)',
        description: 'Changes the fields given (name, kind, organisationsnummer); the others stay.',
        params: idParams,
        body: withExample(updateOrganisationBody, ex.updateOrganisationExample),
        response: { 200: answer('The organisation as changed', organisationSchema, { ...ex.organisationExample, ...ex.updateOrganisationExample }), ...problemResponses(400, 401, 403, 404, 415) },
      },
    },
    async (request, reply) => {
      const { organisationNumber: number, ...rest } = request.body;
      const row = await db.transaction(async (tx) => {
        const [locked] = await tx.select().from(organisations).where(eq(organisations.id, request.params.id)).for('update');
        if (!locked) throw notFound('The organisation');
        assertIfMatch(request.ifMatch, toDto(locked));
        const [updated] = await tx
          .update(organisations)
          .set({ ...rest, ...(number !== undefined ? { organisationNumber: organisationNumber(number) } : {}), updatedAt: new Date() })
          .where(eq(organisations.id, locked.id))
          .returning();
        return updated!;
      });
      const dto = toDto(row);
      return reply.header('etag', etagOf(dto)).send(dto);
    },
  );
};
