import { and, eq, exists, gte, isNull, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { ROLES, hasRole, type Caller } from '../auth/roles.js';
import type { Grant } from '../auth/access.js';
import type { Db } from '../db/client.js';
import { individuals, serviceAssignments } from '../db/schema/index.js';
import { localDate } from '../calendar/local-date.js';
import { notFound } from '../http/problem.js';

// Who may call the individuals routes (declared on each route, enforced before the body is read), and the record
// rules that decide which individuals an admitted caller reaches. Every rule takes the bound caller: the person or
// system (`sub`) acting for the organisation (`org`) the token names, of the kind the directory says.

/** The city's administration of the register: the contract unit's admins. */
const CITY_ADMIN: Grant = { roles: ['admin'], organisationKinds: ['contract_unit'] };

/** Register and change individuals: a district's case workers (their own district, below) and the city's admins. */
export const INDIVIDUAL_KEEPERS: readonly Grant[] = [{ roles: ['case_worker'], organisationKinds: ['district'] }, CITY_ADMIN];

/**
 * Read, list and search individuals, their service overview and consents: every person's role, and reporting. A
 * system that reports visits (time_reporter) has no business reading the register. What each caller sees is
 * `visibleIndividuals`.
 */
export const INDIVIDUAL_READERS: Grant = { roles: ROLES.filter((r) => r !== 'time_reporter') };

/** Commission and end services (insatser): the individual's district's case workers (below) and the city's admins. */
export const SERVICE_COMMISSIONERS = INDIVIDUAL_KEEPERS;

/** Record and withdraw consent: a case worker, the people who give care (of a serving provider, below), the city's admins. */
export const CONSENT_RECORDERS: readonly Grant[] = [{ roles: ['case_worker', 'manager', 'care_staff', 'licensed'] }, CITY_ADMIN];

/**
 * Does the caller see every individual because of what they do (administration, log review, follow-up): the
 * contract unit's admin, auditor or reporting, never the same role claimed elsewhere.
 */
export const seesAllIndividuals = (c: Caller) =>
  c.organisationKind === 'contract_unit' && hasRole(c, 'admin', 'auditor', 'reporting');

/**
 * Does the caller keep the register and the service overview of individuals of `districtId`: the contract unit's
 * admin for every district, a case worker for their own district only.
 */
export const keepsIndividualsOf = (c: Caller, districtId: string) =>
  (c.organisationKind === 'contract_unit' && hasRole(c, 'admin')) || (c.organisationKind === 'district' && hasRole(c, 'case_worker') && c.org === districtId);

/** SQL: organisation `orgId` performs a service for the individual in `individualId` on `day`. */
export function servesOn(orgId: string | SQL, individualId: AnyColumn | string, day: string): SQL {
  return exists(
    sql`(select 1 from ${serviceAssignments} where ${and(
      eq(serviceAssignments.individualId, individualId as AnyColumn),
      eq(serviceAssignments.organisationId, orgId as string),
      lte(serviceAssignments.startDate, day),
      or(isNull(serviceAssignments.endDate), gte(serviceAssignments.endDate, day)),
    )})`,
  );
}

/**
 * Sekretess, as SQL on `individuals`: the caller sees an individual while the caller's organisation serves them
 * today, or is their district; the contract unit's admin, auditor and reporting see all. Applied inside every
 * list and search query, so filters and counts leak nothing.
 */
export function visibleIndividuals(c: Caller, day = localDate()): SQL | undefined {
  if (seesAllIndividuals(c)) return undefined;
  return or(eq(individuals.districtId, c.org), servesOn(c.org, individuals.id, day));
}

/** Loads an individual the caller may see, or 404 (never 403: do not confirm that a person exists). */
export async function loadVisibleIndividual(db: Db, c: Caller, individualId: string) {
  const [row] = await db
    .select()
    .from(individuals)
    .where(and(eq(individuals.id, individualId), visibleIndividuals(c)))
    .limit(1);
  if (!row) throw notFound('The individual');
  return row;
}
