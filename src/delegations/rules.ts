/** Pure rules of digital delegation (SOSFS 1997:14): validity and the state on a day, never stored. */

export type DelegationState = 'awaiting_signature' | 'not_yet_valid' | 'active' | 'expired' | 'lapsed' | 'declined' | 'revoked';

export interface DelegationFacts {
  validFrom: string;
  validTo: string;
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

/** In force only when signed, not revoked or declined, and within its dates. */
export function stateOn(d: DelegationFacts, day: string): DelegationState {
  if (d.revokedAt) return 'revoked';
  if (d.declinedAt) return 'declined';
  // A delegation is personal: it lapses when either party has left the organisation.
  if ((d.employeeLeftOn && day > d.employeeLeftOn) || (d.issuerLeftOn && day > d.issuerLeftOn)) return 'lapsed';
  if (day > d.validTo) return 'expired';
  if (!d.signedAt) return 'awaiting_signature';
  if (day < d.validFrom) return 'not_yet_valid';
  return 'active';
}

/** Days left until the last valid day (0 on the last day, negative once expired). */
export const daysToExpiry = (d: { validTo: string }, day: string) => daysBetween(day, d.validTo);
