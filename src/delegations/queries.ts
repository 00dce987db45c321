import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { delegationEvents, delegations, staff } from '../db/schema/index.js';
import type { StaffFacts } from './rules.js';

/** The delegator, as a second join on staff. */
export const issuer = alias(staff, 'issuer');

/** The same derivation as `stateAt` in rules.ts, in SQL, so filters and pages agree with what a row shows. */
export const stateSql = (at: Date): SQL<string> => {
  const instant = sql`${at.toISOString()}::timestamptz`;
  const day = sql`${localDate(at)}::date`;
  return sql<string>`case
  when ${delegations.revokedAt} <= ${instant} then 'revoked'
  when ${delegations.declinedAt} <= ${instant} then 'declined'
  when ${staff.leftOn} < ${day} or ${issuer.leftOn} < ${day} then 'lapsed'
  when ${delegations.validTo} < ${day} then 'expired'
  when ${delegations.signedAt} is null or ${delegations.signedAt} > ${instant} then 'awaiting_signature'
  when ${delegations.validFrom} > ${day} then 'not_yet_valid'
  else 'active' end`;
};

/** A delegation with what the rules need of its parties: the employee's name and manager, and when either left. */
export const selectDelegations = (db: Db) =>
  db
    .select({ d: delegations, employeeName: staff.name, employeeManagerId: staff.managerId, employeeLeftOn: staff.leftOn, issuerLeftOn: issuer.leftOn })
    .from(delegations)
    .innerJoin(staff, eq(staff.id, delegations.employeeId))
    .innerJoin(issuer, eq(issuer.id, delegations.issuedBy));

export type DelegationRow = Awaited<ReturnType<ReturnType<typeof selectDelegations>['execute']>>[number];

export async function loadDelegation(db: Db, id: string): Promise<DelegationRow | undefined> {
  const [row] = await selectDelegations(db).where(eq(delegations.id, id));
  return row;
}

/** The facts the rules and access predicates read from a row. */
export const factsOf = (row: DelegationRow) => ({ ...row.d, employeeLeftOn: row.employeeLeftOn, issuerLeftOn: row.issuerLeftOn });
export const partiesOf = (row: DelegationRow) => ({ ...row.d, employeeManagerId: row.employeeManagerId });

/** A staff member as the directory holds them, or undefined. */
export async function findStaff(db: Db, id: string): Promise<(StaffFacts & { name: string; managerId: string | null }) | undefined> {
  const [row] = await db
    .select({ id: staff.id, name: staff.name, organisationId: staff.organisationId, roles: staff.roles, leftOn: staff.leftOn, managerId: staff.managerId })
    .from(staff)
    .where(eq(staff.id, id));
  return row;
}

export async function eventsOf(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(delegationEvents).where(inArray(delegationEvents.delegationId, ids)).orderBy(asc(delegationEvents.occurredAt), asc(delegationEvents.id));
}
