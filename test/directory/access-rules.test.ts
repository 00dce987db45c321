// The staff record rule and the roles a staff member can use, as pure functions.
import t from 'tap';
import type { Caller, Role } from '../../src/auth/roles.js';
import type { OrganisationKind } from '../../src/db/schema/kinds.js';
import { seesAllStaff, seesStaffMember, visibleStaff } from '../../src/directory/access.js';
import { unusableRoles } from '../../src/directory/staff.js';

const caller = (organisationKind: OrganisationKind, roles: Role[], org = 'own'): Caller => ({ sub: 's', org, roles, type: 'staff', organisationKind });

t.test('staff: own organisation; the contract unit’s admin and auditor see all', async (t) => {
  t.ok(seesAllStaff(caller('contract_unit', ['admin'])));
  t.ok(seesAllStaff(caller('contract_unit', ['auditor'])));
  t.notOk(seesAllStaff(caller('contract_unit', ['reporting'])), 'follow-up sees its own organisation only');
  t.notOk(seesAllStaff(caller('private_provider', ['admin'])), 'admin claimed by a provider');
  t.notOk(seesAllStaff(caller('district', ['auditor'])), 'auditor claimed by a district');
  t.ok(seesStaffMember(caller('private_provider', ['care_staff']), { organisationId: 'own' }));
  t.notOk(seesStaffMember(caller('private_provider', ['care_staff', 'admin']), { organisationId: 'other' }));
  t.ok(seesStaffMember(caller('contract_unit', ['auditor']), { organisationId: 'other' }));
  t.equal(visibleStaff(caller('contract_unit', ['admin'])), undefined);
  t.not(visibleStaff(caller('private_provider', ['admin'])), undefined);
});

t.test('unusableRoles: what the binding would refuse for the organisation’s kind', async (t) => {
  t.same(unusableRoles('private_provider', ['manager', 'care_staff', 'licensed', 'it_contact']), []);
  t.same(unusableRoles('contract_unit', ['admin', 'auditor', 'reporting', 'manager', 'it_contact']), []);
  t.same(unusableRoles('district', ['case_worker', 'manager']), []);
  t.same(unusableRoles('private_provider', ['care_staff', 'admin', 'reporting']).map((e) => e.path), ['body.roles.1', 'body.roles.2']);
  t.same(unusableRoles('district', ['care_staff']).map((e) => e.path), ['body.roles.0']);
  t.match(unusableRoles('municipal_provider', ['time_reporter'])[0]?.message, /registered systems/);
});
