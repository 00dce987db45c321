import { eq, type SQL } from 'drizzle-orm';
import { ANY_ROLE, type Grant } from '../auth/access.js';
import { hasRole, type Caller } from '../auth/roles.js';
import { staff } from '../db/schema/index.js';

// Who may call the directory routes (declared on each route, enforced before the body is read), and the record rule
// of staff: which staff members an admitted caller sees. The rules take the bound caller.

/** Organisations, units and staff are kept by the city's administration: the contract unit's admins. */
export const DIRECTORY_KEEPERS: Grant = { roles: ['admin'], organisationKinds: ['contract_unit'] };

/** The address book (organisations and their units) is for every bound caller. Staff too, narrowed by `visibleStaff`. */
export const DIRECTORY_READERS: Grant = { roles: ANY_ROLE };

/** Does the caller see the staff of every organisation: the contract unit's admin (who registers them) and auditor. */
export const seesAllStaff = (c: Caller) => c.organisationKind === 'contract_unit' && hasRole(c, 'admin', 'auditor');

/** Does the caller see this staff member: one of their own organisation, or anyone for `seesAllStaff`. */
export const seesStaffMember = (c: Caller, member: { organisationId: string }) => seesAllStaff(c) || member.organisationId === c.org;

/** `seesStaffMember` as SQL on `staff`, for the list (undefined: no restriction). */
export const visibleStaff = (c: Caller): SQL | undefined => (seesAllStaff(c) ? undefined : eq(staff.organisationId, c.org));
