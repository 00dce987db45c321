/**
 * Pure rules of digital delegation (SOSFS 1997:14): validity, who may be the parties, and the state at an instant.
 * The state is derived, never stored; `stateSql` in queries.ts is the same derivation for filters and pages.
 */
import { addDays } from '../calendar/add-days.js';
import { localDate } from '../calendar/local-date.js';
import { localMidnight } from '../calendar/local-time.js';

export type DelegationState = 'awaiting_signature' | 'not_yet_valid' | 'active' | 'expired' | 'lapsed' | 'declined' | 'revoked';

/** The dates of a delegation are local dates in Göteborg. */
export const DELEGATION_TIME_ZONE = 'Europe/Stockholm';

export interface DelegationFacts {
  validFrom: string;
  validTo: string;
  /** The instant the employee signed: the delegator signs by issuing, so from here on both have signed. */
  signedAt: Date | null;
  declinedAt: Date | null;
  revokedAt: Date | null;
  /** The last day the employee, or the delegator, was in the organisation. */
  employeeLeftOn?: string | null;
  issuerLeftOn?: string | null;
}

const toUtc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last day a delegation from `validFrom` may run: one year later, less a day (29 Feb → 28 Feb next year). */
export function maxValidTo(validFrom: string): string {
  const y = Number(validFrom.slice(0, 4));
  const m = Number(validFrom.slice(5, 7)) - 1;
  const d = Number(validFrom.slice(8, 10));
  // Date.UTC rolls 29 Feb of a non-leap year into 1 Mar, so the day before is 28 Feb.
  return fromUtc(Date.UTC(y + 1, m, d) - 86_400_000);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}

/** Why a period is refused, or null. A single occasion is one day. */
export function periodProblem(validFrom: string, validTo: string, singleOccasion: boolean): { path: string; message: string } | null {
  if (validTo < validFrom) return { path: 'body.validTo', message: 'must not be before validFrom' };
  if (singleOccasion && validTo !== validFrom) return { path: 'body.validTo', message: 'a single-occasion delegation is valid on one day: validTo must equal validFrom' };
  if (validTo > maxValidTo(validFrom)) return { path: 'body.validTo', message: `a delegation is valid at most one year (last day ${maxValidTo(validFrom)})` };
  return null;
}

/** A staff member as the directory holds them. */
export interface StaffFacts {
  id: string;
  organisationId: string;
  roles: readonly string[];
  leftOn: string | null;
}

/**
 * Why this person may not issue a delegation of `organisationId` starting `validFrom`, or null. The delegator is
 * licensed staff (legitimerad personal) by the directory, not by a token's claim, and is still there when it starts.
 */
export function issuerProblem(issuer: StaffFacts | undefined, organisationId: string, validFrom: string): string | null {
  if (!issuer || issuer.organisationId !== organisationId) return 'The delegator must be staff of the organisation in the directory.';
  if (!issuer.roles.includes('licensed')) return 'Only licensed staff (legitimerad personal) delegate, and the directory does not list you as licensed.';
  if (issuer.leftOn !== null && issuer.leftOn < validFrom) return `You leave the organisation on ${issuer.leftOn}, before the delegation would start.`;
  return null;
}

/** Why `employee` may not receive a delegation from `issuerId`, or null. A delegation always goes to another person. */
export function employeeProblem(employee: StaffFacts | undefined, organisationId: string, issuerId: string, validFrom: string): { detail: string; message: string } | null {
  if (!employee || employee.organisationId !== organisationId) return { detail: 'The employee is not staff of your organisation.', message: 'no staff member of your organisation' };
  if (employee.id === issuerId) return { detail: 'A delegation goes to another person: nobody delegates to themself.', message: 'you cannot delegate to yourself' };
  if (employee.leftOn !== null && employee.leftOn < validFrom) return { detail: 'The employee has left the organisation.', message: `left on ${employee.leftOn}` };
  return null;
}

/**
 * The state at an instant. In force (`active`) from the instant the employee signed, never before, and only on its
 * own dates (local dates in Göteborg). A revocation or a decline counts from its own instant, so a question about
 * an earlier moment is answered as things stood then. It lapses after the last day either party was in the
 * organisation.
 */
export function stateAt(d: DelegationFacts, at: Date): DelegationState {
  const day = localDate(at);
  if (d.revokedAt && d.revokedAt <= at) return 'revoked';
  if (d.declinedAt && d.declinedAt <= at) return 'declined';
  if ((d.employeeLeftOn && day > d.employeeLeftOn) || (d.issuerLeftOn && day > d.issuerLeftOn)) return 'lapsed';
  if (day > d.validTo) return 'expired';
  if (!d.signedAt || d.signedAt > at) return 'awaiting_signature';
  if (day < d.validFrom) return 'not_yet_valid';
  return 'active';
}

/** The first instant of a local date in Göteborg. */
export const startOfDay = (day: string): Date => localMidnight(day, DELEGATION_TIME_ZONE);

/** What `check` is asked about: one instant, or (`wholeDay`) the whole local day that starts at `at`. */
export interface Asked {
  at: Date;
  /** The local date in Göteborg at `at`. */
  day: string;
  wholeDay: boolean;
}

/**
 * Reads `check?at=`. A date-time is that instant. A date asks about the whole of that day in Göteborg: yes only if
 * the delegation is in force from its first instant (00:00) to its end. This is the safe reading for a yes/no
 * permission: the end of the day would say yes for hours before a signature made that evening, and its start alone
 * would say yes for hours after a revocation made that morning. Without `at`: now.
 */
export function readAsked(at: string | undefined, now: Date): Asked {
  if (at !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(at)) return { at: startOfDay(at), day: at, wholeDay: true };
  const instant = at === undefined ? now : new Date(at);
  return { at: instant, day: localDate(instant), wholeDay: false };
}

/** May the employee perform the task at what was asked: in force at the instant, or throughout the day. */
export function inForce(d: DelegationFacts, asked: Asked): boolean {
  if (stateAt(d, asked.at) !== 'active') return false;
  if (!asked.wholeDay) return true;
  // In force at 00:00 means signed by then; dates and leaving are whole days; within the day only a revocation ends it.
  return !d.revokedAt || d.revokedAt >= startOfDay(addDays(asked.day, 1));
}

/** Days left until the last valid day (0 on the last day, negative once expired). */
export const daysToExpiry = (d: { validTo: string }, day: string) => daysBetween(day, d.validTo);
