import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { csvDialectOf, sendCsv } from '../http/csv.js';
import { page } from '../http/pagination.js';
import { problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { delegationGrants as grants } from './access.js';
import { delegationsCsv } from './csv.js';
import { toDelegationDto } from './dto.js';
import { loadDelegation } from './queries.js';
import { activeTaskTypes, checkDelegation, myDelegations, readDelegation, searchDelegations } from './reads.js';
import { checkAnswer, checkQuery, createDelegationBody, delegationSchema, listDelegationsQuery, mineQuery, reasonBody, renewDelegationBody } from './schemas.js';
import { declineDelegation, issueDelegation, renewDelegation, revokeDelegation, signDelegation } from './service.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

const csvResponse = {
  200: {
    description: 'The page as JSON, or as CSV with Accept: text/csv (the next page’s cursor then comes in the x-next-cursor response header, absent on the last page)',
    content: {
      'application/json': { schema: withExample(page(delegationSchema), { items: [ex.signedDelegationExample], nextCursor: null }) },
      'text/csv': { schema: withExample(z.string(), ex.delegationsCsvExample) },
    },
  },
};

/** The delegation as it stands after an action. */
const current = async (db: Db, id: string) => toDelegationDto((await loadDelegation(db, id))!, new Date());

export const delegationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['delegations'], security: [{ bearerAuth: [] }] };

  app.get(
    '/delegations/task-types',
    {
      config: { access: grants.listDelegationTaskTypes },
      schema: {
        ...common,
        operationId: 'listDelegationTaskTypes',
        summary: 'Delegable health-care tasks (data)',
        description: 'The task codes a delegation names (`taskType`), with Swedish and English names.',
        response: {
          200: answer('The delegable tasks', z.object({ items: z.array(z.object({ code: z.string(), nameSv: z.string(), nameEn: z.string() })) }), ex.taskTypesExample), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: await activeTaskTypes(db) }),
  );

  app.post(
    '/delegations',
    {
      config: { access: grants.createDelegation, idempotent: true },
      schema: {
        ...common,
        operationId: 'createDelegation',
        summary: 'Delegate a task to a named employee of your organisation (licensed)',
        description:
          'The delegator is the caller, who must be licensed staff (legitimerad personal) of the organisation in the directory (422 otherwise), and never the employee. ' +
          'Valid at most one year (SOSFS 1997:14), or one occasion. It is in force only from the instant the employee signs it. The employee’s manager is sent a message.',
        body: withExample(createDelegationBody, ex.createDelegationExample),
        response: { 201: answer('The delegation issued, awaiting the employee’s signature', delegationSchema, ex.delegationExample), ...problemResponses(400, 401, 403, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await current(db, await issueDelegation(db, request.caller, request.body))),
  );

  app.get(
    '/delegations/mine',
    {
      config: { access: grants.listMyDelegations },
      schema: {
        ...common,
        operationId: 'listMyDelegations',
        summary: 'Your own delegations (to sign, in force, expiring), with days to expiry',
        description: 'The delegations given to you, optionally in one `state`, ordered by their last valid day.',
        querystring: mineQuery,
        response: {
          200: answer('Your delegations', z.object({ items: z.array(delegationSchema) }), { items: [ex.signedDelegationExample, ex.declinedDelegationExample] }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await myDelegations(db, request.caller, request.query.state) }),
  );

  app.get(
    '/delegations/check',
    {
      config: { access: grants.checkDelegation },
      schema: {
        ...common,
        operationId: 'checkDelegation',
        summary: 'May this employee perform this task at this moment (or on this day)?',
        description:
          'For the employee, their manager, licensed staff and the time-reporting system of the same organisation; an employee of another organisation is 404. ' +
          'A delegation is in force from the instant the employee signed it, never before, on its own dates (local dates in Göteborg). ' +
          'Asked about an earlier moment, it answers as things stood then: a delegation revoked later was in force before its revocation. ' +
          '`at` as a date asks about that whole day (see the parameter).',
        querystring: checkQuery,
        response: { 200: answer('Whether the delegation is in force then', checkAnswer, ex.checkExample), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => checkDelegation(db, request.caller, request.query),
  );

  app.get(
    '/delegations',
    {
      config: { access: grants.listDelegations },
      schema: {
        ...common,
        operationId: 'listDelegations',
        summary: 'Search delegations: a manager’s staff, or those a licensed staff member issued',
        description: '`reviewDueFrom`/`reviewDueTo` find those whose last valid day falls in the period (omprövning). Ordered by validTo. `Accept: text/csv` (or `?format=csv`) returns the page as CSV; `csvDialect=excel-sv` for a spreadsheet set to Swedish.',
        querystring: listDelegationsQuery,
        response: { ...csvResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await searchDelegations(db, request.caller, request.query);
      const dialect = csvDialectOf(request);
      if (!dialect) return result;
      if (result.nextCursor) reply.header('x-next-cursor', result.nextCursor);
      return sendCsv(reply, delegationsCsv.table(result.items), dialect);
    },
  );

  app.get(
    '/delegations/:id',
    {
      config: { access: grants.getDelegation },
      schema: {
        ...common,
        operationId: 'getDelegation',
        summary: 'Read a delegation with its events (who did what, when)',
        description: 'For the employee, the delegator, the employee’s manager and licensed staff of the organisation; 404 for anyone else.',
        params: idParams,
        response: { 200: answer('The delegation with its events', delegationSchema, ex.delegationWithEventsExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => readDelegation(db, request.caller, request.params.id),
  );

  app.post(
    '/delegations/:id/sign',
    {
      config: { access: grants.signDelegation },
      schema: {
        ...common,
        operationId: 'signDelegation',
        summary: 'Sign your delegation (only the employee); from that instant it is in force within its dates',
        description: 'Both parties sign: the delegator by issuing it, the employee here.',
        params: idParams,
        response: { 200: answer('The delegation, signed and in force within its dates', delegationSchema, ex.signedDelegationExample), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await signDelegation(db, request.caller, request.params.id);
      return current(db, request.params.id);
    },
  );

  app.post(
    '/delegations/:id/decline',
    {
      config: { access: grants.declineDelegation },
      schema: {
        ...common,
        operationId: 'declineDelegation',
        summary: 'Decline, or return for completion, a delegation awaiting your signature (only the employee)',
        description: 'The reason tells the delegator what is missing.',
        params: idParams,
        body: withExample(reasonBody, ex.declineExample),
        response: { 200: answer('The delegation, declined', delegationSchema, ex.declinedDelegationExample), ...problemResponses(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      await declineDelegation(db, request.caller, request.params.id, request.body.reason);
      return current(db, request.params.id);
    },
  );

  app.post(
    '/delegations/:id/revoke',
    {
      config: { access: grants.revokeDelegation },
      schema: {
        ...common,
        operationId: 'revokeDelegation',
        summary: 'Revoke (återkalla) a delegation (the delegator, licensed staff of the organisation, or the employee’s manager)',
        description: 'The employee’s manager is sent a message.',
        params: idParams,
        body: withExample(reasonBody, ex.revokeExample),
        response: { 200: answer('The delegation, revoked', delegationSchema, ex.revokedDelegationExample), ...problemResponses(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      await revokeDelegation(db, request.caller, request.params.id, request.body.reason);
      return current(db, request.params.id);
    },
  );

  app.post(
    '/delegations/:id/renew',
    {
      config: { access: grants.renewDelegation, idempotent: true },
      schema: {
        ...common,
        operationId: 'renewDelegation',
        summary: 'Review done (omprövning): a new delegation for the same employee and task, linked to the old (licensed)',
        description:
          'The caller becomes the delegator: licensed staff of the organisation in the directory, and never the employee (a delegation issued to you is renewed by someone else: 422). ' +
          'The new delegation needs the employee’s signature; the old one keeps its own dates.',
        params: idParams,
        body: withExample(renewDelegationBody, ex.renewExample),
        response: { 201: answer('The new delegation, linked to the old, awaiting signature', delegationSchema, ex.renewedDelegationExample), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await current(db, await renewDelegation(db, request.caller, request.params.id, request.body))),
  );
};
