import type { OrganisationKind } from '../db/schema/kinds.js';
import { ROLES, type Caller, type Role } from './roles.js';

/**
 * Who may call a route: a caller holding one of `roles` in an organisation of one of `organisationKinds` (any kind
 * when absent). A route may list several grants; one that matches is enough. Record-level rules (may this caller
 * see this individual, this statement…) are the feature's own named predicates, applied by its loaders.
 */
export interface Grant {
  roles: readonly Role[];
  organisationKinds?: readonly OrganisationKind[];
}
export type RouteAccess = Grant | readonly Grant[];

/** Every role: routes that any authenticated, bound caller may call (the record rules still apply). */
export const ANY_ROLE: readonly Role[] = ROLES;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every /v1 route: the start-up fails without it. */
    access?: RouteAccess;
  }
}

export const grantsOf = (access: RouteAccess): readonly Grant[] => (Array.isArray(access) ? access : [access as Grant]);

/** The pure rule the hook enforces; the authorization matrix test uses it too. */
export function mayCall(caller: Pick<Caller, 'roles' | 'organisationKind'>, access: RouteAccess): boolean {
  return grantsOf(access).some(
    (g) => g.roles.some((r) => caller.roles.includes(r)) && (!g.organisationKinds || g.organisationKinds.includes(caller.organisationKind)),
  );
}

/** The roles a route admits, for the OpenAPI `x-roles` extension. */
export function rolesOf(access: RouteAccess): Role[] {
  const set = new Set(grantsOf(access).flatMap((g) => g.roles));
  return ROLES.filter((r) => set.has(r));
}

/** One line for people: "Who may call: admin (contract_unit); manager (district, private_provider)". */
export function describeAccess(access: RouteAccess): string {
  const grants = grantsOf(access);
  if (grants.length === 1 && grants[0]!.roles.length === ROLES.length && !grants[0]!.organisationKinds) {
    return 'Who may call: any role (record rules decide what each caller sees).';
  }
  const parts = grants.map((g) => `${g.roles.map((r) => `\`${r}\``).join(', ')}${g.organisationKinds ? ` (of a ${g.organisationKinds.join(' or ')})` : ''}`);
  return `Who may call: ${parts.join('; ')}.`;
}

/** The detail of a 403 from the declaration: which roles would do. */
export function forbiddenDetail(access: RouteAccess): string {
  return `${describeAccess(access).replace('Who may call: ', 'This operation is for ')}`;
}
