/**
 * Who may do what with the city's areas and an individual's area. The grants are the routes' declarations; the
 * record rules on individuals are the individuals feature's own (`loadVisibleIndividual`, `keepsIndividualsOf`).
 */
import { ANY_ROLE, type Grant } from '../auth/access.js';
import { INDIVIDUAL_KEEPERS, INDIVIDUAL_READERS } from '../individuals/access.js';

const CITY_ADMIN: Grant = { roles: ['admin'], organisationKinds: ['contract_unit'] };

export const areaGrants = {
  /** The areas are reference data: everyone reads them; the contract unit's admin keeps them. */
  listAreas: { roles: ANY_ROLE },
  getArea: { roles: ANY_ROLE },
  createArea: CITY_ADMIN,
  updateArea: CITY_ADMIN,
  /** Where an individual lives: set by whoever keeps the register, read by whoever may see the individual. */
  setIndividualArea: INDIVIDUAL_KEEPERS,
  listIndividualAreas: INDIVIDUAL_READERS,
} satisfies Record<string, Grant | readonly Grant[]>;
