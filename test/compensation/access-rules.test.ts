import t from 'tap';
import { mayCall } from '../../src/auth/access.js';
import { ROLE_KINDS, ROLES, type Role } from '../../src/auth/roles.js';
import { RATE_KEEPERS, READERS, readScopeOf, reportingSystemOf, TIME_REPORT_READERS, TIME_REPORTERS } from '../../src/compensation/access.js';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../src/db/schema/kinds.js';
import { HttpProblem } from '../../src/http/problem.js';

// The compensation declarations and record rules, pure: every role in every kind of organisation where it is honoured.

const OWN = '10000000-0000-4000-8000-000000000001';
const OTHER = '10000000-0000-4000-8000-000000000002';

/** Who each declaration admits, as `role@kind`. */
const expected: Record<string, string[]> = {
  readers: [
    'admin@contract_unit',
    'reporting@contract_unit',
    'manager@contract_unit',
    'case_worker@district',
    'manager@district',
    'manager@private_provider',
    'manager@municipal_provider',
    'manager@city_unit',
  ],
  rateKeepers: ['admin@contract_unit'],
  timeReporters: ['time_reporter@private_provider', 'time_reporter@municipal_provider', 'time_reporter@city_unit'],
  timeReportReaders: ['admin@contract_unit', 'time_reporter@private_provider', 'time_reporter@municipal_provider', 'time_reporter@city_unit'],
};

t.test('the declarations, role by role and kind by kind', async (t) => {
  const declarations = { readers: READERS, rateKeepers: RATE_KEEPERS, timeReporters: TIME_REPORTERS, timeReportReaders: TIME_REPORT_READERS };
  for (const [name, access] of Object.entries(declarations)) {
    const admitted: string[] = [];
    for (const role of ROLES) {
      for (const kind of ORGANISATION_KINDS) {
        if (!ROLE_KINDS[role].includes(kind)) continue; // such a token is refused whole before any declaration
        if (mayCall({ roles: [role], organisationKind: kind }, access)) admitted.push(`${role}@${kind}`);
      }
    }
    t.same(admitted.sort(), [...expected[name]!].sort(), name);
  }
});

t.test('what a reader sees of statements and reports', async (t) => {
  // [caller's kind, organisationId asked for, the scope, or 'forbidden']
  const cases: [OrganisationKind, string | undefined, { organisationId: string | undefined; districtId: string | undefined } | 'forbidden'][] = [
    ['contract_unit', undefined, { organisationId: undefined, districtId: undefined }],
    ['contract_unit', OTHER, { organisationId: OTHER, districtId: undefined }],
    ['district', undefined, { organisationId: undefined, districtId: OWN }],
    ['district', OTHER, { organisationId: OTHER, districtId: OWN }],
    ['private_provider', undefined, { organisationId: OWN, districtId: undefined }],
    ['private_provider', OWN, { organisationId: OWN, districtId: undefined }],
    ['private_provider', OTHER, 'forbidden'],
    ['municipal_provider', OTHER, 'forbidden'],
    ['city_unit', undefined, { organisationId: OWN, districtId: undefined }],
    ['city_unit', OTHER, 'forbidden'],
  ];
  for (const [kind, organisationId, scope] of cases) {
    const name = `${kind} asking for ${organisationId === OWN ? 'its own' : organisationId ? 'another' : 'everything'}`;
    const caller = { org: OWN, organisationKind: kind };
    if (scope === 'forbidden') t.throws(() => readScopeOf(caller, organisationId), new HttpProblem('forbidden', 'A provider reads its own statements and reports only.'), name);
    else t.same(readScopeOf(caller, organisationId), scope, name);
  }
});

t.test('whose visit versions a caller lists', async (t) => {
  const cases: [Role[], string | undefined, string][] = [
    [['time_reporter'], undefined, 'me'],
    [['time_reporter'], 'other-system', 'me'],
    [['admin'], 'other-system', 'other-system'],
    [['admin'], undefined, 'me'],
  ];
  for (const [roles, requested, system] of cases) t.equal(reportingSystemOf({ sub: 'me', roles }, requested), system, `${roles.join()} asking for ${requested ?? 'nothing'}`);
});
