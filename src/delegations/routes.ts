import { and, asc, eq, gt, gte, lte, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireRole } from '../auth/plugin.js';
import { hasRole, type Principal } from '../auth/roles.js';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { delegationEvents, delegations, delegationTaskTypes, staff } from '../db/schema/index.js';
import { decodeCursor, page, toPage } from '../http/pagination.js';
import { conflict, forbidden, notFound, problemResponses, unprocessable, validationProblem, type FieldError } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { sendSystemMessage } from '../messages/system-message.js';
import { eventsOf, selectDelegations, stateSql, toCsv, toDelegationDto, type DelegationRow } from './queries.js';
import { checkQuery, createDelegationBody, delegationSchema, listDelegationsQuery, mineQuery, reasonBody, renewDelegationBody } from './schemas.js';
import { periodProblem, stateOn } from './rules.js';

type Event = 'created' | 'signed' | 'declined' | 'revoked' | 'renewed';
const logEvent = (db: Db, p: Principal, delegationId: string, event: Event, reason?: string) =>
  db.insert(delegationEvents).values({ delegationId, event, actorId: p.sub, actorOrganisationId: p.org, reason: reason ?? null });

const csvResponse = {
  200: {
    description: 'The page as JSON, or as CSV with Accept: text/csv (the next page’s cursor then comes in the x-next-cursor response header, absent on the last page)',
    content: { 'application/json': { schema: page(delegationSchema) }, 'text/csv': { schema: z.string() } },
  },
};

async function loadRow(db: Db, id: string): Promise<DelegationRow | undefined> {
  const [row] = await selectDelegations(db).where(eq(delegations.id, id));
  return row;
}

/** Who may see a delegation: the employee, the issuer, the employee's manager, licensed staff of the organisation. */
function maySee(p: Principal, row: DelegationRow): boolean {
  const d = row.d;
  if (d.organisationId !== p.org) return false;
  return p.sub === d.employeeId || p.sub === d.issuedBy || row.employeeManagerId === p.sub || hasRole(p, 'licensed');
}

async function loadVisible(db: Db, p: Principal, id: string) {
  const row = await loadRow(db, id);
  if (!row || !maySee(p, row)) throw notFound('The delegation');
  return row;
}

async function checkNew(db: Db, p: Principal, b: { employeeId?: string; taskType?: string; trainingCompletedOn: string; validFrom: string; validTo: string; singleOccasion: boolean }) {
  const errors: FieldError[] = [];
  const period = periodProblem(b.validFrom, b.validTo, b.singleOccasion);
  if (period) errors.push(period);
  if (b.trainingCompletedOn > b.validFrom) errors.push({ path: 'body.trainingCompletedOn', message: 'training or instruction comes before the delegation starts' });
  if (errors.length) throw validationProblem(errors);
  if (b.employeeId !== undefined) {
    const [employee] = await db.select().from(staff).where(eq(staff.id, b.employeeId));
    if (!employee || employee.organisationId !== p.org) throw unprocessable('The employee is not staff of your organisation.', { errors: [{ path: 'body.employeeId', message: 'no staff member of your organisation' }] });
    if (employee.id === p.sub) throw unprocessable('A delegation goes to another person.', { errors: [{ path: 'body.employeeId', message: 'you cannot delegate to yourself' }] });
    if (employee.leftOn && employee.leftOn < b.validFrom) throw unprocessable('The employee has left the organisation.', { errors: [{ path: 'body.employeeId', message: `left on ${employee.leftOn}` }] });
  }
  if (b.taskType !== undefined) {
    const [task] = await db.select().from(delegationTaskTypes).where(and(eq(delegationTaskTypes.code, b.taskType), eq(delegationTaskTypes.active, true)));
    if (!task) throw unprocessable('The task type is not delegable.', { errors: [{ path: 'body.taskType', message: 'not a delegable task type (see GET /v1/delegations/task-types)' }] });
  }
}

async function notifyManager(tx: Db, p: Principal, row: { employeeId: string; taskType: string; validFrom: string; validTo: string; id: string }, what: 'given' | 'revoked' | 'renewed', reason?: string) {
  const [employee] = await tx.select().from(staff).where(eq(staff.id, row.employeeId));
  if (!employee?.managerId) return;
  const verb = { given: 'har fått', revoked: 'har fått återkallad', renewed: 'har fått förnyad' }[what];
  await sendSystemMessage(tx, {
    fromOrganisationId: p.org,
    senderId: p.sub,
    toStaffIds: [employee.managerId],
    subject: `Delegering ${what === 'given' ? 'given' : what === 'revoked' ? 'återkallad' : 'förnyad'}: ${employee.name}`,
    body: `${employee.name} ${verb} delegering för ${row.taskType}, ${row.validFrom}–${row.validTo} (delegering ${row.id}), av ${p.sub}.${reason ? ` Skäl: ${reason}` : ''}`,
  });
}

export const delegationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['delegations'], security: [{ bearerAuth: [] }] };

  app.get(
    '/delegations/task-types',
    {
      schema: {
        ...common,
        operationId: 'listDelegationTaskTypes',
        summary: 'Delegable health-care tasks (data)',
        response: { 200: z.object({ items: z.array(z.object({ code: z.string(), nameSv: z.string(), nameEn: z.string() })) }), ...problemResponses(401) },
      },
    },
    async (request) => {
      principalOf(request);
      const rows = await db.select().from(delegationTaskTypes).where(eq(delegationTaskTypes.active, true)).orderBy(asc(delegationTaskTypes.code));
      return { items: rows.map(({ code, nameSv, nameEn }) => ({ code, nameSv, nameEn })) };
    },
  );

  app.post(
    '/delegations',
    {
      schema: {
        ...common,
        operationId: 'createDelegation',
        summary: 'Delegate a task to a named employee of your organisation (licensed)',
        description: 'Valid at most one year (SOSFS 1997:14), or one occasion. It is in force only once the employee signs it. The employee’s manager is sent a message.',
        body: createDelegationBody,
        response: { 201: delegationSchema, ...problemResponses(400, 401, 403, 415, 422) },
      },
    },
    async (request, reply) => {
      const p = requireRole(request, 'licensed');
      const b = request.body;
      await checkNew(db, p, b);
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(delegations)
          .values({ organisationId: p.org, employeeId: b.employeeId, issuedBy: p.sub, taskType: b.taskType, trainingCompletedOn: b.trainingCompletedOn, validFrom: b.validFrom, validTo: b.validTo, singleOccasion: b.singleOccasion, note: b.note ?? null })
          .returning();
        await logEvent(tx, p, row!.id, 'created');
        await notifyManager(tx, p, row!, 'given');
        return row!.id;
      });
      return reply.code(201).send(toDelegationDto((await loadRow(db, id))!, localDate()));
    },
  );

  app.get(
    '/delegations/mine',
    {
      schema: {
        ...common,
        operationId: 'listMyDelegations',
        summary: 'Your own delegations (to sign, in force, expiring), with days to expiry',
        querystring: mineQuery,
        response: { 200: z.object({ items: z.array(delegationSchema) }), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const day = localDate();
      const rows = await selectDelegations(db)
        .where(and(eq(delegations.employeeId, p.sub), eq(delegations.organisationId, p.org), request.query.state ? eq(stateSql(day), request.query.state) : undefined))
        .orderBy(asc(delegations.validTo), asc(delegations.id));
      return { items: rows.map((r) => toDelegationDto(r, day)) };
    },
  );

  app.get(
    '/delegations/check',
    {
      schema: {
        ...common,
        operationId: 'checkDelegation',
        summary: 'May this employee perform this task at this moment?',
        description: 'For the employee, their manager, licensed staff and the time-reporting system of the same organisation.',
        querystring: checkQuery,
        response: {
          200: z.object({ allowed: z.boolean(), employeeId: z.string(), taskType: z.string(), on: z.iso.date(), delegationId: z.uuid().nullable(), validTo: z.iso.date().nullable() }),
          ...problemResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const [employee] = await db.select().from(staff).where(eq(staff.id, q.employeeId));
      if (!employee || employee.organisationId !== p.org) throw notFound('The employee');
      if (!(p.sub === employee.id || employee.managerId === p.sub || hasRole(p, 'licensed', 'time_reporter'))) {
        throw forbidden('Only the employee, their manager, licensed staff or the time-reporting system asks this.');
      }
      // A misspelt code is an error in the asking system, not a silent "no" (deactivated types still answer).
      const [task] = await db.select({ code: delegationTaskTypes.code }).from(delegationTaskTypes).where(eq(delegationTaskTypes.code, q.taskType));
      if (!task) throw unprocessable('Unknown task type.', { errors: [{ path: 'query.taskType', message: 'not a task type (see GET /v1/delegations/task-types)' }] });
      const on = localDate(q.at ? new Date(q.at) : new Date());
      const [hit] = await selectDelegations(db)
        .where(and(eq(delegations.employeeId, employee.id), eq(delegations.organisationId, p.org), eq(delegations.taskType, q.taskType), eq(stateSql(on), 'active')))
        .orderBy(sql`${delegations.validTo} desc`)
        .limit(1);
      return { allowed: Boolean(hit), employeeId: employee.id, taskType: q.taskType, on, delegationId: hit?.d.id ?? null, validTo: hit?.d.validTo ?? null };
    },
  );

  app.get(
    '/delegations',
    {
      schema: {
        ...common,
        operationId: 'listDelegations',
        summary: 'Search delegations: a manager’s staff, or those a licensed staff member issued',
        description: '`reviewDueFrom`/`reviewDueTo` find those whose last valid day falls in the period (omprövning). Ordered by validTo. `Accept: text/csv` returns the page as CSV.',
        querystring: listDelegationsQuery,
        response: { ...csvResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const p = requireRole(request, 'manager', 'licensed');
      const q = request.query;
      const day = localDate();
      const key = decodeCursor<[string, string]>(q.cursor, 2);
      const scope = or(
        hasRole(p, 'manager') ? eq(staff.managerId, p.sub) : undefined,
        hasRole(p, 'licensed') ? eq(delegations.issuedBy, p.sub) : undefined,
      );
      const rows = await selectDelegations(db)
        .where(
          and(
            eq(delegations.organisationId, p.org),
            scope,
            q.employeeId ? eq(delegations.employeeId, q.employeeId) : undefined,
            q.taskType ? eq(delegations.taskType, q.taskType) : undefined,
            q.state ? eq(stateSql(day), q.state) : undefined,
            q.reviewDueFrom ? gte(delegations.validTo, q.reviewDueFrom) : undefined,
            q.reviewDueTo ? lte(delegations.validTo, q.reviewDueTo) : undefined,
            key ? or(gt(delegations.validTo, key[0]), and(eq(delegations.validTo, key[0]), gt(delegations.id, key[1]))) : undefined,
          ),
        )
        .orderBy(asc(delegations.validTo), asc(delegations.id))
        .limit(q.limit + 1);
      const result = toPage(rows, q.limit, (r) => toDelegationDto(r, day), (r) => [r.d.validTo, r.d.id]);
      if (request.headers.accept?.includes('text/csv')) {
        if (result.nextCursor) reply.header('x-next-cursor', result.nextCursor);
        return reply.type('text/csv; charset=utf-8').send(toCsv(result.items));
      }
      return result;
    },
  );

  app.get(
    '/delegations/:id',
    {
      schema: {
        ...common,
        operationId: 'getDelegation',
        summary: 'Read a delegation with its events (who did what, when)',
        params: idParams,
        response: { 200: delegationSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await loadVisible(db, p, request.params.id);
      const events = await eventsOf(db, [row.d.id]);
      return {
        ...toDelegationDto(row, localDate()),
        events: events.map((e) => ({ event: e.event as Event, actorId: e.actorId, actorOrganisationId: e.actorOrganisationId, reason: e.reason, occurredAt: e.occurredAt.toISOString() })),
      };
    },
  );

  const transition = (
    name: 'sign' | 'decline' | 'revoke',
    opts: { summary: string; description: string; operationId: string; body?: typeof reasonBody },
    apply: (tx: Db, p: Principal, row: DelegationRow, reason: string | undefined) => Promise<void>,
  ) =>
    app.post(
      `/delegations/:id/${name}`,
      {
        schema: {
          ...common,
          operationId: opts.operationId,
          summary: opts.summary,
          description: opts.description,
          params: idParams,
          ...(opts.body ? { body: opts.body } : {}),
          response: { 200: delegationSchema, ...problemResponses(400, 401, 403, 404, 409, ...(opts.body ? [415] : [])) },
        },
      },
      async (request) => {
        const p = principalOf(request);
        const reason = (request.body as { reason?: string } | undefined)?.reason;
        await db.transaction(async (tx) => {
          // Locks the row: two signatures or revocations at once cannot both pass the state check.
          await tx.select({ id: delegations.id }).from(delegations).where(eq(delegations.id, request.params.id)).for('update');
          const row = await loadVisible(tx, p, request.params.id);
          await apply(tx, p, row, reason);
        });
        return toDelegationDto((await loadRow(db, request.params.id))!, localDate());
      },
    );

  transition(
    'sign',
    { operationId: 'signDelegation', summary: 'Sign your delegation (only the employee); from then on it is in force within its dates', description: 'Both parties sign: the delegator by issuing it, the employee here.' },
    async (tx, p, row) => {
      if (row.d.employeeId !== p.sub) throw forbidden('Only the employee named in the delegation signs it; a delegation is personal.');
      const state = stateOn({ ...row.d, employeeLeftOn: row.employeeLeftOn, issuerLeftOn: row.issuerLeftOn }, localDate());
      if (state !== 'awaiting_signature') throw conflict(`The delegation cannot be signed: it is ${state}.`);
      await tx.update(delegations).set({ signedAt: new Date() }).where(eq(delegations.id, row.d.id));
      await logEvent(tx, p, row.d.id, 'signed');
    },
  );

  transition(
    'decline',
    { operationId: 'declineDelegation', summary: 'Decline, or return for completion, a delegation awaiting your signature (only the employee)', description: 'The reason tells the delegator what is missing.', body: reasonBody },
    async (tx, p, row, reason) => {
      if (row.d.employeeId !== p.sub) throw forbidden('Only the employee named in the delegation declines it.');
      const state = stateOn({ ...row.d, employeeLeftOn: row.employeeLeftOn, issuerLeftOn: row.issuerLeftOn }, localDate());
      if (state !== 'awaiting_signature') throw conflict(`The delegation cannot be declined: it is ${state}.`);
      await tx.update(delegations).set({ declinedAt: new Date(), declineReason: reason ?? null }).where(eq(delegations.id, row.d.id));
      await logEvent(tx, p, row.d.id, 'declined', reason);
    },
  );

  transition(
    'revoke',
    { operationId: 'revokeDelegation', summary: 'Revoke (återkalla) a delegation (the issuer, licensed staff of the organisation, or the employee’s manager)', description: 'The employee’s manager is sent a message.', body: reasonBody },
    async (tx, p, row, reason) => {
      if (!(p.sub === row.d.issuedBy || hasRole(p, 'licensed') || row.employeeManagerId === p.sub)) {
        throw forbidden('Only the issuer, licensed staff of the organisation or the employee’s manager revokes a delegation.');
      }
      if (row.d.revokedAt) throw conflict(`The delegation was already revoked (${row.d.revokedAt.toISOString()}).`);
      if (row.d.declinedAt) throw conflict('The delegation was declined; there is nothing to revoke.');
      await tx.update(delegations).set({ revokedAt: new Date(), revokedBy: p.sub, revokeReason: reason ?? null }).where(eq(delegations.id, row.d.id));
      await logEvent(tx, p, row.d.id, 'revoked', reason);
      await notifyManager(tx, p, row.d, 'revoked', reason);
    },
  );

  app.post(
    '/delegations/:id/renew',
    {
      schema: {
        ...common,
        operationId: 'renewDelegation',
        summary: 'Review done (omprövning): a new delegation for the same employee and task, linked to the old (licensed)',
        description: 'The new delegation needs the employee’s signature; the old one keeps its own dates.',
        params: idParams,
        body: renewDelegationBody,
        response: { 201: delegationSchema, ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const p = requireRole(request, 'licensed');
      const old = await loadVisible(db, p, request.params.id);
      if (old.d.revokedAt || old.d.declinedAt) throw conflict('A revoked or declined delegation is not renewed: issue a new one.');
      const b = request.body;
      // The employee is checked again: still in the organisation, and never the renewer themself (no self-delegation).
      await checkNew(db, p, { ...b, employeeId: old.d.employeeId, taskType: old.d.taskType });
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(delegations)
          .values({ organisationId: p.org, employeeId: old.d.employeeId, issuedBy: p.sub, taskType: old.d.taskType, trainingCompletedOn: b.trainingCompletedOn, validFrom: b.validFrom, validTo: b.validTo, singleOccasion: b.singleOccasion, note: b.note ?? null, renewedFromId: old.d.id })
          .returning();
        await logEvent(tx, p, row!.id, 'created');
        await logEvent(tx, p, old.d.id, 'renewed', `renewed as ${row!.id}`);
        await notifyManager(tx, p, row!, 'renewed');
        return row!.id;
      });
      return reply.code(201).send(toDelegationDto((await loadRow(db, id))!, localDate()));
    },
  );
};
