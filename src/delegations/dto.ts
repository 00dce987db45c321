import { localDate } from '../calendar/local-date.js';
import { factsOf, type DelegationRow } from './queries.js';
import { daysToExpiry, stateAt } from './rules.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A delegation as the API shows it, its state derived at `now`. */
export function toDelegationDto(row: DelegationRow, now: Date) {
  const { d, employeeName } = row;
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
    state: stateAt(factsOf(row), now),
    daysToExpiry: daysToExpiry(d, localDate(now)),
    createdAt: d.createdAt.toISOString(),
    signedAt: iso(d.signedAt),
    declinedAt: iso(d.declinedAt),
    declineReason: d.declineReason,
    revokedAt: iso(d.revokedAt),
    revokedBy: d.revokedBy,
    revokeReason: d.revokeReason,
  };
}
export type DelegationDto = ReturnType<typeof toDelegationDto>;
