// The record rules of the register as pure predicates, for callers the binding would refuse as well: the rules do
// not lean on the binding to keep city-wide roles at the contract unit.
import t from 'tap';
import { mayCall } from '../../src/auth/access.js';
import type { Caller, Role } from '../../src/auth/roles.js';
import type { OrganisationKind } from '../../src/db/schema/kinds.js';
import { CONSENT_RECORDERS, INDIVIDUAL_KEEPERS, INDIVIDUAL_READERS, keepsIndividualsOf, seesAllIndividuals, visibleIndividuals } from '../../src/individuals/access.js';

const DISTRICT = '10000000-0000-4000-8000-000000000001';
const OTHER_DISTRICT = '10000000-0000-4000-8000-000000000009';
const caller = (organisationKind: OrganisationKind, roles: Role[], org = DISTRICT): Caller => ({ sub: 's', org, roles, type: 'staff', organisationKind });

t.test('seesAllIndividuals: admin, auditor and reporting of the contract unit, no one else', async (t) => {
  for (const role of ['admin', 'auditor', 'reporting'] as const) {
    t.ok(seesAllIndividuals(caller('contract_unit', [role])), `${role} of the contract unit`);
    for (const kind of ['private_provider', 'municipal_provider', 'city_unit', 'district'] as const) {
      t.notOk(seesAllIndividuals(caller(kind, [role])), `${role} claimed in a ${kind}`);
    }
  }
  t.notOk(seesAllIndividuals(caller('contract_unit', ['manager', 'it_contact'])), 'other roles at the contract unit');
  t.equal(visibleIndividuals(caller('contract_unit', ['auditor'])), undefined, 'no restriction for those who see all');
  t.not(visibleIndividuals(caller('private_provider', ['admin'])), undefined, 'a restriction for a provider claiming admin');
});

t.test('keepsIndividualsOf: the contract unit’s admin everywhere, a case worker in their own district only', async (t) => {
  t.ok(keepsIndividualsOf(caller('contract_unit', ['admin'], 'eku'), DISTRICT));
  t.ok(keepsIndividualsOf(caller('district', ['case_worker']), DISTRICT));
  t.notOk(keepsIndividualsOf(caller('district', ['case_worker']), OTHER_DISTRICT), 'not another district');
  t.notOk(keepsIndividualsOf(caller('district', ['manager']), DISTRICT), 'not without the role');
  t.notOk(keepsIndividualsOf(caller('private_provider', ['admin'], 'p'), DISTRICT), 'not admin claimed by a provider');
  t.notOk(keepsIndividualsOf(caller('private_provider', ['case_worker'], DISTRICT), DISTRICT), 'not a case worker of a provider that names the district id');
  t.notOk(keepsIndividualsOf(caller('contract_unit', ['auditor', 'reporting'], 'eku'), DISTRICT), 'log review and follow-up do not keep the register');
});

t.test('the grants: who the declarations admit', async (t) => {
  const admitted = (grants: Parameters<typeof mayCall>[1], kind: OrganisationKind, role: Role) => mayCall({ roles: [role], organisationKind: kind }, grants);
  t.ok(admitted(INDIVIDUAL_KEEPERS, 'district', 'case_worker'));
  t.ok(admitted(INDIVIDUAL_KEEPERS, 'contract_unit', 'admin'));
  t.notOk(admitted(INDIVIDUAL_KEEPERS, 'district', 'admin'), 'admin only of the contract unit');
  t.notOk(admitted(INDIVIDUAL_KEEPERS, 'private_provider', 'manager'));
  t.notOk(admitted(INDIVIDUAL_READERS, 'private_provider', 'time_reporter'), 'the time-reporting system reads no register');
  for (const role of ['admin', 'case_worker', 'it_contact', 'manager', 'care_staff', 'licensed', 'reporting', 'auditor'] as const) {
    t.ok(admitted(INDIVIDUAL_READERS, 'private_provider', role), `${role} may ask (the record rule decides what it sees)`);
  }
  t.ok(admitted(CONSENT_RECORDERS, 'city_unit', 'care_staff'));
  t.notOk(admitted(CONSENT_RECORDERS, 'contract_unit', 'reporting'), 'follow-up does not record consent');
  t.notOk(admitted(CONSENT_RECORDERS, 'private_provider', 'admin'), 'admin claimed by a provider');
});
