import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { hasRole, type Principal } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { auditEvents, organisations } from '../db/schema/index.js';
import { forbidden, notFound } from '../http/problem.js';
import type { OrganisationKind } from './common.js';

/**
 * What a caller may read of statements and follow-up reports:
 * - admin, `reporting` and the contract unit (EKU): every organisation (optionally one);
 * - a district's case workers and managers: the lines of the district's own individuals, at any provider;
 * - a provider's (or city unit's) managers: their own organisation only; another provider's → 403
 *   (organisations are public, individuals' data is not).
 */
export interface ReadScope {
  organisationId: string | undefined;
  districtId: string | undefined;
}

export const READ_ACCESS_DESCRIPTION =
  'Who may read: admin, `reporting`, the contract unit (EKU, any role), a district’s `case_worker` or `manager` (only the lines of the district’s own individuals), a provider’s `manager` (its own organisation only: another organisation is 403). Without `organisationId` the caller gets everything it may see.';

const PROVIDER_KINDS: OrganisationKind[] = ['private_provider', 'municipal_provider', 'city_unit'];

export async function readScope(db: Db, p: Principal, organisationId: string | undefined): Promise<ReadScope> {
  const [own] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, p.org));
  if (organisationId) {
    const [target] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId));
    if (!target) throw notFound('The organisation');
  }
  if (hasRole(p, 'admin', 'reporting') || own?.kind === 'contract_unit') return { organisationId, districtId: undefined };
  if (own?.kind === 'district' && hasRole(p, 'case_worker', 'manager')) return { organisationId, districtId: p.org };
  if (own && PROVIDER_KINDS.includes(own.kind) && hasRole(p, 'manager')) {
    if (organisationId && organisationId !== p.org) throw forbidden('A provider reads its own statements and reports only.');
    return { organisationId: p.org, districtId: undefined };
  }
  throw forbidden(
    'Statements and follow-up reports are read by admin, reporting, the contract unit, the district’s case workers and managers, and the provider’s managers.',
  );
}

/**
 * One access-log entry per individual in a result. A city's month names tens of thousands of individuals, so the
 * entries go in with one INSERT … SELECT from a JSON array (the same columns recordAudit writes), not one bound
 * parameter per value.
 */
export async function auditIndividuals(db: Db, request: FastifyRequest, p: Principal, individualIds: Iterable<string>, resourceType: string, resourceId: string) {
  const ids = [...new Set(individualIds)];
  if (ids.length === 0) return;
  await db.execute(sql`
    insert into ${auditEvents} (actor_id, actor_organisation_id, actor_roles, action, individual_id, resource_type, resource_id, request_id)
    select ${p.sub}, ${p.org}::uuid, array(select json_array_elements_text(${JSON.stringify(p.roles)}::json)), 'read', value::uuid,
           ${resourceType}, ${resourceId}, ${String(request.id)}
    from json_array_elements_text(${JSON.stringify(ids)}::json)`);
}
