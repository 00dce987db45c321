import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requireRole } from '../auth/plugin.js';
import { hasRole, type Principal, type Role } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { organisations, staff, units } from '../db/schema/index.js';
import { decodeCursor, twoStrings, page, toPage } from '../http/pagination.js';
import { notFound, problemResponses, unprocessable, type FieldError } from '../http/problem.js';
import { after, iso, startsWithCi } from '../http/sql-helpers.js';
import { createStaffBody, listStaffQuery, staffIdParams, staffSchema, updateStaffBody } from './schemas.js';

type Row = typeof staff.$inferSelect;
const toDto = (r: Row) => ({ ...r, roles: r.roles as Role[], createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

/** Staff are visible to their own organisation; admin and auditor see everyone. */
const seesAllStaff = (p: Principal) => hasRole(p, 'admin', 'auditor');

async function checkReferences(db: Db, organisationId: string, unitId: string | null | undefined, managerId: string | null | undefined, selfId: string) {
  const errors: FieldError[] = [];
  const org = await db.query.organisations.findFirst({ where: eq(organisations.id, organisationId) });
  if (!org) errors.push({ path: 'body.organisationId', message: 'no such organisation' });
  if (unitId) {
    const unit = await db.query.units.findFirst({ where: eq(units.id, unitId) });
    if (!unit || unit.organisationId !== organisationId) errors.push({ path: 'body.unitId', message: 'no such unit in the staff member’s organisation' });
  }
  if (managerId) {
    const manager = await db.query.staff.findFirst({ where: eq(staff.id, managerId) });
    if (managerId === selfId) errors.push({ path: 'body.managerId', message: 'a staff member cannot be their own manager' });
    else if (!manager || manager.organisationId !== organisationId) errors.push({ path: 'body.managerId', message: 'no such staff member in the same organisation' });
  }
  if (errors.length) throw unprocessable('A referenced organisation, unit or manager does not fit.', { errors });
}

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['staff'], security: [{ bearerAuth: [] }] };

  app.post(
    '/staff',
    {
      schema: {
        ...common,
        operationId: 'createStaff',
        summary: 'Register a staff member (admin)',
        description: 'The id is the identity provider’s subject id, so that tokens find the staff member.',
        body: createStaffBody,
        response: { 201: staffSchema, ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      const b = request.body;
      await checkReferences(db, b.organisationId, b.unitId, b.managerId, b.id);
      const [row] = await db.insert(staff).values(b).returning();
      return reply.code(201).send(toDto(row!));
    },
  );

  app.get(
    '/staff',
    {
      schema: {
        ...common,
        operationId: 'listStaff',
        summary: 'List staff of the caller’s organisation (admin and auditor: all)',
        querystring: listStaffQuery,
        response: { 200: page(staffSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const key = decodeCursor<[string, string]>(q.cursor, 2, twoStrings);
      const rows = await db
        .select()
        .from(staff)
        .where(
          and(
            seesAllStaff(p) ? undefined : eq(staff.organisationId, p.org),
            q.organisationId ? eq(staff.organisationId, q.organisationId) : undefined,
            q.unitId ? eq(staff.unitId, q.unitId) : undefined,
            q.managerId ? eq(staff.managerId, q.managerId) : undefined,
            q.namePrefix ? startsWithCi(staff.name, q.namePrefix) : undefined,
            after(staff.name, staff.id, key),
          ),
        )
        .orderBy(asc(staff.name), asc(staff.id))
        .limit(q.limit + 1);
      return toPage(rows, q.limit, toDto, (r) => [r.name, r.id]);
    },
  );

  app.get(
    '/staff/:id',
    {
      schema: {
        ...common,
        operationId: 'getStaff',
        summary: 'Read a staff member of the caller’s organisation',
        params: staffIdParams,
        // 400: an id longer than 200 characters.
        response: { 200: staffSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await db.query.staff.findFirst({ where: eq(staff.id, request.params.id) });
      if (!row || (!seesAllStaff(p) && row.organisationId !== p.org)) throw notFound('The staff member');
      return toDto(row);
    },
  );

  app.patch(
    '/staff/:id',
    {
      schema: {
        ...common,
        operationId: 'updateStaff',
        summary: 'Change a staff member’s name, unit, roles or manager (admin)',
        params: staffIdParams,
        body: updateStaffBody,
        response: { 200: staffSchema, ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => {
      requireRole(request, 'admin');
      const current = await db.query.staff.findFirst({ where: eq(staff.id, request.params.id) });
      if (!current) throw notFound('The staff member');
      const b = request.body;
      await checkReferences(db, current.organisationId, b.unitId, b.managerId, current.id);
      const [row] = await db
        .update(staff)
        .set({ ...b, updatedAt: sql`now()` })
        .where(eq(staff.id, current.id))
        .returning();
      return toDto(row!);
    },
  );
};
