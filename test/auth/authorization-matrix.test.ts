// The authorization matrix, generated from the route table: every /v1 operation × every role × an organisation of
// every kind where the role is honoured (the own private provider, another private provider, the municipal
// provider, a city unit, a district, the contract unit). Each answer is checked against the expectations below,
// kept here by hand: a new operation without a row fails this test. No token is 401 everywhere; a refusal by the
// declaration is 403 before the (empty, so invalid) body is read; an admitted caller is never 401 or 5xx.
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import t from 'tap';
import { accessPlugin } from '../../src/auth/plugin.js';
import { ROLES, ROLE_KINDS, type Role } from '../../src/auth/roles.js';
import { apiClients, staff } from '../../src/db/schema/index.js';
import type { OrganisationKind } from '../../src/db/schema/kinds.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp, testConfig } from '../helpers/app.js';

/**
 * Who may call each operation: `role` (any organisation kind where it is honoured), `role@kind|kind`, or `*` (every
 * role). Record rules (which individual, which organisation's statement) are tested in each feature's own tests.
 */
const NOT_SYSTEMS = ROLES.filter((r) => r !== 'time_reporter');
const PROVIDER_PEOPLE = ['manager', 'it_contact', 'care_staff', 'licensed'].map((r) => `${r}@private_provider|municipal_provider|city_unit`);
const EXPECTED: Record<string, string[]> = {
  // Directory: the contract unit's admin keeps it; everyone reads the address book.
  createOrganisation: ['admin'],
  listOrganisations: ['*'],
  getOrganisation: ['*'],
  updateOrganisation: ['admin'],
  createUnit: ['admin'],
  listUnits: ['*'],
  getUnit: ['*'],
  updateUnit: ['admin'],
  createStaff: ['admin'],
  listStaff: ['*'],
  getStaff: ['*'],
  updateStaff: ['admin'],
  // The register of individuals: commissioned by the district (or the contract unit's admin), read by everyone who
  // serves or follows up (the record rule then shows only those the caller may see), never by a system.
  createIndividual: ['case_worker', 'admin'],
  updateIndividual: ['case_worker', 'admin'],
  createServiceAssignment: ['case_worker', 'admin'],
  endServiceAssignment: ['case_worker', 'admin'],
  ...Object.fromEntries(['listIndividuals', 'searchIndividualByPersonalIdentityNumber', 'getIndividual', 'getServiceOverview', 'listConsents'].map((id) => [id, NOT_SYSTEMS])),
  recordConsent: ['admin', 'case_worker', 'manager', 'care_staff', 'licensed'],
  withdrawConsent: ['admin', 'case_worker', 'manager', 'care_staff', 'licensed'],
  listAuditEvents: ['auditor'],
  registerApiClient: ['admin'],
  listApiClients: ['admin'],
  getApiClient: ['admin'],
  revokeApiClient: ['admin'],
  loadDemoCity: ['admin'],
  // Messages: people who care for or commission care write and read; systems, follow-up and log auditors do not.
  ...Object.fromEntries(
    ['sendMessage', 'suggestRecipients', 'listInbox', 'getInboxSummary', 'listSent', 'getMessage', 'getThread', 'markMessageRead', 'acknowledgeMessage', 'listContactGroups', 'getContactGroup', 'watchContactGroup'].map((id) => [
      id,
      ['case_worker', 'it_contact', 'manager', 'care_staff', 'licensed', 'admin'],
    ]),
  ),
  // Contact groups are kept by each organisation's IT contact.
  createContactGroup: ['it_contact'],
  updateContactGroup: ['it_contact'],
  deleteContactGroup: ['it_contact'],
  setContactGroupMembers: ['it_contact'],
  // Compensation: the contract unit pays and follows up; a district its own individuals; a provider its own figures.
  ...Object.fromEntries(
    ['listCompensationRates', 'getCompensationStatement', 'reportPerformedVsGranted', 'reportContinuity', 'reportDeclinedAndAddedVisits'].map((id) => [
      id,
      ['admin', 'reporting', 'manager', 'case_worker'],
    ]),
  ),
  createCompensationRate: ['admin'],
  // Closing a month (stängd månad): the contract unit closes for everyone; only its admin reopens.
  listCompensationPeriods: ['admin', 'reporting', 'manager', 'case_worker'],
  closeCompensationPeriod: ['admin', 'manager@contract_unit'],
  reopenCompensationPeriod: ['admin'],
  // The individual's fee (avgift) is the individual's economic data: the district's case workers and the city's
  // follow-up read it, never a provider; the contract unit's admin keeps the rates.
  listFeeRates: ['case_worker', 'reporting', 'admin'],
  createFeeRate: ['admin'],
  recordFeeCeiling: ['case_worker'],
  listFeeCeilings: ['case_worker', 'reporting'],
  getFeeStatement: ['case_worker', 'reporting'],
  reportVisits: ['time_reporter'],
  listVisitVersions: ['time_reporter', 'admin'],
  // Delegations live inside a care provider: licensed staff issue, the named employee signs, managers follow up.
  listDelegationTaskTypes: ['*'],
  createDelegation: ['licensed'],
  renewDelegation: ['licensed'],
  revokeDelegation: ['licensed', 'manager@private_provider|municipal_provider|city_unit'],
  ...Object.fromEntries(
    ['listMyDelegations', 'signDelegation', 'declineDelegation', 'getDelegation'].map((id) => [id, PROVIDER_PEOPLE]),
  ),
  listDelegations: ['licensed', 'manager@private_provider|municipal_provider|city_unit'],
  checkDelegation: [...PROVIDER_PEOPLE, 'time_reporter'],
  // Areas are the city's data, kept by the contract unit's admin; where an individual lives belongs to the register.
  createArea: ['admin'],
  updateArea: ['admin'],
  listAreas: ['*'],
  getArea: ['*'],
  setIndividualArea: ['case_worker', 'admin'],
  listIndividualAreas: NOT_SYSTEMS,
  // Choosing a provider: a private provider's manager keeps its areas, cap and waiting list; the district's case
  // worker queues, assigns and declines; availability is public to every caller (the comparison service).
  setProviderCapacity: ['admin', 'manager@private_provider'],
  getProviderCapacityHistory: ['admin', 'manager@private_provider'],
  getProviderAvailability: ['*'],
  listProviders: ['*'],
  ...Object.fromEntries(['registerWaitingListEntry', 'listWaitingList', 'getWaitingListEntry', 'withdrawWaitingListEntry'].map((id) => [id, ['case_worker', 'manager@private_provider']])),
  getWaitingListDue: ['manager@private_provider'],
  notifyFirstOnWaitingList: ['manager@private_provider'],
  assignFromWaitingList: ['case_worker'],
  declineWaitingListEntry: ['case_worker'],
  // New home-care assignments are started by the private or municipal provider; overdue ones concern the district.
  listNewAssignments: ['case_worker', 'manager@private_provider|municipal_provider', 'care_staff@private_provider|municipal_provider'],
  recordFirstContact: ['manager@private_provider|municipal_provider', 'care_staff@private_provider|municipal_provider'],
  recordFirstVisit: ['manager@private_provider|municipal_provider', 'care_staff@private_provider|municipal_provider'],
  // Ickevalsalternativ: the rules are public; the contract unit's admin keeps them and judges qualification; a private
  // provider's manager opts in or out; the case worker allocates; the contract unit and the districts follow it up.
  listDefaultProviderPolicies: ['*'],
  createDefaultProviderPolicy: ['admin'],
  recordDefaultProviderQualification: ['admin'],
  setDefaultProviderParticipation: ['manager@private_provider'],
  getDefaultProviderStanding: ['admin', 'reporting', 'manager@private_provider'],
  allocateDefaultProvider: ['case_worker'],
  listDefaultProviderAllocations: ['admin', 'reporting', 'case_worker'],
};

const ORGS: { key: string; id: string; kind: OrganisationKind }[] = [
  { key: 'own', id: demo.org.privateProvider, kind: 'private_provider' },
  { key: 'another', id: demo.org.otherProvider, kind: 'private_provider' },
  { key: 'municipal', id: demo.org.municipalProvider, kind: 'municipal_provider' },
  { key: 'cityUnit', id: demo.org.nightUnit, kind: 'city_unit' },
  { key: 'district', id: demo.org.district, kind: 'district' },
  { key: 'city', id: demo.org.contractUnit, kind: 'contract_unit' },
];

function admits(spec: string[], role: Role, kind: OrganisationKind): boolean {
  return spec.some((s) => {
    if (s === '*') return true;
    const [r, kinds] = s.split('@');
    return r === role && (!kinds || kinds.split('|').includes(kind));
  });
}

t.test('every operation × every role × organisation answers as the table says', async (t) => {
  const { app, db, token } = await createTestApp(t);
  // One bound caller per role and organisation where the role is honoured: staff, or a registered system.
  const callers: { name: string; role: Role; kind: OrganisationKind; headers: Record<string, string> }[] = [];
  for (const role of ROLES) {
    for (const org of ORGS.filter((o) => ROLE_KINDS[role].includes(o.kind))) {
      const id = `matrix-${role}-${org.key}`;
      const asClient = role === 'time_reporter';
      if (asClient) await db.insert(apiClients).values({ id, name: id, organisationId: org.id, roles: [role], registeredBy: 'admin-anna' });
      else await db.insert(staff).values({ id, name: id, organisationId: org.id, roles: [role] });
      callers.push({ name: `${role}@${org.key}`, role, kind: org.kind, headers: bearer(await token({ sub: id, org: org.id, roles: [role] })) });
    }
  }

  const operations = app.accessTable;
  t.ok(operations.length > 55, `${operations.length} operations in the route table`);
  const missing = operations.filter((o) => !o.operationId || !EXPECTED[o.operationId]);
  t.same(missing.map((o) => `${o.method} ${o.url}`), [], 'every operation has a row in the expectations table');
  const stale = Object.keys(EXPECTED).filter((id) => !operations.some((o) => o.operationId === id));
  t.same(stale, [], 'no row names an operation that is gone');

  for (const op of operations) {
    const spec = EXPECTED[op.operationId ?? ''];
    if (!spec) continue;
    const url = `/v1${op.url.replace(/^\/v1/, '')}`.replace(/:(\w+)/g, '30000000-0000-4000-8000-0000000000ee');
    const method = op.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    const payload = method === 'GET' || method === 'DELETE' ? undefined : {};
    const anonymous = await app.inject({ method, url, ...(payload ? { payload } : {}) });
    t.equal(anonymous.statusCode, 401, `${op.operationId}: no token is 401`);
    const outcome: string[] = [];
    const wanted: string[] = [];
    for (const c of callers) {
      const res = await app.inject({ method, url, headers: c.headers, ...(payload ? { payload } : {}) });
      const refused = res.statusCode === 403 && String(res.json().detail).startsWith('This operation is for');
      if (res.statusCode === 401 || res.statusCode >= 500) outcome.push(`${c.name}:${res.statusCode}`);
      else if (!refused) outcome.push(c.name);
      if (admits(spec, c.role, c.kind)) wanted.push(c.name);
    }
    t.same(outcome, wanted, `${op.operationId}: admitted callers`);
  }
});

t.test('a /v1 route without an access declaration stops the start', async (t) => {
  const config = testConfig();
  const app = Fastify();
  await app.register(rateLimit, { global: false });
  const binder = { bind: async (): Promise<never> => Promise.reject(new Error('not used')), forget: () => {} };
  // Awaiting a registration loads the plugin: the undeclared route is refused right there.
  await t.rejects(async () => {
    await app.register(
      async (api) => {
        await api.register(accessPlugin, { auth: config.auth, binder, table: [], limits: config.rateLimits });
        api.get('/declared', { config: { access: { roles: ['admin'] } } }, async () => ({}));
        api.get('/undeclared', async () => ({}));
      },
      { prefix: '/v1' },
    );
    await app.ready();
  }, /GET \/v1\/undeclared declares no access/);
});
