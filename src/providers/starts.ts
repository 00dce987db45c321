/**
 * The start of new home-care assignments (1.8.8): the provider starts within 24 hours of receipt when the need
 * requires it, otherwise contacts the individual on the next weekday to agree the first visit. The deadline is the
 * pure rule `startDeadline`; this module records receipt, first contact and first visit, and lists them.
 */
import { and, desc, eq, gte, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { Caller } from '../auth/roles.js';
import { addDays } from '../calendar/add-days.js';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { assignmentStarts, individuals, organisations, serviceAssignments } from '../db/schema/index.js';
import { conflict, notFound, unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { actsForProvider, maySeeNewAssignmentsOf } from './access.js';
import { isOverdue, metAt, startDeadline } from './rules.js';

/** In the assignment's transaction: the provider received it now. */
export async function recordReceipt(tx: Db, a: { assignmentId: string; organisationId: string; startWithin24Hours: boolean }, receivedAt = new Date()) {
  await tx.insert(assignmentStarts).values({ ...a, receivedAt });
}

const MAX_ROWS = 1000;

/**
 * New home-care assignments received since `receivedFrom` (default 30 days back) with their deadlines: the
 * provider's own, or a district's individuals' (optionally of one provider). `overdue` keeps those not met in time.
 */
export async function listNewAssignments(db: Db, c: Caller, q: { organisationId?: string | undefined; overdue?: boolean | undefined; receivedFrom?: string | undefined; assignmentId?: string }, now = new Date()) {
  const scope: SQL | undefined =
    c.organisationKind === 'district' ? and(eq(individuals.districtId, c.org), q.organisationId ? eq(assignmentStarts.organisationId, q.organisationId) : undefined) : eq(assignmentStarts.organisationId, c.org);
  if (q.organisationId && !maySeeNewAssignmentsOf(c, q.organisationId)) throw notFound('The provider');
  const from = q.receivedFrom ?? addDays(localDate(now), -30);
  const rows = await db
    .select({ s: assignmentStarts, a: serviceAssignments, individualName: individuals.name, districtId: individuals.districtId, organisationName: organisations.name })
    .from(assignmentStarts)
    .innerJoin(serviceAssignments, eq(serviceAssignments.id, assignmentStarts.assignmentId))
    .innerJoin(individuals, eq(individuals.id, serviceAssignments.individualId))
    .innerJoin(organisations, eq(organisations.id, assignmentStarts.organisationId))
    .where(and(scope, q.assignmentId ? eq(assignmentStarts.assignmentId, q.assignmentId) : gte(assignmentStarts.receivedAt, new Date(`${from}T00:00:00Z`))))
    .orderBy(desc(assignmentStarts.receivedAt))
    .limit(MAX_ROWS);
  const items = rows.map(({ s, a, individualName, districtId, organisationName }) => {
    const d = startDeadline(s.receivedAt, s.startWithin24Hours);
    const done = { firstContactAt: s.firstContactAt, firstVisitAt: s.firstVisitAt };
    const met = metAt(d, done);
    return {
      assignmentId: s.assignmentId,
      organisationId: s.organisationId,
      organisationName,
      individualId: a.individualId,
      individualName,
      districtId,
      unitId: a.unitId,
      startDate: a.startDate,
      grantedMinutesPerMonth: a.grantedMinutesPerMonth,
      receivedAt: iso(s.receivedAt),
      startWithin24Hours: s.startWithin24Hours,
      deadline: d.kind,
      dueBy: iso(d.dueBy),
      contactOn: d.contactOn,
      firstContactAt: s.firstContactAt ? iso(s.firstContactAt) : null,
      firstContactBy: s.firstContactBy,
      firstVisitAt: s.firstVisitAt ? iso(s.firstVisitAt) : null,
      firstVisitBy: s.firstVisitBy,
      metAt: met ? iso(met) : null,
      metInTime: met === null ? null : met.getTime() <= d.dueBy.getTime(),
      overdue: isOverdue(d, done, now),
    };
  });
  return items.filter((i) => !q.overdue || i.overdue).sort((x, y) => x.dueBy.localeCompare(y.dueBy));
}

/** The provider records the first contact or the first visit of one of its new assignments: once each (409). */
export async function recordStartStep(db: Db, request: FastifyRequest, c: Caller, organisationId: string, assignmentId: string, step: 'contact' | 'visit', at: Date) {
  if (!actsForProvider(c, organisationId)) throw notFound('The new assignment');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ s: assignmentStarts, individualId: serviceAssignments.individualId })
      .from(assignmentStarts)
      .innerJoin(serviceAssignments, eq(serviceAssignments.id, assignmentStarts.assignmentId))
      .where(and(eq(assignmentStarts.assignmentId, assignmentId), eq(assignmentStarts.organisationId, organisationId)))
      .for('update');
    if (!row) throw notFound('The new assignment');
    if (at.getTime() < row.s.receivedAt.getTime()) throw unprocessable('It cannot come before the assignment was received.', { errors: [{ path: 'body.at', message: `must not be before ${iso(row.s.receivedAt)}` }] });
    if (at.getTime() > Date.now() + 5 * 60_000) throw unprocessable('It cannot be in the future.', { errors: [{ path: 'body.at', message: 'must not be in the future' }] });
    const already = step === 'contact' ? row.s.firstContactAt : row.s.firstVisitAt;
    if (already) throw conflict(`The first ${step} was already recorded at ${iso(already)}.`);
    await tx
      .update(assignmentStarts)
      .set(step === 'contact' ? { firstContactAt: at, firstContactBy: c.sub } : { firstVisitAt: at, firstVisitBy: c.sub })
      .where(eq(assignmentStarts.assignmentId, assignmentId));
    await recordAudit(tx, request, c, { action: 'update', individualId: row.individualId, resourceType: 'assignment_start', resourceId: assignmentId });
  });
  const [item] = await listNewAssignments(db, c, { assignmentId });
  return item!;
}
