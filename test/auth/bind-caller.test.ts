// The binding rule as a table: who the token says, what the directory says, and the answer.
import t from 'tap';
import { bindCaller, type Identity } from '../../src/auth/caller.js';
import type { Principal } from '../../src/auth/roles.js';
import { HttpProblem } from '../../src/http/problem.js';

const ORG = '10000000-0000-4000-8000-000000000002';
const OTHER = '10000000-0000-4000-8000-000000000008';
const today = '2026-11-23';
const staffOf = (kind: Identity['organisationKind'], leftOn: string | null = null): Identity => ({ type: 'staff', organisationId: ORG, organisationKind: kind, leftOn, clientRoles: null });
const clientOf = (kind: Identity['organisationKind'], roles: Identity['clientRoles']): Identity => ({ type: 'client', organisationId: ORG, organisationKind: kind, leftOn: null, clientRoles: roles });
const token = (roles: Principal['roles'], org = ORG): Principal => ({ sub: 'x', org, roles });

const cases: [string, Principal, Identity | undefined, RegExp | 'ok'][] = [
  ['a care worker of a private provider', token(['care_staff']), staffOf('private_provider'), 'ok'],
  ['unknown subject', token(['care_staff']), undefined, /neither a staff member nor a registered API client/],
  ['the subject belongs to another organisation', token(['care_staff'], OTHER), staffOf('private_provider'), /does not belong to the organisation/],
  ['left yesterday', token(['care_staff']), staffOf('private_provider', '2026-11-22'), /has left/],
  ['leaves today: still in', token(['care_staff']), staffOf('private_provider', '2026-11-23'), 'ok'],
  ['admin claimed at a private provider', token(['admin']), staffOf('private_provider'), /admin is not honoured for an organisation of kind private_provider/],
  ['auditor claimed at the municipal provider', token(['auditor']), staffOf('municipal_provider'), /auditor is not honoured/],
  ['reporting claimed at a district', token(['reporting']), staffOf('district'), /reporting is not honoured/],
  ['admin at the contract unit', token(['admin']), staffOf('contract_unit'), 'ok'],
  ['case worker at a provider', token(['case_worker']), staffOf('private_provider'), /case_worker is not honoured/],
  ['case worker at a district', token(['case_worker']), staffOf('district'), 'ok'],
  ['a person claiming time_reporter', token(['time_reporter']), staffOf('private_provider'), /held by registered systems/],
  ['a registered time-reporting system', token(['time_reporter']), clientOf('private_provider', ['time_reporter']), 'ok'],
  ['a system claiming a role it is not registered for', token(['reporting']), clientOf('contract_unit', ['time_reporter']), /not registered for the role reporting/],
  ['a system claiming a person’s role', token(['manager']), clientOf('private_provider', ['time_reporter']), /may hold only/],
  ['a system of another organisation', token(['time_reporter'], OTHER), clientOf('private_provider', ['time_reporter']), /does not belong/],
  ['no roles at all: bound, and grants nothing', token([]), staffOf('private_provider'), 'ok'],
  ['a role the directory gives', token(['care_staff']), { ...staffOf('private_provider'), staffRoles: ['care_staff', 'licensed'] }, 'ok'],
  ['a role the directory does not give', token(['it_contact']), { ...staffOf('private_provider'), staffRoles: ['care_staff'] }, /does not give this staff member the role it_contact/],
];

for (const [name, p, who, expected] of cases) {
  if (expected === 'ok') {
    const caller = bindCaller(p, who, today);
    t.same(caller, { ...p, type: who!.type, organisationKind: who!.organisationKind }, name);
  } else {
    let refusal: unknown;
    try {
      bindCaller(p, who, today);
    } catch (err) {
      refusal = err;
    }
    t.ok(refusal instanceof HttpProblem && refusal.status === 403, `${name}: 403`);
    t.match((refusal as HttpProblem | undefined)?.detail, expected, name);
  }
}
