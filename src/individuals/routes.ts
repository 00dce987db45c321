import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/plugin.js';
import { hasRole, type Principal } from '../auth/roles.js';
import { recordAudit } from '../audit/record.js';
import type { Db } from '../db/client.js';
import { individuals, organisations } from '../db/schema/index.js';
import { maskPersonalIdentityNumber, parsePersonalIdentityNumber } from '../directory/personal-identity-number.js';
import {
  createIndividualBody,
  individualListItemSchema,
  individualSchema,
  listIndividualsQuery,
  searchIndividualsBody,
  updateIndividualBody,
} from '../directory/schemas.js';
import { decodeCursor, page, toPage } from '../http/pagination.js';
import { forbidden, problemResponses, unprocessable, validationProblem } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { after, iso, startsWithCi } from '../http/sql-helpers.js';
import { loadVisibleIndividual, visibleIndividuals } from './access.js';

type Row = typeof individuals.$inferSelect;
const coordination = (pin: string) => Number(pin.slice(6, 8)) > 60;
const toDto = (r: Row) => ({
  id: r.id,
  personalIdentityNumber: r.personalIdentityNumber,
  coordinationNumber: coordination(r.personalIdentityNumber),
  name: r.name,
  districtId: r.districtId,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});
const toListItem = (r: Row) => {
  const { personalIdentityNumber, ...rest } = toDto(r);
  return { ...rest, personalIdentityNumberMasked: maskPersonalIdentityNumber(personalIdentityNumber) };
};

function normalisePin(input: string, path: string) {
  const parsed = parsePersonalIdentityNumber(input);
  if (!parsed.ok) throw validationProblem([{ path, message: parsed.reason }]);
  return parsed.normalised;
}

/** Admin registers anyone; a case worker only individuals of their own district. */
async function checkDistrict(db: Db, p: Principal, districtId: string) {
  if (!hasRole(p, 'admin') && !(hasRole(p, 'case_worker') && p.org === districtId)) {
    throw forbidden('Only admin, or a case worker of the individual’s district, registers or changes individuals.');
  }
  const district = await db.query.organisations.findFirst({ where: eq(organisations.id, districtId) });
  if (!district || district.kind !== 'district') {
    throw unprocessable('The district does not exist.', { errors: [{ path: 'body.districtId', message: 'no such district (organisation of kind district)' }] });
  }
}

export const individualRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['individuals'], security: [{ bearerAuth: [] }] };

  app.post(
    '/individuals',
    {
      schema: {
        ...common,
        operationId: 'createIndividual',
        summary: 'Register an individual (den enskilde) (admin, or a case worker of the district)',
        body: createIndividualBody,
        response: { 201: individualSchema, ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const b = request.body;
      const pin = normalisePin(b.personalIdentityNumber, 'body.personalIdentityNumber');
      await checkDistrict(db, p, b.districtId);
      const row = await db.transaction(async (tx) => {
        const [created] = await tx.insert(individuals).values({ ...b, personalIdentityNumber: pin }).returning();
        await recordAudit(tx, request, p, { action: 'create', individualId: created!.id, resourceType: 'individual', resourceId: created!.id });
        return created!;
      });
      return reply.code(201).send(toDto(row));
    },
  );

  app.get(
    '/individuals',
    {
      schema: {
        ...common,
        operationId: 'listIndividuals',
        summary: 'List the individuals the caller may see (personal identity numbers masked)',
        description:
          'Staff see individuals their organisation serves today (insatsöversikt) or whose district it is; admin, auditor and reporting see all. Each listed individual is recorded in the audit log.',
        querystring: listIndividualsQuery,
        response: { 200: page(individualListItemSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const key = decodeCursor<[string, string]>(q.cursor, 2);
      const rows = await db
        .select()
        .from(individuals)
        .where(
          and(
            visibleIndividuals(p),
            q.districtId ? eq(individuals.districtId, q.districtId) : undefined,
            q.namePrefix ? startsWithCi(individuals.name, q.namePrefix) : undefined,
            after(individuals.name, individuals.id, key),
          ),
        )
        .orderBy(asc(individuals.name), asc(individuals.id))
        .limit(q.limit + 1);
      const result = toPage(rows, q.limit, toListItem, (r) => [r.name, r.id]);
      await recordAudit(db, request, p, result.items.map((i) => ({ action: 'list' as const, individualId: i.id, resourceType: 'individual', resourceId: i.id })));
      return result;
    },
  );

  app.post(
    '/individuals/search',
    {
      schema: {
        ...common,
        operationId: 'searchIndividualByPersonalIdentityNumber',
        summary: 'Find an individual by personal identity number (kept out of URLs and logs)',
        body: searchIndividualsBody,
        response: { 200: z.object({ items: z.array(individualSchema) }), ...problemResponses(400, 401, 415) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const pin = normalisePin(request.body.personalIdentityNumber, 'body.personalIdentityNumber');
      const rows = await db
        .select()
        .from(individuals)
        .where(and(eq(individuals.personalIdentityNumber, pin), visibleIndividuals(p)));
      await recordAudit(db, request, p, rows.map((r) => ({ action: 'search' as const, individualId: r.id, resourceType: 'individual', resourceId: r.id })));
      return { items: rows.map(toDto) };
    },
  );

  app.get(
    '/individuals/:id',
    {
      schema: {
        ...common,
        operationId: 'getIndividual',
        summary: 'Read an individual (audit-logged)',
        params: idParams,
        response: { 200: individualSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await loadVisibleIndividual(db, p, request.params.id);
      await recordAudit(db, request, p, { action: 'read', individualId: row.id, resourceType: 'individual', resourceId: row.id });
      return toDto(row);
    },
  );

  app.patch(
    '/individuals/:id',
    {
      schema: {
        ...common,
        operationId: 'updateIndividual',
        summary: 'Change an individual’s name or district (admin, or a case worker of the district)',
        params: idParams,
        body: updateIndividualBody,
        response: { 200: individualSchema, ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const current = await loadVisibleIndividual(db, p, request.params.id);
      await checkDistrict(db, p, current.districtId);
      if (request.body.districtId) await checkDistrict(db, p, request.body.districtId);
      const row = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(individuals)
          .set({ ...request.body, updatedAt: new Date() })
          .where(eq(individuals.id, current.id))
          .returning();
        await recordAudit(tx, request, p, { action: 'update', individualId: current.id, resourceType: 'individual', resourceId: current.id });
        return updated!;
      });
      return toDto(row);
    },
  );
};
