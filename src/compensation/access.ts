import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Grant } from '../auth/access.js';
import type { Caller, Principal } from '../auth/roles.js';
import { recordReadSet } from '../audit/record.js';
import type { Db } from '../db/client.js';
import { organisations } from '../db/schema/index.js';
import { PROVIDER_KINDS } from '../db/schema/kinds.js';
import { forbidden, notFound } from '../http/problem.js';

// Who may call the compensation routes (declared on each route, enforced before the body is read), and the record
// rules that decide what an admitted caller sees.

/**
 * The contract unit (EKU) pays the providers and follows them up: its admins, follow-up (`reporting`) and managers
 * read every provider's figures. Not its IT contact nor its log auditors: the lines name individuals.
 */
const CONTRACT_UNIT_ROLES = ['admin', 'reporting', 'manager'] as const;

/** Statements, follow-up reports and the rates: the contract unit, a district's case workers and managers, a provider's managers. */
export const READERS: readonly Grant[] = [
  { roles: CONTRACT_UNIT_ROLES, organisationKinds: ['contract_unit'] },
  { roles: ['case_worker', 'manager'], organisationKinds: ['district'] },
  { roles: ['manager'], organisationKinds: PROVIDER_KINDS },
];

/** A rate row changes every statement of its period, past ones included: the contract unit's admins alone add them. */
export const RATE_KEEPERS: Grant = { roles: ['admin'], organisationKinds: ['contract_unit'] };

/**
 * (decision) The contract unit closes a month (stängd månad), for every provider and every district at once: it pays
 * the providers, and one closing freezes both the statements and the fees. Its admins and managers close; only its
 * admins reopen (with a reason).
 */
export const PERIOD_CLOSERS: Grant = { roles: ['admin', 'manager'], organisationKinds: ['contract_unit'] };
export const PERIOD_REOPENERS: Grant = RATE_KEEPERS;

/** A provider's time-reporting system (a registered API client): it reports for its own organisation. */
export const TIME_REPORTERS: Grant = { roles: ['time_reporter'], organisationKinds: PROVIDER_KINDS };

/** The versions of a visit: the system that reported it, and the contract unit's admins. */
export const TIME_REPORT_READERS: readonly Grant[] = [TIME_REPORTERS, RATE_KEEPERS];

/** Which lines a reader gets: every organisation (optionally one), or only one district's individuals, or one provider. */
export interface ReadScope {
  organisationId: string | undefined;
  districtId: string | undefined;
}

export const READ_SCOPE_DESCRIPTION =
  'What each reader sees: the contract unit (EKU) every organisation; a district only the lines of the district’s own individuals, at any provider; a provider its own organisation only (another organisation is 403; organisations are public, individuals’ data is not). Without `organisationId` the caller gets everything it may see.';

/**
 * The record rule of statements and follow-up reports, for a caller that READERS admitted (role and kind are checked
 * there): by the kind of the caller's bound organisation.
 */
export function readScopeOf(caller: Pick<Caller, 'org' | 'organisationKind'>, organisationId: string | undefined): ReadScope {
  if (caller.organisationKind === 'contract_unit') return { organisationId, districtId: undefined };
  if (caller.organisationKind === 'district') return { organisationId, districtId: caller.org };
  if (organisationId !== undefined && organisationId !== caller.org) throw forbidden('A provider reads its own statements and reports only.');
  return { organisationId: caller.org, districtId: undefined };
}

/** The read scope of a request: an unknown `organisationId` is 404 (for every reader), then the record rule. */
export async function readScope(db: Db, caller: Caller, organisationId: string | undefined): Promise<ReadScope> {
  if (organisationId) {
    const [target] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId));
    if (!target) throw notFound('The organisation');
  }
  return readScopeOf(caller, organisationId);
}

/**
 * Whose visits a caller lists: a time-reporting system always its own (its `sub`); an admin names the system, by
 * default its own id.
 */
export function reportingSystemOf(caller: Pick<Caller, 'sub' | 'roles'>, requested: string | undefined): string {
  return caller.roles.includes('admin') && requested ? requested : caller.sub;
}

/** The access log of a result's individuals: one entry for the read, with them (recordReadSet). Written before the answer is. */
export async function auditIndividuals(db: Db, request: FastifyRequest, p: Principal, individualIds: Iterable<string>, resourceType: string, resourceId: string) {
  await recordReadSet(db, { actor: p, resourceType, resourceId, requestId: String(request.id) }, individualIds);
}

