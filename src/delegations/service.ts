/**
 * The actions on delegations, each in one transaction with its event: issue, renew, sign, decline, revoke.
 * The rules are pure (rules.ts), who may act is access.ts; this module reads, checks and writes.
 */
import { and, eq } from 'drizzle-orm';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { delegationEvents, delegations, delegationTaskTypes } from '../db/schema/index.js';
import { conflict, forbidden, notFound, unprocessable, validationProblem, type FieldError } from '../http/problem.js';
import { sendSystemMessage } from '../messages/system-message.js';
import { isTheEmployee, mayRevokeDelegation, maySeeDelegation } from './access.js';
import { factsOf, findStaff, loadDelegation, partiesOf, type DelegationRow } from './queries.js';
import { employeeProblem, issuerProblem, periodProblem, stateAt } from './rules.js';

export type DelegationEvent = 'created' | 'signed' | 'declined' | 'revoked' | 'renewed';

const logEvent = (db: Db, c: Caller, delegationId: string, event: DelegationEvent, reason?: string) =>
  db.insert(delegationEvents).values({ delegationId, event, actorId: c.sub, actorOrganisationId: c.org, reason: reason ?? null });

/** A delegation the caller may see, or 404 (never 403: that would confirm it exists). */
export async function loadVisible(db: Db, c: Caller, id: string): Promise<DelegationRow> {
  const row = await loadDelegation(db, id);
  if (!row || !maySeeDelegation(c, partiesOf(row))) throw notFound('The delegation');
  return row;
}

interface Period {
  trainingCompletedOn: string;
  validFrom: string;
  validTo: string;
  singleOccasion: boolean;
  note?: string | undefined;
}

/**
 * Everything a new delegation (issued or renewed) must satisfy: its period (400), the caller as licensed staff in
 * the directory (422), an employee of the organisation who is not the caller (422), a delegable task (422).
 * `employeePath` names where the employee came from: the body when issued, the renewed delegation when renewed.
 */
async function checkNew(db: Db, c: Caller, b: Period & { employeeId: string; taskType: string }, employeePath: string) {
  const errors: FieldError[] = [];
  const period = periodProblem(b.validFrom, b.validTo, b.singleOccasion);
  if (period) errors.push(period);
  if (b.trainingCompletedOn > b.validFrom) errors.push({ path: 'body.trainingCompletedOn', message: 'training or instruction comes before the delegation starts' });
  if (errors.length) throw validationProblem(errors);
  const issuerRefusal = issuerProblem(await findStaff(db, c.sub), c.org, b.validFrom);
  if (issuerRefusal) throw unprocessable(issuerRefusal);
  const employeeRefusal = employeeProblem(await findStaff(db, b.employeeId), c.org, c.sub, b.validFrom);
  if (employeeRefusal) throw unprocessable(employeeRefusal.detail, { errors: [{ path: employeePath, message: employeeRefusal.message }] });
  const [task] = await db.select().from(delegationTaskTypes).where(and(eq(delegationTaskTypes.code, b.taskType), eq(delegationTaskTypes.active, true)));
  if (!task) throw unprocessable('The task type is not delegable.', { errors: [{ path: 'body.taskType', message: 'not a delegable task type (see GET /v1/delegations/task-types)' }] });
}

type Notice = 'given' | 'revoked' | 'renewed';
const NOTICE_SV: Record<Notice, { subject: string; verb: string }> = {
  given: { subject: 'given', verb: 'har fått' },
  revoked: { subject: 'återkallad', verb: 'har fått återkallad' },
  renewed: { subject: 'förnyad', verb: 'har fått förnyad' },
};

/** The employee's manager is told, in the same transaction as the change. */
async function notifyManager(tx: Db, c: Caller, d: { id: string; employeeId: string; taskType: string; validFrom: string; validTo: string }, what: Notice, reason?: string) {
  const employee = await findStaff(tx, d.employeeId);
  if (!employee?.managerId) return;
  const { subject, verb } = NOTICE_SV[what];
  await sendSystemMessage(tx, {
    fromOrganisationId: c.org,
    senderId: c.sub,
    toStaffIds: [employee.managerId],
    subject: `Delegering ${subject}: ${employee.name}`,
    body: `${employee.name} ${verb} delegering för ${d.taskType}, ${d.validFrom}–${d.validTo} (delegering ${d.id}), av ${c.sub}.${reason ? ` Skäl: ${reason}` : ''}`,
  });
}

/** Issues a delegation from the caller to a named employee; returns its id. */
export async function issueDelegation(db: Db, c: Caller, b: Period & { employeeId: string; taskType: string }): Promise<string> {
  await checkNew(db, c, b, 'body.employeeId');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(delegations)
      .values({ organisationId: c.org, employeeId: b.employeeId, issuedBy: c.sub, taskType: b.taskType, trainingCompletedOn: b.trainingCompletedOn, validFrom: b.validFrom, validTo: b.validTo, singleOccasion: b.singleOccasion, note: b.note ?? null })
      .returning();
    await logEvent(tx, c, row!.id, 'created');
    await notifyManager(tx, c, row!, 'given');
    return row!.id;
  });
}

/**
 * Review done (omprövning): a new delegation from the caller for the same employee and task, linked to the old.
 * The caller becomes the delegator, so the same checks as issuing apply: a licensed nurse never renews one issued
 * to herself.
 */
export async function renewDelegation(db: Db, c: Caller, oldId: string, b: Period): Promise<string> {
  const old = await loadVisible(db, c, oldId);
  if (old.d.revokedAt || old.d.declinedAt) throw conflict('A revoked or declined delegation is not renewed: issue a new one.');
  await checkNew(db, c, { ...b, employeeId: old.d.employeeId, taskType: old.d.taskType }, 'params.id');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(delegations)
      .values({ organisationId: c.org, employeeId: old.d.employeeId, issuedBy: c.sub, taskType: old.d.taskType, trainingCompletedOn: b.trainingCompletedOn, validFrom: b.validFrom, validTo: b.validTo, singleOccasion: b.singleOccasion, note: b.note ?? null, renewedFromId: old.d.id })
      .returning();
    await logEvent(tx, c, row!.id, 'created');
    await logEvent(tx, c, old.d.id, 'renewed', `renewed as ${row!.id}`);
    await notifyManager(tx, c, row!, 'renewed');
    return row!.id;
  });
}

/** Runs `apply` on the locked row: two signatures or revocations at once cannot both pass the state check. */
async function onLocked(db: Db, c: Caller, id: string, apply: (tx: Db, row: DelegationRow, now: Date) => Promise<void>) {
  await db.transaction(async (tx) => {
    await tx.select({ id: delegations.id }).from(delegations).where(eq(delegations.id, id)).for('update');
    const row = await loadVisible(tx, c, id);
    await apply(tx, row, new Date());
  });
}

/** The employee signs: from this instant the delegation is in force within its dates (the delegator signed by issuing). */
export const signDelegation = (db: Db, c: Caller, id: string) =>
  onLocked(db, c, id, async (tx, row, now) => {
    if (!isTheEmployee(c, partiesOf(row))) throw forbidden('Only the employee named in the delegation signs it; a delegation is personal.');
    const state = stateAt(factsOf(row), now);
    if (state !== 'awaiting_signature') throw conflict(`The delegation cannot be signed: it is ${state}.`);
    await tx.update(delegations).set({ signedAt: now }).where(eq(delegations.id, row.d.id));
    await logEvent(tx, c, row.d.id, 'signed');
  });

/** The employee declines it, or returns it for completion, with a reason for the delegator. */
export const declineDelegation = (db: Db, c: Caller, id: string, reason: string) =>
  onLocked(db, c, id, async (tx, row, now) => {
    if (!isTheEmployee(c, partiesOf(row))) throw forbidden('Only the employee named in the delegation declines it.');
    const state = stateAt(factsOf(row), now);
    if (state !== 'awaiting_signature') throw conflict(`The delegation cannot be declined: it is ${state}.`);
    await tx.update(delegations).set({ declinedAt: now, declineReason: reason }).where(eq(delegations.id, row.d.id));
    await logEvent(tx, c, row.d.id, 'declined', reason);
  });

/** Revocation (återkallelse), with a reason; the employee's manager is told. */
export const revokeDelegation = (db: Db, c: Caller, id: string, reason: string) =>
  onLocked(db, c, id, async (tx, row, now) => {
    if (!mayRevokeDelegation(c, partiesOf(row))) throw forbidden('Only the delegator, licensed staff of the organisation or the employee’s manager revokes a delegation.');
    if (row.d.revokedAt) throw conflict(`The delegation was already revoked (${row.d.revokedAt.toISOString()}).`);
    if (row.d.declinedAt) throw conflict('The delegation was declined; there is nothing to revoke.');
    await tx.update(delegations).set({ revokedAt: now, revokedBy: c.sub, revokeReason: reason }).where(eq(delegations.id, row.d.id));
    await logEvent(tx, c, row.d.id, 'revoked', reason);
    await notifyManager(tx, c, row.d, 'revoked', reason);
  });
