// The holes of issue #9 in the register of individuals and the access log: city-wide roles claimed by a provider,
// a staff member's `sub` with another organisation's `org`, the time-reporting system reading the register, a
// refused caller told about its body, and a forged audit cursor. Each answered 200, 400 or 500 before the binding.
import { count, eq } from 'drizzle-orm';
import t from 'tap';
import { accessLog } from '../../src/db/access-log.js';
import { demo, demoIndividuals } from '../../src/demo/city.js';
import { encodeCursor } from '../../src/http/pagination.js';
import { bearer, createTestApp } from '../helpers/app.js';

const astrid = demo.individual.astrid;
const astridsPin = demoIndividuals.find((i) => i.id === astrid)!.personalIdentityNumber;

t.test('admin, auditor and reporting claimed outside the contract unit are refused; at the contract unit they work', async (t) => {
  const { app, db, token, tokenFor } = await createTestApp(t);
  const reads: { what: string; url: string; payload?: object }[] = [
    { what: 'the individuals list', url: '/v1/individuals?limit=200' },
    { what: 'an individual', url: `/v1/individuals/${astrid}` },
    { what: 'the service overview', url: `/v1/individuals/${astrid}/services` },
    { what: 'the search', url: '/v1/individuals/search', payload: { personalIdentityNumber: astridsPin } },
    { what: 'the access log', url: '/v1/audit-events' },
  ];
  // Real staff of a private provider, the municipal provider and a district, each claiming a city-wide role.
  const claimants = [
    { sub: 'manager-maria', org: demo.org.privateProvider },
    { sub: 'other-olle', org: demo.org.otherProvider },
    { sub: 'municipal-mats', org: demo.org.municipalProvider },
    { sub: 'caseworker-hugo', org: demo.org.otherDistrict },
  ];
  for (const who of claimants) {
    for (const role of ['admin', 'auditor', 'reporting'] as const) {
      const headers = bearer(await token({ sub: who.sub, org: who.org, roles: [role] }));
      for (const r of reads) {
        const res = await app.inject({ method: r.payload ? 'POST' : 'GET', url: r.url, headers, ...(r.payload ? { payload: r.payload } : {}) });
        t.equal(res.statusCode, 403, `${who.sub} claiming ${role}: ${r.what} is 403`);
        t.notMatch(res.body, /Astrid|194107082341|19410708/, `${who.sub} claiming ${role}: ${r.what} shows nothing of her`);
      }
    }
  }
  const logged = await db.select({ n: count() }).from(accessLog).where(eq(accessLog.individualId, astrid));
  t.equal(Number(logged[0]!.n), 0, 'no read of Astrid reached the access log');

  // The same roles at the contract unit: everyone in the register, and the auditor the log.
  for (const who of ['admin-anna', 'auditor-agnes', 'eku-erik']) {
    const list = await app.inject({ url: '/v1/individuals?limit=200', headers: bearer(await tokenFor(who)) });
    t.equal(list.statusCode, 200, `${who} lists`);
    t.same(list.json().items.map((i: { id: string }) => i.id).sort(), [demo.individual.astrid, demo.individual.bertil], `${who} sees every individual`);
  }
  t.equal((await app.inject({ url: '/v1/audit-events', headers: bearer(await tokenFor('auditor-agnes')) })).statusCode, 200, 'the contract unit’s auditor reads the log');
});

t.test('a staff member’s sub with another organisation’s org is refused, even where that organisation would see more', async (t) => {
  const { app, token, tokenFor } = await createTestApp(t);
  // Olle works at Trygg Omsorg, which serves neither demo individual; Omsorg Väst serves Astrid.
  const forged = bearer(await token({ sub: 'other-olle', org: demo.org.privateProvider, roles: ['care_staff'] }));
  for (const [what, req] of [
    ['list', { url: '/v1/individuals?limit=200' }],
    ['read', { url: `/v1/individuals/${astrid}` }],
    ['overview', { url: `/v1/individuals/${astrid}/services` }],
    ['consents', { url: `/v1/individuals/${astrid}/consents` }],
    ['search', { method: 'POST', url: '/v1/individuals/search', payload: { personalIdentityNumber: astridsPin } }],
    ['record consent', { method: 'POST', url: `/v1/individuals/${astrid}/consents`, payload: { givenOn: '2030-01-01', method: 'verbal' } }],
  ] as const) {
    const res = await app.inject({ ...req, headers: forged });
    t.equal(res.statusCode, 403, `${what} is 403`);
    t.match(res.json().detail, /does not belong to the organisation/, `${what}: the refusal says why`);
  }
  // Olle with his own organisation: admitted, and sees nothing of Astrid.
  const olle = bearer(await tokenFor('other-olle'));
  t.equal((await app.inject({ url: `/v1/individuals/${astrid}`, headers: olle })).statusCode, 404);
  t.same((await app.inject({ url: '/v1/individuals', headers: olle })).json().items, []);
});

t.test('the time-reporting system does not read the register', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  // Omsorg Väst's system, bound to the provider that serves Astrid.
  const system = bearer(await tokenFor('phoniro-omsorg-vast'));
  for (const [what, req] of [
    ['list', { url: '/v1/individuals' }],
    ['read', { url: `/v1/individuals/${astrid}` }],
    ['overview', { url: `/v1/individuals/${astrid}/services` }],
    ['consents', { url: `/v1/individuals/${astrid}/consents` }],
    ['search', { method: 'POST', url: '/v1/individuals/search', payload: { personalIdentityNumber: astridsPin } }],
  ] as const) {
    const res = await app.inject({ ...req, headers: system });
    t.equal(res.statusCode, 403, `${what} is 403`);
    t.match(res.json().detail, /^This operation is for /, `${what}: refused by the route’s declaration`);
  }
});

t.test('a caller without the role gets 403 for a bad body, not the field errors', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  for (const [who, method, url] of [
    ['care-karin', 'POST', '/v1/individuals'],
    ['care-karin', 'PATCH', `/v1/individuals/${astrid}`],
    ['care-karin', 'POST', `/v1/individuals/${astrid}/services`],
    ['care-karin', 'POST', `/v1/individuals/${astrid}/services/40000000-0000-4000-8000-000000000001/end`],
    ['eku-erik', 'POST', `/v1/individuals/${astrid}/consents`],
    ['eku-erik', 'POST', `/v1/individuals/${astrid}/consents/50000000-0000-4000-8000-000000000001/withdraw`],
    ['phoniro-omsorg-vast', 'POST', '/v1/individuals/search'],
  ] as const) {
    const res = await app.inject({ method, url, headers: bearer(await tokenFor(who)), payload: {} });
    t.equal(res.statusCode, 403, `${who} ${method} ${url.replace(astrid, ':id')} with {} is 403`);
    t.notOk('errors' in res.json(), 'no field errors for a caller who may not call');
  }
  // The same body from a caller who may: now the body is read.
  const cw = await app.inject({ method: 'POST', url: '/v1/individuals', headers: bearer(await tokenFor('caseworker-cecilia')), payload: {} });
  t.equal(cw.statusCode, 400);
  t.ok(cw.json().errors.length > 0);
});

t.test('forged cursors of the individuals list and the access log are 400, not 500', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const auditor = bearer(await tokenFor('auditor-agnes'));
  const admin = bearer(await tokenFor('admin-anna'));
  const uuid = '30000000-0000-4000-8000-000000000001';
  for (const key of [
    ['+275760-09-13T00:00:00.000Z', uuid], // the largest date JavaScript knows: beyond PostgreSQL's timestamps
    ['275760-09-13T00:00:00.000Z', uuid],
    ['2026-01-01T00:00:00.000Z', 'not-a-uuid'],
    ['yesterday', uuid],
    [0, uuid],
  ]) {
    const res = await app.inject({ url: `/v1/audit-events?cursor=${encodeCursor(key as (string | number)[])}`, headers: auditor });
    t.equal(res.statusCode, 400, `audit cursor ${JSON.stringify(key)} is 400`);
    t.equal(res.json().type, '/problems/invalid-cursor');
  }
  const res = await app.inject({ url: `/v1/individuals?cursor=${encodeCursor(['Astrid', 'not-a-uuid'])}`, headers: admin });
  t.equal(res.statusCode, 400, 'an individuals cursor with an id that is not a uuid is 400');
  t.equal(res.json().type, '/problems/invalid-cursor');
  // A cursor this service issued still works.
  const first = await app.inject({ url: '/v1/individuals?limit=1', headers: admin });
  const next = await app.inject({ url: `/v1/individuals?limit=1&cursor=${first.json().nextCursor}`, headers: admin });
  t.equal(next.statusCode, 200);
  t.same(next.json().items.map((i: { name: string }) => i.name), ['Bertil Berg']);
});
