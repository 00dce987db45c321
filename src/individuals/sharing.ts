import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { consents, individuals, serviceAssignments } from '../db/schema/index.js';
import { maySharePerson, type SharingFacts, type SharingRefusal } from './sharing-rule.js';

/** Loads what the sharing rule needs about one individual (null when the individual does not exist). */
export async function loadSharingFacts(db: Db, individualId: string): Promise<SharingFacts | null> {
  const [person] = await db.select({ districtId: individuals.districtId }).from(individuals).where(eq(individuals.id, individualId));
  if (!person) return null;
  // One after the other: `db` may be a transaction (one connection).
  const assignments = await db
    .select({ organisationId: serviceAssignments.organisationId, startDate: serviceAssignments.startDate, endDate: serviceAssignments.endDate })
    .from(serviceAssignments)
    .where(eq(serviceAssignments.individualId, individualId));
  const consentRows = await db
    .select({ givenOn: consents.givenOn, withdrawnOn: consents.withdrawnOn, limitedToOrganisationIds: consents.limitedToOrganisationIds })
    .from(consents)
    .where(eq(consents.individualId, individualId));
  return { districtId: person.districtId, assignments, consents: consentRows };
}

/**
 * For a message about an individual: the recipient organisations that the rule refuses, grouped by reason.
 * Empty when every transfer is allowed. (Inside a transaction pass `tx`.)
 */
export async function checkSharing(
  db: Db,
  args: { individualId: string; fromOrganisationId: string; toOrganisationIds: string[]; day: string },
): Promise<{ facts: SharingFacts | null; refusals: { organisationId: string; reason: SharingRefusal }[] }> {
  const facts = await loadSharingFacts(db, args.individualId);
  if (!facts) return { facts, refusals: args.toOrganisationIds.map((organisationId) => ({ organisationId, reason: 'recipient-not-serving' as const })) };
  const refusals = [...new Set(args.toOrganisationIds)].flatMap((to) => {
    const d = maySharePerson(facts, args.fromOrganisationId, to, args.day);
    return d.allowed ? [] : [{ organisationId: to, reason: d.reason }];
  });
  return { facts, refusals };
}
