import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staff } from '../db/schema/index.js';
import { page } from '../http/pagination.js';
import { etagOf } from '../http/preconditions.js';
import { notFound, problemResponses } from '../http/problem.js';
import { DIRECTORY_KEEPERS, DIRECTORY_READERS, seesStaffMember } from './access.js';
import { createStaffBody, listStaffQuery, staffIdParams, staffSchema, updateStaffBody } from './schemas.js';
import { changeStaff, listStaff, registerStaff, staffDto } from './staff.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

const SEES = 'Staff of the caller’s own organisation; the contract unit’s admin and auditor see everyone.';

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['staff'], security: [{ bearerAuth: [] }] };

  app.post(
    '/staff',
    {
      config: { access: DIRECTORY_KEEPERS, idempotent: true },
      schema: {
        ...common,
        operationId: 'createStaff',
        summary: 'Register a staff member (admin)',
        description:
          'The id is the identity provider’s subject id, so that tokens find the staff member; an id registered for a system (API client) is 409. Roles the staff member’s organisation cannot hold (admin, auditor and reporting belong to the contract unit, case_worker to a district, care roles to providers; time_reporter to systems) are 422.',
        body: withExample(createStaffBody, ex.createStaffExample),
        response: { 201: answer('The staff member registered', staffSchema, ex.staffExample), ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await registerStaff(db, request.body);
      // A token of this id refused a moment ago (no such staff member) is honoured at once.
      app.callers.forget(created.id);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/staff',
    {
      config: { access: DIRECTORY_READERS },
      schema: {
        ...common,
        operationId: 'listStaff',
        summary: 'List staff of the caller’s organisation (admin and auditor: all)',
        description: `${SEES} A filter on another organisation shows nothing.`,
        querystring: listStaffQuery,
        response: {
          200: answer('A page of staff, by name', page(staffSchema), {
            items: [ex.staffExample, ex.nurseExample],
            nextCursor: null,
          }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listStaff(db, request.caller, request.query),
  );

  app.get(
    '/staff/:id',
    {
      config: { access: DIRECTORY_READERS },
      schema: {
        ...common,
        operationId: 'getStaff',
        summary: 'Read a staff member of the caller’s organisation',
        description: `${SEES} Anyone else is 404.`,
        params: staffIdParams,
        // 400: an id longer than 200 characters.
        response: { 200: answer('The staff member', staffSchema, ex.staffExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await db.query.staff.findFirst({ where: eq(staff.id, request.params.id) });
      if (!row || !seesStaffMember(request.caller, row)) throw notFound('The staff member');
      const dto = staffDto(row);
      return reply.header('etag', etagOf(dto)).send(dto);
    },
  );

  app.patch(
    '/staff/:id',
    {
      config: { access: DIRECTORY_KEEPERS, ifMatch: true },
      schema: {
        ...common,
        operationId: 'updateStaff',
        summary: 'Change a staff member’s name, unit, roles, manager or last day (admin)',
        description: 'A last day (leftOn) in the past refuses the person’s tokens from this request on.',
        params: staffIdParams,
        body: withExample(updateStaffBody, ex.updateStaffExample),
        response: { 200: answer('The staff member as changed', staffSchema, { ...ex.staffExample, roles: ['care_staff', 'it_contact'] }), ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const changed = await changeStaff(db, request.params.id, request.body, request.ifMatch);
      // The binding caches who a token's subject is: a last day in the past must refuse the person now, not later.
      app.callers.forget(changed.id);
      return reply.header('etag', etagOf(changed)).send(changed);
    },
  );
};
