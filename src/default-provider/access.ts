/**
 * Who may do what with the default provider (ickevalsalternativ). The grants are the routes' declarations; the
 * predicates are the record rules, one per question, applied by this feature's loaders.
 */
import { ANY_ROLE, type Grant } from '../auth/access.js';
import type { Caller } from '../auth/roles.js';

const CITY_ADMIN: Grant = { roles: ['admin'], organisationKinds: ['contract_unit'] };
/** The contract unit follows up the rotation: its admin and its reporting (uppföljning). */
const CITY_FOLLOW_UP: Grant = { roles: ['admin', 'reporting'], organisationKinds: ['contract_unit'] };
const CASE_WORKER: Grant = { roles: ['case_worker'], organisationKinds: ['district'] };
const PRIVATE_PROVIDER_MANAGER: Grant = { roles: ['manager'], organisationKinds: ['private_provider'] };

export const defaultProviderGrants = {
  /** The rules are public: every caller reads them. */
  listDefaultProviderPolicies: { roles: ANY_ROLE },
  createDefaultProviderPolicy: CITY_ADMIN,
  /** The contract unit (EKU) judges a provider a full alternative, and revokes that. */
  recordDefaultProviderQualification: CITY_ADMIN,
  /** A private provider's manager opts its own organisation in or out, per area. */
  setDefaultProviderParticipation: PRIVATE_PROVIDER_MANAGER,
  getDefaultProviderStanding: [PRIVATE_PROVIDER_MANAGER, CITY_FOLLOW_UP],
  /** The case worker asks for the provider in turn for an individual who has not chosen. */
  allocateDefaultProvider: CASE_WORKER,
  listDefaultProviderAllocations: [CITY_FOLLOW_UP, CASE_WORKER],
} satisfies Record<string, Grant | readonly Grant[]>;

/** A provider's participation is its own: its manager only (another provider learns nothing: 404). */
export const actsForProvider = (c: Caller, organisationId: string) => c.org === organisationId;

/** A provider's standing (qualification, participation, turn): the provider itself and the contract unit. */
export const seesStanding = (c: Caller, organisationId: string) => c.org === organisationId || c.organisationKind === 'contract_unit';

/** Allocations: the contract unit sees all (likabehandling is its follow-up); a district its own individuals'. */
export const seesAllAllocations = (c: Caller) => c.organisationKind === 'contract_unit';
