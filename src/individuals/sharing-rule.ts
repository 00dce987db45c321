/**
 * Sekretess and samtycke as a pure rule: may organisation `from` pass information about an individual to
 * organisation `to` on `day`? Decided from the service overview and the recorded consents only.
 */
export interface AssignmentFact {
  organisationId: string;
  startDate: string;
  endDate: string | null;
}

export interface ConsentFact {
  givenOn: string;
  /** The consent no longer holds from this date (inclusive). */
  withdrawnOn: string | null;
  /** Null: every organisation that serves the individual; otherwise only these. */
  limitedToOrganisationIds: string[] | null;
}

export interface SharingFacts {
  districtId: string;
  assignments: AssignmentFact[];
  consents: ConsentFact[];
}

export type SharingRefusal = 'sender-not-serving' | 'recipient-not-serving' | 'no-consent';
export type SharingDecision = { allowed: true } | { allowed: false; reason: SharingRefusal };

const activeOn = (a: AssignmentFact, day: string) => a.startDate <= day && (a.endDate === null || a.endDate >= day);

/** The organisation performs a service for the individual on the day, or is the individual's district. */
export function servesIndividualOn(facts: SharingFacts, organisationId: string, day: string): boolean {
  return organisationId === facts.districtId || facts.assignments.some((a) => a.organisationId === organisationId && activeOn(a, day));
}

export function consentInForce(c: ConsentFact, day: string): boolean {
  return c.givenOn <= day && (c.withdrawnOn === null || day < c.withdrawnOn);
}

/**
 * (decision) Consent governs transfers between providers (utförare). The individual's district (beställare)
 * commissions and follows up the care, so exchanges with it need no consent; it must still be the district.
 * A consent limited to named organisations allows a transfer only when both providers are named.
 */
export function maySharePerson(facts: SharingFacts, from: string, to: string, day: string): SharingDecision {
  if (!servesIndividualOn(facts, from, day)) return { allowed: false, reason: 'sender-not-serving' };
  if (!servesIndividualOn(facts, to, day)) return { allowed: false, reason: 'recipient-not-serving' };
  if (from === to || from === facts.districtId || to === facts.districtId) return { allowed: true };
  const covers = (c: ConsentFact) =>
    consentInForce(c, day) &&
    (c.limitedToOrganisationIds === null || (c.limitedToOrganisationIds.includes(from) && c.limitedToOrganisationIds.includes(to)));
  return facts.consents.some(covers) ? { allowed: true } : { allowed: false, reason: 'no-consent' };
}
