import t from 'tap';
import { and, eq } from 'drizzle-orm';
import { accessLog } from '../../src/db/access-log.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, postVisits, provider, reporterTokens, statement, visit, type StatementLine } from '../helpers/compensation.js';

t.test('who reads statements, and which lines', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);

  // Centrum's individual at the private provider, Hisingen's at the private provider, Centrum's at the municipal one.
  const centrumPrivate = await addIndividual(db, 'Centrum, private', demo.org.district);
  const hisingenPrivate = await addIndividual(db, 'Hisingen, private', demo.org.otherDistrict);
  const centrumMunicipal = await addIndividual(db, 'Centrum, municipal', demo.org.district);
  for (const id of [centrumPrivate, hisingenPrivate]) await assign(db, { individualId: id, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
  await assign(db, { individualId: centrumMunicipal, unitId: provider.municipal.unitId, organisationId: provider.municipal.organisationId });
  const slot = { checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T10:00:00+02:00' };
  t.equal((await postVisits(app, tokens.private, [visit({ individualId: centrumPrivate, ...slot }), visit({ individualId: hisingenPrivate, ...slot })])).json().created, 2);
  t.equal((await postVisits(app, tokens.municipal, [visit({ individualId: centrumMunicipal, ...slot }, 'municipal')])).json().created, 1);

  const all = [centrumPrivate, hisingenPrivate, centrumMunicipal].sort();
  const matrix: [caller: string, query: string, status: number, sees?: string[]][] = [
    ['admin-anna', 'month=2019-05', 200, all],
    ['eku-erik', 'month=2019-05', 200, all], // reporting, contract unit
    ['auditor-agnes', `month=2019-05&organisationId=${demo.org.privateProvider}`, 403], // the log auditor reads the access log, not the money
    ['manager-maria', `month=2019-05&organisationId=${demo.org.privateProvider}`, 200, [centrumPrivate, hisingenPrivate].sort()],
    ['manager-maria', 'month=2019-05', 200, [centrumPrivate, hisingenPrivate].sort()], // own organisation by default
    ['manager-maria', `month=2019-05&organisationId=${demo.org.municipalProvider}`, 403],
    ['municipal-mats', `month=2019-05&organisationId=${demo.org.municipalProvider}`, 200, [centrumMunicipal]],
    ['other-olle', `month=2019-05&organisationId=${demo.org.privateProvider}`, 403], // another provider
    ['caseworker-cecilia', 'month=2019-05', 200, [centrumPrivate, centrumMunicipal].sort()], // Centrum's own individuals only
    ['caseworker-cecilia', `month=2019-05&organisationId=${demo.org.privateProvider}`, 200, [centrumPrivate]],
    ['caseworker-hugo', `month=2019-05&organisationId=${demo.org.privateProvider}`, 200, [hisingenPrivate]],
    ['caseworker-hugo', `month=2019-05&organisationId=${demo.org.municipalProvider}`, 200, []],
    ['care-karin', `month=2019-05&organisationId=${demo.org.privateProvider}`, 403], // care staff
    ['nurse-lena', 'month=2019-05', 403],
    ['itcontact-ivan', 'month=2019-05', 403],
    ['phoniro-omsorg-vast', 'month=2019-05', 403], // the time-reporting system reports, it does not read statements
    ['admin-anna', 'month=2019-05&organisationId=99999999-0000-4000-8000-000000000000', 404],
    ['admin-anna', 'month=2019-05&organisationId=not-a-uuid', 400],
  ];
  for (const [caller, query, status, sees] of matrix) {
    const res = await statement(app, await ta.tokenFor(caller), query);
    t.equal(res.statusCode, status, `${caller} ${query}`);
    if (sees) t.same([...new Set(res.json().lines.map((l: StatementLine) => l.individualId))].sort(), sees, `${caller} ${query}: lines`);
    else t.equal(res.json().type, status === 403 ? '/problems/forbidden' : status === 404 ? '/problems/not-found' : '/problems/validation-error');
  }
  // The same rule on the follow-up reports.
  for (const path of ['performed-vs-granted?month=2019-05', 'continuity?from=2019-05-13', 'declined-added?month=2019-05']) {
    const url = `/v1/compensation/reports/${path}&organisationId=${demo.org.municipalProvider}`;
    t.equal((await app.inject({ url, headers: bearer(await ta.tokenFor('manager-maria')) })).statusCode, 403, `${path}: another provider`);
    t.equal((await app.inject({ url, headers: bearer(await ta.tokenFor('care-karin')) })).statusCode, 403, `${path}: care staff`);
    t.equal((await app.inject({ url, headers: bearer(await ta.tokenFor('municipal-mats')) })).statusCode, 200, `${path}: the provider itself`);
  }
  const hugoCont = await app.inject({ url: '/v1/compensation/reports/continuity?from=2019-05-13', headers: bearer(await ta.tokenFor('caseworker-hugo')) });
  t.same(hugoCont.json().items.map((i: { individualId: string }) => i.individualId), [hisingenPrivate], 'a district sees its own individuals in reports too');

  // Reads are in the access log: one entry per individual in the result, none for individuals not shown.
  const logged = await db
    .select()
    .from(accessLog)
    .where(and(eq(accessLog.actorId, 'caseworker-hugo'), eq(accessLog.resourceType, 'compensation_statement')));
  t.same([...new Set(logged.map((e) => e.individualId))], [hisingenPrivate]);
  t.ok(logged.every((e) => e.action === 'read'));
});

t.test('rates: read by those who read statements, added only by the contract unit’s admin, never before 2019-05-01, never overwritten', async (t) => {
  const ta = await createTestApp(t);
  const { app } = ta;
  const admin = bearer(await ta.tokenFor('admin-anna'));
  const seeded = await app.inject({ url: '/v1/compensation/rates', headers: admin });
  t.equal(seeded.statusCode, 200);
  t.match(seeded.json().items, [
    { providerKind: 'municipal', validFrom: '2019-05-01', hourlyOre: 46000, inconvenientOre: 53800, createdBy: 'migration' },
    { providerKind: 'private', validFrom: '2019-05-01', hourlyOre: 46700, inconvenientOre: 54600, createdBy: 'migration' },
  ]);
  const good = { providerKind: 'private', validFrom: '2021-04-01', hourlyOre: 53000 };
  const post = (payload: object, headers = admin) => app.inject({ method: 'POST', url: '/v1/compensation/rates', headers, payload });
  // [caller, reads the rates, may add one]: the statement readers read; of them only the contract unit's admin adds
  // (before, any role at the contract unit added rates, which change past statements).
  const table: [string, boolean][] = [
    ['eku-erik', true], // reporting, contract unit
    ['auditor-agnes', false], // the log auditor, contract unit
    ['manager-maria', true], // a provider's manager
    ['caseworker-cecilia', true], // a district's case worker
    ['care-karin', false],
    ['itcontact-ivan', false],
    ['phoniro-omsorg-vast', false], // the time-reporting system
  ];
  for (const [who, reads] of table) {
    const auth = bearer(await ta.tokenFor(who));
    t.equal((await app.inject({ url: '/v1/compensation/rates', headers: auth })).statusCode, reads ? 200 : 403, `${who} ${reads ? 'reads' : 'reads no'} rates`);
    const refused = await post(good, auth);
    t.equal(refused.statusCode, 403, `${who} adds no rates`);
    t.equal(refused.json().type, '/problems/forbidden');
    // Without the role, a bad body is 403 too: the declaration is checked before the body is read.
    const bad = await post({ providerKind: 'nonprofit', hourlyOre: -1 }, auth);
    t.equal(bad.statusCode, 403, `${who}, bad body: 403, not 400`);
    t.notOk(bad.json().errors, 'and no field errors');
  }
  t.same(
    (await app.inject({ url: '/v1/compensation/rates', headers: admin })).json().items.map((r: { validFrom: string }) => r.validFrom),
    ['2019-05-01', '2019-05-01'],
    'no refused call added a row',
  );

  const early = await post({ providerKind: 'private', validFrom: '2019-04-30', hourlyOre: 46700 });
  t.equal(early.statusCode, 422);
  t.equal(early.json().errors[0].path, 'body.validFrom');
  t.equal((await post({ providerKind: 'private', validFrom: '2019-05-01', hourlyOre: 48600 })).statusCode, 409, 'one row per kind and day');
  t.equal((await post({ providerKind: 'private', validFrom: '2021-04-01', hourlyOre: 0 })).statusCode, 400);
  t.equal((await post({ providerKind: 'nonprofit', validFrom: '2021-04-01', hourlyOre: 53000 })).statusCode, 400);
  t.match((await post({ providerKind: 'private', validFrom: '2020-01-01', hourlyOre: 48600, inconvenientOre: 56900 })).json(), { hourlyOre: 48600, inconvenientOre: 56900, createdBy: 'admin-anna' });
  t.match((await post(good)).json(), { inconvenientOre: 62000 }, '530 SEK + 17 % = 620.10, whole kronor: 620');
});
