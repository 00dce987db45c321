/**
 * Who may do what with delegations. The grants are the routes' declarations (enforced before the body is read);
 * the predicates are the record rules, one per question, applied by the loaders in service.ts and reads.ts.
 */
import { ANY_ROLE, type Grant } from '../auth/access.js';
import { hasRole, type Caller, type Role } from '../auth/roles.js';
import { PROVIDER_KINDS } from '../db/schema/kinds.js';

/** The people of a care provider: anyone there may be named in a delegation (a system never is). */
const PROVIDER_STAFF: readonly Role[] = ['manager', 'it_contact', 'care_staff', 'licensed'];
const ofProvider = (roles: readonly Role[]): Grant => ({ roles, organisationKinds: PROVIDER_KINDS });

/** The route declarations (config.access), by operation. */
export const delegationGrants = {
  /** Reference data. */
  listDelegationTaskTypes: { roles: ANY_ROLE },
  createDelegation: ofProvider(['licensed']),
  renewDelegation: ofProvider(['licensed']),
  /** The record rule narrows it: the delegator, licensed staff, or the employee's own manager. */
  revokeDelegation: ofProvider(['licensed', 'manager']),
  /** The caller's own; sign and decline only the employee named (record rule). */
  listMyDelegations: ofProvider(PROVIDER_STAFF),
  signDelegation: ofProvider(PROVIDER_STAFF),
  declineDelegation: ofProvider(PROVIDER_STAFF),
  getDelegation: ofProvider(PROVIDER_STAFF),
  /** Review search: a manager's staff, or what a licensed staff member issued. */
  listDelegations: ofProvider(['manager', 'licensed']),
  /** The employee, their manager, licensed staff, and the time-reporting system (an API client) of the organisation. */
  checkDelegation: ofProvider([...PROVIDER_STAFF, 'time_reporter']),
} satisfies Record<string, Grant>;

/** The parties of a delegation, as the loaders read them. */
export interface DelegationParties {
  organisationId: string;
  employeeId: string;
  issuedBy: string;
  employeeManagerId: string | null;
}

/** May the caller see this delegation: the employee, the delegator, the employee's manager, or licensed staff, of its organisation. */
export function maySeeDelegation(c: Caller, d: DelegationParties): boolean {
  if (d.organisationId !== c.org) return false;
  return c.sub === d.employeeId || c.sub === d.issuedBy || c.sub === d.employeeManagerId || hasRole(c, 'licensed');
}

/** Is the caller the employee named: only they sign or decline, as a delegation is personal. */
export const isTheEmployee = (c: Caller, d: DelegationParties): boolean => d.organisationId === c.org && c.sub === d.employeeId;

/** May the caller revoke it: the delegator, licensed staff of the organisation, or the employee's manager. */
export function mayRevokeDelegation(c: Caller, d: DelegationParties): boolean {
  if (d.organisationId !== c.org) return false;
  return c.sub === d.issuedBy || c.sub === d.employeeManagerId || hasRole(c, 'licensed');
}

/** An employee as `check` is asked about them. */
export interface EmployeeFacts {
  id: string;
  organisationId: string;
  managerId: string | null;
}

/** Does the caller learn that this employee exists: only within the caller's own organisation (else 404). */
export const knowsOfEmployee = (c: Caller, e: EmployeeFacts | undefined): e is EmployeeFacts => e !== undefined && e.organisationId === c.org;

/**
 * May the caller ask `check` about this employee: the employee, their manager, licensed staff, or the
 * time-reporting system, all of the employee's organisation. A system of another organisation never asks.
 */
export function mayAskCheck(c: Caller, e: EmployeeFacts): boolean {
  if (e.organisationId !== c.org) return false;
  return c.sub === e.id || c.sub === e.managerId || hasRole(c, 'licensed') || (c.type === 'client' && hasRole(c, 'time_reporter'));
}
