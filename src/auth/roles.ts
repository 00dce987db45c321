import { z } from 'zod';
import { CITY_KINDS, PROVIDER_KINDS, ORGANISATION_KINDS, type OrganisationKind } from '../db/schema/kinds.js';

export const ROLES = [
  'admin',
  'case_worker',
  'it_contact',
  'manager',
  'care_staff',
  'licensed',
  'time_reporter',
  'reporting',
  'auditor',
] as const;

export const roleSchema = z.enum(ROLES).describe(
  'admin; case_worker (biståndshandläggare); it_contact (IT-kontaktperson); manager (chef); care_staff (omsorgspersonal); licensed (legitimerad personal); time_reporter (tidsregistreringssystem); reporting (uppföljning); auditor (granskare av loggar)',
);
export type Role = (typeof ROLES)[number];

/**
 * Where a role is honoured: the kinds of organisation whose tokens may carry it. A token that claims a role outside
 * this table is refused whole (403), whatever route it calls.
 * (decision) The city-wide roles (admin, auditor, reporting) belong to the contract unit (EKU) alone: it is the
 * city's own administration of the free-choice system. Districts commission care and the municipal provider
 * competes with private providers under LOV, so neither may see every provider's data.
 */
export const ROLE_KINDS: Record<Role, readonly OrganisationKind[]> = {
  admin: ['contract_unit'],
  auditor: ['contract_unit'],
  reporting: ['contract_unit'],
  case_worker: ['district'],
  manager: ORGANISATION_KINDS,
  it_contact: ORGANISATION_KINDS,
  care_staff: PROVIDER_KINDS,
  licensed: PROVIDER_KINDS,
  time_reporter: PROVIDER_KINDS,
};

/** Roles a registered API client (a system) may hold; people hold every other role. */
export const CLIENT_ROLES = ['time_reporter', 'reporting'] as const satisfies readonly Role[];
/** Roles only a system holds: a person's token that claims one is refused. */
export const SYSTEM_ONLY_ROLES: readonly Role[] = ['time_reporter'];

export { CITY_KINDS, PROVIDER_KINDS };

/** Who asks, as the token says: taken from a verified token, not yet bound to the directory. */
export interface Principal {
  /** Staff id, or a client id for systems. */
  sub: string;
  /** Organisation id. */
  org: string;
  roles: Role[];
}

/**
 * Who asks, bound: `sub` is a staff member of `org` who has not left, or an API client registered for `org`; the
 * roles are honoured for the organisation's kind. Inside /v1 every request has one.
 */
export interface Caller extends Principal {
  type: 'staff' | 'client';
  organisationKind: OrganisationKind;
}

export const hasRole = (p: Principal, ...roles: Role[]) => roles.some((r) => p.roles.includes(r));
