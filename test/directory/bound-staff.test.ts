// The staff register is what tokens are bound to: a write to it holds at once, an id is either a person's or a
// system's, a role the person's organisation cannot hold is refused, and a caller without the role learns nothing
// about its body. Before the binding a staff member who had left kept every right.
import t from 'tap';
import { addDays } from '../../src/calendar/add-days.js';
import { localDate } from '../../src/calendar/local-date.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';

t.test('a last day set through PATCH /v1/staff/:id refuses the person at once; clearing it lets them back', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const karin = bearer(await tokenFor('care-karin'));
  const today = localDate();
  const reads = async () => ({
    individual: (await app.inject({ url: `/v1/individuals/${demo.individual.astrid}`, headers: karin })).statusCode,
    staff: (await app.inject({ url: '/v1/staff', headers: karin })).statusCode,
  });
  // Karin's binding is now in the cache (it lives for seconds).
  t.same(await reads(), { individual: 200, staff: 200 });

  const leaves = async (leftOn: string | null) => {
    const res = await app.inject({ method: 'PATCH', url: '/v1/staff/care-karin', headers: admin, payload: { leftOn } });
    t.equal(res.statusCode, 200);
    t.equal(res.json().leftOn, leftOn);
  };
  await leaves(today);
  t.same(await reads(), { individual: 200, staff: 200 }, 'the last day itself is still a working day');
  await leaves(addDays(today, -1));
  const refused = await app.inject({ url: `/v1/individuals/${demo.individual.astrid}`, headers: karin });
  t.equal(refused.statusCode, 403, 'left yesterday: refused on the very next request');
  t.match(refused.json().detail, /has left/);
  t.same(await reads(), { individual: 403, staff: 403 });
  await leaves(null);
  t.same(await reads(), { individual: 200, staff: 200 }, 'back again at once');
});

t.test('a staff member registered now is honoured at once; an id of a registered system is 409', async (t) => {
  const { app, token, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const newcomer = bearer(await token({ sub: 'idp|ny', org: demo.org.privateProvider, roles: ['care_staff'] }));
  t.equal((await app.inject({ url: '/v1/staff', headers: newcomer })).statusCode, 403, 'not in the directory yet');
  const created = await app.inject({ method: 'POST', url: '/v1/staff', headers: admin, payload: { id: 'idp|ny', name: 'Ny', organisationId: demo.org.privateProvider, roles: ['care_staff'] } });
  t.equal(created.statusCode, 201);
  t.equal((await app.inject({ url: '/v1/staff/idp|ny', headers: newcomer })).statusCode, 200, 'honoured on the next request');

  const clash = await app.inject({
    method: 'POST',
    url: '/v1/staff',
    headers: admin,
    payload: { id: 'phoniro-omsorg-vast', name: 'Phoniro', organisationId: demo.org.privateProvider, roles: ['care_staff'] },
  });
  t.equal(clash.statusCode, 409, 'the id of a registered API client');
  t.equal(clash.json().type, '/problems/conflict');
  t.equal((await app.inject({ url: '/v1/staff/phoniro-omsorg-vast', headers: admin })).statusCode, 404, 'no staff row was made');
  t.equal((await app.inject({ url: '/v1/staff', headers: bearer(await tokenFor('phoniro-omsorg-vast')) })).statusCode, 200, 'the system still works');
});

t.test('roles the organisation cannot hold are 422, for new staff and for a change', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const post = (organisationId: string, roles: string[]) =>
    app.inject({ method: 'POST', url: '/v1/staff', headers: admin, payload: { id: `r-${roles.join('-')}-${organisationId.slice(-1)}`, name: 'R', organisationId, roles } });
  for (const [organisationId, roles, bad] of [
    [demo.org.privateProvider, ['care_staff', 'admin'], ['body.roles.1']],
    [demo.org.privateProvider, ['auditor'], ['body.roles.0']],
    [demo.org.municipalProvider, ['reporting'], ['body.roles.0']],
    [demo.org.district, ['care_staff', 'case_worker'], ['body.roles.0']],
    [demo.org.contractUnit, ['case_worker'], ['body.roles.0']],
    [demo.org.privateProvider, ['time_reporter'], ['body.roles.0']],
  ] as const) {
    const res = await post(organisationId, [...roles]);
    t.equal(res.statusCode, 422, `${roles.join('+')} in ${organisationId.slice(-2)}`);
    t.same(res.json().errors?.map((e: { path: string }) => e.path), bad);
  }
  for (const [organisationId, roles] of [
    [demo.org.contractUnit, ['admin', 'auditor', 'reporting', 'manager']],
    [demo.org.district, ['case_worker', 'manager', 'it_contact']],
    [demo.org.nightUnit, ['care_staff', 'licensed', 'manager']],
  ] as const) {
    t.equal((await post(organisationId, [...roles])).statusCode, 201, `${roles.join('+')} where they are honoured`);
  }
  const change = await app.inject({ method: 'PATCH', url: '/v1/staff/care-karin', headers: admin, payload: { roles: ['care_staff', 'admin'] } });
  t.equal(change.statusCode, 422);
  t.same(change.json().errors.map((e: { path: string }) => e.path), ['body.roles.1']);
  t.same((await app.inject({ url: '/v1/staff/care-karin', headers: admin })).json().roles, ['care_staff'], 'unchanged');
});

t.test('a caller without the role gets 403 for a bad body, not the field errors', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  for (const [method, url] of [
    ['POST', '/v1/organisations'],
    ['PATCH', `/v1/organisations/${demo.org.privateProvider}`],
    ['POST', '/v1/units'],
    ['PATCH', `/v1/units/${demo.unit.privateCentrum}`],
    ['POST', '/v1/staff'],
    ['PATCH', '/v1/staff/care-karin'],
  ] as const) {
    for (const payload of [{}, { name: 42, kind: 'king', roles: 'admin' }]) {
      const res = await app.inject({ method, url, headers: bearer(await tokenFor('care-karin')), payload });
      t.equal(res.statusCode, 403, `care staff ${method} ${url} with ${JSON.stringify(payload)} is 403`);
      t.notOk('errors' in res.json(), 'no field errors');
    }
  }
  const admin = await app.inject({ method: 'POST', url: '/v1/organisations', headers: bearer(await tokenFor('admin-anna')), payload: {} });
  t.equal(admin.statusCode, 400, 'the admin is told what is wrong with the body');
});

t.test('staff are seen within the bound organisation; admin and auditor of the contract unit see all', async (t) => {
  const { app, token, tokenFor } = await createTestApp(t);
  const ids = async (headers: Record<string, string>) => (await app.inject({ url: '/v1/staff?limit=200', headers })).json().items.map((s: { id: string }) => s.id);
  // Olle claims Omsorg Väst as his organisation: refused, not shown Omsorg Väst's staff.
  const forged = bearer(await token({ sub: 'other-olle', org: demo.org.privateProvider, roles: ['manager'] }));
  t.equal((await app.inject({ url: '/v1/staff', headers: forged })).statusCode, 403);
  t.equal((await app.inject({ url: '/v1/staff/care-karin', headers: forged })).statusCode, 403);
  t.same(await ids(bearer(await tokenFor('other-olle'))), ['other-olle']);
  // A manager of a provider claiming admin: refused, not shown everyone.
  t.equal((await app.inject({ url: '/v1/staff', headers: bearer(await token({ sub: 'manager-maria', org: demo.org.privateProvider, roles: ['admin'] })) })).statusCode, 403);
  const everyone = (await ids(bearer(await tokenFor('admin-anna')))).length;
  t.ok(everyone > 10);
  t.equal((await ids(bearer(await tokenFor('auditor-agnes')))).length, everyone, 'the auditor sees all');
  const erik = await ids(bearer(await tokenFor('eku-erik')));
  t.ok(erik.length > 0 && erik.length < everyone, 'reporting sees its own organisation’s staff only');
  t.equal((await app.inject({ url: '/v1/staff/care-karin', headers: bearer(await tokenFor('eku-erik')) })).statusCode, 404);
  t.same((await ids(bearer(await tokenFor('phoniro-omsorg-vast')))).sort(), ['care-kalle', 'care-karin', 'itcontact-ivan', 'manager-maria', 'nurse-lena'].sort(), 'a system sees its own organisation’s staff');
});
