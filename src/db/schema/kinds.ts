import { organisationKind } from './directory.js';

/** The organisation kinds, derived once from the database enum (the one definition). */
export const ORGANISATION_KINDS = organisationKind.enumValues;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Kinds that perform care for individuals (a private company, the city's own home care, a city unit such as the night unit). */
export const PROVIDER_KINDS = ['private_provider', 'municipal_provider', 'city_unit'] as const satisfies readonly OrganisationKind[];

/** The city's own administration: the contract unit (EKU) and the districts. */
export const CITY_KINDS = ['contract_unit', 'district'] as const satisfies readonly OrganisationKind[];
