import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { contactGroups, organisations, serviceAssignments } from '../db/schema/index.js';
import { loadVisibleIndividual } from '../individuals/access.js';
import { groupsToInform } from './responsibility.js';

/**
 * The contact groups the caller's organisation should inform about an individual they may see (404 otherwise) on a
 * day: the active groups of the other performers, chosen by the responsibility table (`groupsToInform`).
 */
export async function suggestRecipients(db: Db, caller: Caller, individualId: string, on: string) {
  const person = await loadVisibleIndividual(db, caller, individualId);
  const active = await db
    .select({ organisationId: serviceAssignments.organisationId, serviceType: serviceAssignments.serviceType })
    .from(serviceAssignments)
    .where(and(eq(serviceAssignments.individualId, person.id), lte(serviceAssignments.startDate, on), or(isNull(serviceAssignments.endDate), gte(serviceAssignments.endDate, on))));
  const others = [...new Set(active.map((a) => a.organisationId).filter((o) => o !== caller.org))];
  const groups = others.length
    ? await db
        .select({ id: contactGroups.id, name: contactGroups.name, organisationId: contactGroups.organisationId, serviceTypes: contactGroups.serviceTypes, organisationName: organisations.name })
        .from(contactGroups)
        .innerJoin(organisations, eq(organisations.id, contactGroups.organisationId))
        .where(and(isNull(contactGroups.archivedAt), inArray(contactGroups.organisationId, others)))
        .orderBy(asc(organisations.name), asc(contactGroups.name), asc(contactGroups.id))
    : [];
  const items = groupsToInform(caller.org, active, groups).map(({ group, serviceTypes }) => ({
    contactGroupId: group.id,
    name: group.name,
    organisationId: group.organisationId,
    organisationName: group.organisationName,
    serviceTypes,
  }));
  return { individualId: person.id, items };
}
