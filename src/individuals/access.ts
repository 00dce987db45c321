import { and, eq, exists, gte, isNull, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { hasRole, type Principal } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { individuals, serviceAssignments } from '../db/schema/index.js';
import { localDate } from '../calendar/local-date.js';
import { notFound } from '../http/problem.js';

/** Roles that see every individual because of what they do (administration, log review, follow-up). */
export const seesAllIndividuals = (p: Principal) => hasRole(p, 'admin', 'auditor', 'reporting');

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
 * Sekretess: staff see an individual only while their organisation serves them today, or is their district.
 * Applied inside every list and search query, so filters and counts leak nothing.
 */
export function visibleIndividuals(p: Principal, day = localDate()): SQL | undefined {
  if (seesAllIndividuals(p)) return undefined;
  return or(eq(individuals.districtId, p.org), servesOn(p.org, individuals.id, day));
}

/** Loads an individual the caller may see, or 404 (never 403: do not confirm that a person exists). */
export async function loadVisibleIndividual(db: Db, p: Principal, individualId: string) {
  const [row] = await db
    .select()
    .from(individuals)
    .where(and(eq(individuals.id, individualId), visibleIndividuals(p)))
    .limit(1);
  if (!row) throw notFound('The individual');
  return row;
}
