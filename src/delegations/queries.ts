import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { delegationEvents, delegations, staff } from '../db/schema/index.js';
import { daysToExpiry, stateOn } from './rules.js';

/** The same derivation as `stateOn`, in SQL, so filters and pages agree with what a row shows. */
/** The delegator, as a second join on staff. */
export const issuer = alias(staff, 'issuer');

export const stateSql = (day: string): SQL<string> => sql<string>`case
  when ${delegations.revokedAt} is not null then 'revoked'
  when ${delegations.declinedAt} is not null then 'declined'
  when ${staff.leftOn} < ${day} or ${issuer.leftOn} < ${day} then 'lapsed'
  when ${delegations.validTo} < ${day} then 'expired'
  when ${delegations.signedAt} is null then 'awaiting_signature'
  when ${delegations.validFrom} > ${day} then 'not_yet_valid'
  else 'active' end`;

export const selectDelegations = (db: Db) =>
  db
    .select({ d: delegations, employeeName: staff.name, employeeManagerId: staff.managerId, employeeLeftOn: staff.leftOn, issuerLeftOn: issuer.leftOn })
    .from(delegations)
    .innerJoin(staff, eq(staff.id, delegations.employeeId))
    .leftJoin(issuer, eq(issuer.id, delegations.issuedBy));

export type DelegationRow = Awaited<ReturnType<ReturnType<typeof selectDelegations>['execute']>>[number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDelegationDto({ d, employeeName, employeeLeftOn, issuerLeftOn }: DelegationRow, day: string) {
  return {
    id: d.id,
    organisationId: d.organisationId,
    employeeId: d.employeeId,
    employeeName,
    issuedBy: d.issuedBy,
    taskType: d.taskType,
    trainingCompletedOn: d.trainingCompletedOn,
    validFrom: d.validFrom,
    validTo: d.validTo,
    singleOccasion: d.singleOccasion,
    note: d.note,
    renewedFromId: d.renewedFromId,
    state: stateOn({ ...d, employeeLeftOn, issuerLeftOn }, day),
    daysToExpiry: daysToExpiry(d, day),
    createdAt: d.createdAt.toISOString(),
    signedAt: iso(d.signedAt),
    declinedAt: iso(d.declinedAt),
    declineReason: d.declineReason,
    revokedAt: iso(d.revokedAt),
    revokedBy: d.revokedBy,
    revokeReason: d.revokeReason,
  };
}

export async function eventsOf(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(delegationEvents).where(inArray(delegationEvents.delegationId, ids)).orderBy(asc(delegationEvents.occurredAt), asc(delegationEvents.id));
}

const CSV_COLUMNS = ['id', 'employeeId', 'employeeName', 'taskType', 'issuedBy', 'validFrom', 'validTo', 'singleOccasion', 'state', 'daysToExpiry', 'signedAt', 'revokedAt'] as const;

/** RFC 4180 CSV for reporting scripts; a leading =,+,-,@, tab or CR is quoted away so spreadsheets do not run it. */
export function toCsv(rows: ReturnType<typeof toDelegationDto>[]): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
