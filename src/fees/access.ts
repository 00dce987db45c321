import type { Grant } from '../auth/access.js';
import type { Caller } from '../auth/roles.js';
import { forbidden } from '../http/problem.js';

// Who may see and set the individual's fee (avgift): economic data of the individual. Never a provider.

/** The contract unit's admins set the fee rates (the city's taxa), as they set compensation rates. */
export const FEE_RATE_KEEPERS: Grant = { roles: ['admin'], organisationKinds: ['contract_unit'] };

const CASE_WORKERS: Grant = { roles: ['case_worker'], organisationKinds: ['district'] };
const REPORTING: Grant = { roles: ['reporting'], organisationKinds: ['contract_unit'] };

/** The fee statements: the district's case workers (their district only) and the city's follow-up (reporting). */
export const FEE_READERS: readonly Grant[] = [CASE_WORKERS, REPORTING];

/** The fee rates are public to those who read fees and to those who keep them. */
export const FEE_RATE_READERS: readonly Grant[] = [...FEE_READERS, FEE_RATE_KEEPERS];

/** The individual's own ceiling (avgiftsutrymme): the case worker of the individual's district records it. */
export const CEILING_KEEPERS: Grant = CASE_WORKERS;
export const CEILING_READERS: readonly Grant[] = FEE_READERS;

/** Which district's fees a caller reads: a case worker their own (another is 403), reporting any or all. */
export function feeDistrictOf(caller: Pick<Caller, 'org' | 'organisationKind'>, districtId: string | undefined): string | undefined {
  if (caller.organisationKind !== 'district') return districtId;
  if (districtId !== undefined && districtId !== caller.org) throw forbidden('A case worker reads the fees of their own district only.');
  return caller.org;
}

/** May the caller see or record an individual's fee data: reporting always, a case worker for their district's individuals. */
export const maySeeFeesOf = (caller: Pick<Caller, 'org' | 'organisationKind'>, individual: { districtId: string }) =>
  caller.organisationKind !== 'district' || caller.org === individual.districtId;
