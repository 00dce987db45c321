/**
 * Who may do what in choosing a provider. The grants are the routes' declarations (enforced before the body is
 * read); the predicates are the record rules, one per question, applied by the loaders of this feature.
 */
import { ANY_ROLE, type Grant } from '../auth/access.js';
import { hasRole, type Caller } from '../auth/roles.js';
import { CITY_KINDS } from '../db/schema/kinds.js';

const CITY_ADMIN: Grant = { roles: ['admin'], organisationKinds: ['contract_unit'] };
/** Capacity and the waiting list are a private provider's own: its manager keeps them. */
const PRIVATE_PROVIDER_MANAGER: Grant = { roles: ['manager'], organisationKinds: ['private_provider'] };
const CASE_WORKER: Grant = { roles: ['case_worker'], organisationKinds: ['district'] };
/** Whoever starts new home-care assignments: the private or the municipal provider's manager and care staff. */
const HOME_CARE_STAFF: Grant = { roles: ['manager', 'care_staff'], organisationKinds: ['private_provider', 'municipal_provider'] };

export const providerGrants = {
  setProviderCapacity: [PRIVATE_PROVIDER_MANAGER, CITY_ADMIN],
  getProviderCapacityHistory: [PRIVATE_PROVIDER_MANAGER, CITY_ADMIN],
  /** What the city's comparison service and the case workers read; the figures only for the provider and the city. */
  getProviderAvailability: { roles: ANY_ROLE },
  listProviders: { roles: ANY_ROLE },
  /** The case worker (with the individual's consent) or the provider (the individual contacted it) registers. */
  registerWaitingListEntry: [PRIVATE_PROVIDER_MANAGER, CASE_WORKER],
  listWaitingList: [PRIVATE_PROVIDER_MANAGER, CASE_WORKER],
  getWaitingListEntry: [PRIVATE_PROVIDER_MANAGER, CASE_WORKER],
  getWaitingListDue: [PRIVATE_PROVIDER_MANAGER],
  notifyFirstOnWaitingList: [PRIVATE_PROVIDER_MANAGER],
  /** The case worker asks the individual and sends the assignment, or records that they declined. */
  assignFromWaitingList: [CASE_WORKER],
  declineWaitingListEntry: [CASE_WORKER],
  withdrawWaitingListEntry: [PRIVATE_PROVIDER_MANAGER, CASE_WORKER],
  /** New assignments and their start deadlines: the provider's people; overdue ones also for the district. */
  listNewAssignments: [HOME_CARE_STAFF, CASE_WORKER],
  recordFirstContact: [HOME_CARE_STAFF],
  recordFirstVisit: [HOME_CARE_STAFF],
} satisfies Record<string, Grant | readonly Grant[]>;

/** May the caller set a provider's areas and cap: its own manager, or the contract unit's admin. */
export const maySetCapacity = (c: Caller, organisationId: string) =>
  (c.organisationKind === 'contract_unit' && hasRole(c, 'admin')) || (c.org === organisationId && hasRole(c, 'manager'));

/** Does the caller see a provider's figures (granted hours carried, cap): the provider itself and the city. */
export const seesCapacityFigures = (c: Caller, organisationId: string) =>
  c.org === organisationId || (CITY_KINDS as readonly string[]).includes(c.organisationKind);

/**
 * May the caller open a provider's waiting list at all: the provider itself, or a district (which then sees only
 * its own individuals' entries). Anyone else: 404, as for individuals.
 */
export const mayOpenWaitingList = (c: Caller, organisationId: string) => c.org === organisationId || c.organisationKind === 'district';

/** May the caller see this entry: the provider, or the individual's district. */
export const maySeeWaitingListEntry = (c: Caller, e: { organisationId: string; districtId: string }) =>
  c.org === e.organisationId || (c.organisationKind === 'district' && c.org === e.districtId);

/** Acting for the provider on its own list (register a contact, notify the first, withdraw). */
export const actsForProvider = (c: Caller, organisationId: string) => c.org === organisationId;

/** Acting as the individual's district (register with consent, assign, decline, withdraw). */
export const actsForDistrict = (c: Caller, districtId: string) => c.organisationKind === 'district' && c.org === districtId && hasRole(c, 'case_worker');

/** May the caller see a provider's new assignments: the provider, or a district (its own individuals only). */
export const maySeeNewAssignmentsOf = (c: Caller, organisationId: string) => c.org === organisationId || c.organisationKind === 'district';
