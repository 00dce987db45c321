/** What callers read about delegations: their own, one with its events, the review search, and `check`. */
import { and, asc, desc, eq, gt, gte, lte, or, sql } from 'drizzle-orm';
import { hasRole, type Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { delegations, delegationTaskTypes, staff } from '../db/schema/index.js';
import { dateAndUuid, listPage } from '../http/pagination.js';
import { forbidden, notFound, unprocessable } from '../http/problem.js';
import { knowsOfEmployee, mayAskCheck } from './access.js';
import { toDelegationDto, type DelegationDto } from './dto.js';
import { eventsOf, factsOf, findStaff, selectDelegations, stateSql, type DelegationRow } from './queries.js';
import { inForce, readAsked, type DelegationState } from './rules.js';
import { loadVisible, type DelegationEvent } from './service.js';

export async function activeTaskTypes(db: Db) {
  const rows = await db.select().from(delegationTaskTypes).where(eq(delegationTaskTypes.active, true)).orderBy(asc(delegationTaskTypes.code));
  return rows.map(({ code, nameSv, nameEn }) => ({ code, nameSv, nameEn }));
}

/** The caller's own delegations, soonest to expire first. */
export async function myDelegations(db: Db, c: Caller, state: DelegationState | undefined) {
  const now = new Date();
  const rows = await selectDelegations(db)
    .where(and(eq(delegations.employeeId, c.sub), eq(delegations.organisationId, c.org), state ? eq(stateSql(now), state) : undefined))
    .orderBy(asc(delegations.validTo), asc(delegations.id));
  return rows.map((r) => toDelegationDto(r, now));
}

/** One delegation the caller may see, with who did what when. */
export async function readDelegation(db: Db, c: Caller, id: string) {
  const row = await loadVisible(db, c, id);
  const events = await eventsOf(db, [row.d.id]);
  return {
    ...toDelegationDto(row, new Date()),
    events: events.map((e) => ({ event: e.event as DelegationEvent, actorId: e.actorId, actorOrganisationId: e.actorOrganisationId, reason: e.reason, occurredAt: e.occurredAt.toISOString() })),
  };
}

export interface DelegationSearch {
  limit: number;
  cursor?: string | undefined;
  employeeId?: string | undefined;
  taskType?: string | undefined;
  state?: DelegationState | undefined;
  reviewDueFrom?: string | undefined;
  reviewDueTo?: string | undefined;
}

/** Review search: a manager sees their staff's delegations, licensed staff those they issued; ordered by validTo. */
export function searchDelegations(db: Db, c: Caller, q: DelegationSearch) {
  const now = new Date();
  const scope = or(hasRole(c, 'manager') ? eq(staff.managerId, c.sub) : undefined, hasRole(c, 'licensed') ? eq(delegations.issuedBy, c.sub) : undefined);
  return listPage<[string, string], DelegationRow, DelegationDto>(q, {
    arity: 2,
    valid: dateAndUuid,
    fetch: (after, take) =>
      selectDelegations(db)
        .where(
          and(
            eq(delegations.organisationId, c.org),
            // Without either role the scope is empty: nothing, rather than everything.
            scope ?? sql`false`,
            q.employeeId ? eq(delegations.employeeId, q.employeeId) : undefined,
            q.taskType ? eq(delegations.taskType, q.taskType) : undefined,
            q.state ? eq(stateSql(now), q.state) : undefined,
            q.reviewDueFrom ? gte(delegations.validTo, q.reviewDueFrom) : undefined,
            q.reviewDueTo ? lte(delegations.validTo, q.reviewDueTo) : undefined,
            after ? or(gt(delegations.validTo, after[0]), and(eq(delegations.validTo, after[0]), gt(delegations.id, after[1]))) : undefined,
          ),
        )
        .orderBy(asc(delegations.validTo), asc(delegations.id))
        .limit(take),
    map: (r) => toDelegationDto(r, now),
    keyOf: (r) => [r.d.validTo, r.d.id],
  });
}

/**
 * May the employee perform the task at what was asked (see `readAsked`)? Answered by the pure rule `inForce` over
 * the employee's delegations for the task, the latest ending first.
 */
export async function checkDelegation(db: Db, c: Caller, q: { employeeId: string; taskType: string; at?: string | undefined }) {
  const employee = await findStaff(db, q.employeeId);
  if (!knowsOfEmployee(c, employee)) throw notFound('The employee');
  if (!mayAskCheck(c, employee)) throw forbidden('Only the employee, their manager, licensed staff or the time-reporting system of the organisation asks this.');
  // A misspelt code is an error in the asking system, not a silent "no" (deactivated types still answer).
  const [task] = await db.select({ code: delegationTaskTypes.code }).from(delegationTaskTypes).where(eq(delegationTaskTypes.code, q.taskType));
  if (!task) throw unprocessable('Unknown task type.', { errors: [{ path: 'query.taskType', message: 'not a task type (see GET /v1/delegations/task-types)' }] });
  const asked = readAsked(q.at, new Date());
  const rows = await selectDelegations(db)
    .where(and(eq(delegations.employeeId, employee.id), eq(delegations.organisationId, c.org), eq(delegations.taskType, q.taskType)))
    .orderBy(desc(delegations.validTo), asc(delegations.id));
  const hit = rows.find((r) => inForce(factsOf(r), asked));
  return {
    allowed: Boolean(hit),
    employeeId: employee.id,
    taskType: q.taskType,
    on: asked.day,
    at: asked.at.toISOString(),
    wholeDay: asked.wholeDay,
    delegationId: hit?.d.id ?? null,
    validTo: hit?.d.validTo ?? null,
  };
}
