import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import t, { type Test } from 'tap';
import type { App } from '../../src/app.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';

type Headers = Record<string, string>;
type Item = { id: string; name: string };

/** A valid 12-digit personnummer for a date and serial (Luhn check digit over the last ten before it). */
function pin(yyyymmdd: string, serial: string): string {
  const nine = yyyymmdd.slice(2) + serial;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${yyyymmdd}${serial}${(10 - (sum % 10)) % 10}`;
}

/** Walks a list page by page; `between` runs after each page. */
async function walk(t: Test, app: App, url: string, headers: Headers, limit: number, between?: (page: number) => Promise<void>) {
  const seen: Item[] = [];
  let cursor: string | null = null;
  let page = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res: LightMyRequestResponse = await app.inject({ url: `${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, headers });
    t.equal(res.statusCode, 200, `${url} page ${page}`);
    const body = res.json() as { items: Item[]; nextCursor: string | null };
    t.ok(body.items.length <= limit, 'no page longer than the limit');
    t.ok(body.nextCursor === null || body.items.length === limit, 'only the last page is short');
    seen.push(...body.items);
    cursor = body.nextCursor;
    await between?.(page);
    page++;
  } while (cursor && page < 100);
  return { seen, pages: page };
}

const all = async (app: App, url: string, headers: Headers): Promise<Item[]> =>
  (await app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}limit=200`, headers })).json().items;

/** Name order as the lists promise it: by name, then id (byte order, as the database's C collation). */
const sorted = (items: Item[]) => [...items].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : Buffer.compare(Buffer.from(a.name), Buffer.from(b.name))));

t.test('every list pages completely, in order, with no row twice, also while rows arrive', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: admin, payload });
    t.equal(res.statusCode, 201, `${url} ${JSON.stringify(payload).slice(0, 60)}`);
    return res.json() as Item;
  };
  // Same names on purpose: the id breaks the tie, and a page may end inside a run of equal names.
  for (let i = 0; i < 5; i++) {
    await post('/v1/units', { organisationId: demo.org.privateProvider, name: 'Samma Namn', areas: [] });
    await post('/v1/staff', { id: `twin-${i}`, name: 'Samma Namn', organisationId: demo.org.privateProvider });
    await post('/v1/individuals', { personalIdentityNumber: pin(`1940010${i + 1}`, '123'), name: 'Samma Namn', districtId: demo.org.district });
  }

  for (const url of ['/v1/units', '/v1/staff', '/v1/individuals', '/v1/organisations']) {
    const expected = await all(app, url, admin);
    t.same(expected.map((i) => i.id), sorted(expected).map((i) => i.id), `${url}: ordered by name, then id`);
    for (const limit of [1, 2, 3]) {
      const { seen } = await walk(t, app, url, admin, limit);
      t.same(seen.map((i) => i.id), expected.map((i) => i.id), `${url}, ${limit} a page: every row once, in order`);
    }
  }

  // Rows that sort before the cursor and after it arrive while a client pages: existing rows are neither
  // repeated nor skipped, the late row after the cursor is picked up, the one before it is not.
  for (const [url, make] of [
    ['/v1/units', (name: string) => post('/v1/units', { organisationId: demo.org.privateProvider, name })],
    ['/v1/staff', (name: string) => post('/v1/staff', { id: `late-${name}`, name, organisationId: demo.org.privateProvider })],
    ['/v1/individuals', (name: string) => post('/v1/individuals', { personalIdentityNumber: pin(name === 'AAA' ? '19300101' : '19300102', '456'), name, districtId: demo.org.district })],
  ] as const) {
    const before = await all(app, url, admin);
    const late: Item[] = [];
    const { seen } = await walk(t, app, url, admin, 2, async (page) => {
      if (page === 1) late.push(await make('AAA'), await make('ÖÖÖ'));
    });
    t.equal(new Set(seen.map((i) => i.id)).size, seen.length, `${url}: no row twice`);
    t.same(before.filter((b) => !seen.some((s) => s.id === b.id)), [], `${url}: no existing row skipped`);
    t.notOk(seen.some((s) => s.id === late[0]!.id), `${url}: the row inserted before the cursor is not shown mid-walk`);
    t.ok(seen.some((s) => s.id === late[1]!.id), `${url}: the row inserted after the cursor is reached`);
  }
});

t.test('filters: organisation, unit, kind, district, manager and a literal name prefix', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const names = (items: Item[]) => items.map((i) => i.name).sort();
  for (const name of ['50% Team', '50 Team', 'Team_1', 'TeamX1', 'team b']) {
    t.equal((await app.inject({ method: 'POST', url: '/v1/units', headers: admin, payload: { organisationId: demo.org.otherProvider, name } })).statusCode, 201);
  }
  const units = async (query: string) => names(await all(app, `/v1/units?${query}`, admin));
  t.same(await units(`namePrefix=${encodeURIComponent('50%')}`), ['50% Team'], '% is a character, not a wildcard');
  t.same(await units('namePrefix=Team_'), ['Team_1'], '_ is a character, not a wildcard');
  t.same(await units('namePrefix=TEAM'), ['Team_1', 'TeamX1', 'team b'].sort(), 'case-insensitive');
  t.same(await units(`namePrefix=${encodeURIComponent('\\')}`), [], 'a backslash is a character too');
  t.same(await units(`organisationId=${demo.org.otherProvider}&namePrefix=50`), ['50 Team', '50% Team']);
  t.same(await units(`organisationId=${demo.org.nightUnit}`), ['Hemtjänst natt Centrum']);
  t.same(await units(`organisationId=99999999-0000-4000-8000-000000000000`), []);

  const staff = async (query: string, as = admin) => (await all(app, `/v1/staff?${query}`, as)).map((s) => s.id).sort();
  t.same(await staff(`unitId=${demo.unit.privateCentrum}`), ['care-kalle', 'care-karin', 'manager-maria', 'nurse-lena']);
  t.same(await staff(`unitId=${demo.unit.privateCentrum}&namePrefix=ka`), ['care-kalle', 'care-karin']);
  t.same(await staff(`organisationId=${demo.org.cameraUnit}`), ['camera-cornelia']);
  t.same(await staff('managerId=manager-maria&namePrefix=lena'), ['nurse-lena']);
  const olle = bearer(await tokenFor('other-olle'));
  t.same(await staff(`unitId=${demo.unit.privateCentrum}`, olle), [], 'another organisation’s unit shows nothing');
  t.same(await staff('namePrefix=Olle', olle), ['other-olle']);

  t.same(names(await all(app, '/v1/organisations?kind=city_unit', admin)), ['Hemtjänst natt Göteborg', 'Trygghetsjouren', 'Trygghetslarm Göteborg']);
  t.same(names(await all(app, '/v1/organisations?kind=city_unit&namePrefix=trygghets', admin)), ['Trygghetsjouren', 'Trygghetslarm Göteborg']);
  t.same(names(await all(app, '/v1/organisations?namePrefix=stadsdelsförvaltning%20h', admin)), ['Stadsdelsförvaltning Hisingen'], 'non-ASCII prefix');

  const hisingen = pin('19450505', '321');
  t.equal((await app.inject({ method: 'POST', url: '/v1/individuals', headers: admin, payload: { personalIdentityNumber: hisingen, name: 'Hilda Hisingen', districtId: demo.org.otherDistrict } })).statusCode, 201);
  t.equal((await app.inject({ method: 'POST', url: '/v1/individuals', headers: admin, payload: { personalIdentityNumber: pin('19450506', '321'), name: 'A_B Andersson', districtId: demo.org.otherDistrict } })).statusCode, 201);
  t.same(names(await all(app, `/v1/individuals?districtId=${demo.org.otherDistrict}`, admin)), ['A_B Andersson', 'Hilda Hisingen']);
  t.same(names(await all(app, `/v1/individuals?districtId=${demo.org.district}`, admin)), ['Astrid Andersson', 'Bertil Berg']);
  t.same(names(await all(app, '/v1/individuals?namePrefix=A_', admin)), ['A_B Andersson']);
  t.same(names(await all(app, `/v1/individuals?namePrefix=a&districtId=${demo.org.district}`, admin)), ['Astrid Andersson']);
  const hugo = bearer(await tokenFor('caseworker-hugo'));
  t.same(names(await all(app, '/v1/individuals', hugo)), ['A_B Andersson', 'Hilda Hisingen'], 'a case worker lists their own district');
  t.same(names(await all(app, `/v1/individuals?districtId=${demo.org.district}`, hugo)), [], 'a filter on another district reveals nothing');
});

t.test('writes: admin only for organisations, units and staff; case workers for their own district’s individuals', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const expect = async (name: string, req: InjectOptions, status: number) => {
    const res = await app.inject(req);
    t.equal(res.statusCode, status, `${name}: ${status}`);
    return res;
  };
  const org = { name: 'X AB', kind: 'private_provider', organisationNumber: '556016-0680' };
  for (const who of ['manager-maria', 'itcontact-ivan', 'caseworker-cecilia', 'auditor-agnes', 'eku-erik', 'care-karin']) {
    const h = bearer(await tokenFor(who));
    await expect(`${who} creates an organisation`, { method: 'POST', url: '/v1/organisations', headers: h, payload: org }, 403);
    await expect(`${who} renames an organisation`, { method: 'PATCH', url: `/v1/organisations/${demo.org.privateProvider}`, headers: h, payload: { name: 'Y' } }, 403);
    await expect(`${who} creates a unit`, { method: 'POST', url: '/v1/units', headers: h, payload: { organisationId: demo.org.privateProvider, name: 'U' } }, 403);
    await expect(`${who} changes a unit`, { method: 'PATCH', url: `/v1/units/${demo.unit.privateCentrum}`, headers: h, payload: { areas: [] } }, 403);
    await expect(`${who} registers staff`, { method: 'POST', url: '/v1/staff', headers: h, payload: { id: 'new', name: 'N', organisationId: demo.org.privateProvider } }, 403);
    await expect(`${who} changes roles`, { method: 'PATCH', url: '/v1/staff/care-karin', headers: h, payload: { roles: ['admin'] } }, 403);
  }
  t.equal((await app.inject({ url: `/v1/organisations/${demo.org.privateProvider}`, headers: admin })).json().name, 'Omsorg Väst AB', 'nothing changed');
  t.same((await app.inject({ url: '/v1/staff/care-karin', headers: admin })).json().roles, ['care_staff'], 'no one made themselves admin');
  t.same((await app.inject({ url: `/v1/units/${demo.unit.privateCentrum}`, headers: admin })).json().areas, ['Centrum', 'Majorna-Linné']);
  t.equal((await app.inject({ url: '/v1/staff/new', headers: admin })).statusCode, 404);

  // Full CRUD round trip as admin, including the organisation number normalised and re-validated on update.
  const created = await expect('admin creates', { method: 'POST', url: '/v1/organisations', headers: admin, payload: { ...org, organisationNumber: '5560160680' } }, 201);
  const id = created.json().id;
  t.equal(created.json().organisationNumber, '556016-0680');
  t.equal((await expect('bad number on update', { method: 'PATCH', url: `/v1/organisations/${id}`, headers: admin, payload: { organisationNumber: '556016-0681' } }, 400)).json().errors[0].path, 'body.organisationNumber');
  t.match((await expect('kind and number', { method: 'PATCH', url: `/v1/organisations/${id}`, headers: admin, payload: { kind: 'municipal_provider', organisationNumber: '212000-1355' } }, 200)).json(), { kind: 'municipal_provider', organisationNumber: '212000-1355', name: 'X AB' });
  const read = (await expect('read', { url: `/v1/organisations/${id}`, headers: admin }, 200)).json();
  t.ok(read.updatedAt >= read.createdAt);
  const unit = (await expect('unit', { method: 'POST', url: '/v1/units', headers: admin, payload: { organisationId: id, name: '  Trimmed  ' } }, 201)).json();
  t.equal(unit.name, 'Trimmed', 'names are trimmed');
  t.same(unit.areas, [], 'areas default to none');
  const person = (await expect('staff', { method: 'POST', url: '/v1/staff', headers: admin, payload: { id: 'x-1', name: 'X', organisationId: id, unitId: unit.id } }, 201)).json();
  t.match(person, { roles: [], managerId: null, leftOn: null, unitId: unit.id });
  t.match((await expect('leaves', { method: 'PATCH', url: '/v1/staff/x-1', headers: admin, payload: { leftOn: '2026-01-31', unitId: null } }, 200)).json(), { leftOn: '2026-01-31', unitId: null });
  await expect('unknown staff', { method: 'PATCH', url: '/v1/staff/nobody', headers: admin, payload: { name: 'N' } }, 404);
  await expect('unknown unit manager', { method: 'PATCH', url: '/v1/staff/x-1', headers: admin, payload: { managerId: 'nobody' } }, 422);

  // Case workers: their own district only, also when moving an individual.
  const cecilia = bearer(await tokenFor('caseworker-cecilia'));
  const hugo = bearer(await tokenFor('caseworker-hugo'));
  const number = pin('19501010', '555');
  const ind = (await expect('case worker registers', { method: 'POST', url: '/v1/individuals', headers: cecilia, payload: { personalIdentityNumber: number, name: 'Ida', districtId: demo.org.district } }, 201)).json();
  await expect('moves to another district', { method: 'PATCH', url: `/v1/individuals/${ind.id}`, headers: cecilia, payload: { districtId: demo.org.otherDistrict } }, 403);
  await expect('the other district cannot see it', { url: `/v1/individuals/${ind.id}`, headers: hugo }, 404);
  await expect('nor change it', { method: 'PATCH', url: `/v1/individuals/${ind.id}`, headers: hugo, payload: { name: 'X' } }, 404);
  t.same((await expect('nor find it', { method: 'POST', url: '/v1/individuals/search', headers: hugo, payload: { personalIdentityNumber: number } }, 200)).json().items, []);
  await expect('care staff do not register', { method: 'POST', url: '/v1/individuals', headers: bearer(await tokenFor('care-karin')), payload: { personalIdentityNumber: pin('19501011', '555'), name: 'X', districtId: demo.org.district } }, 403);
  await expect('a case worker without the role does not', { method: 'POST', url: '/v1/individuals', headers: bearer(await tokenFor('manager-maria')), payload: { personalIdentityNumber: pin('19501011', '555'), name: 'X', districtId: demo.org.district } }, 403);
  t.equal((await expect('admin moves', { method: 'PATCH', url: `/v1/individuals/${ind.id}`, headers: admin, payload: { districtId: demo.org.otherDistrict } }, 200)).json().districtId, demo.org.otherDistrict);
  t.equal((await expect('now the other district sees it', { url: `/v1/individuals/${ind.id}`, headers: hugo }, 200)).json().personalIdentityNumber, number);
  await expect('and the first no longer', { url: `/v1/individuals/${ind.id}`, headers: cecilia }, 404);
  await expect('the number cannot be changed', { method: 'PATCH', url: `/v1/individuals/${ind.id}`, headers: admin, payload: { personalIdentityNumber: pin('19501012', '555') } }, 400);

  // Search accepts every written form of the number.
  const forms = [number, `${number.slice(0, 8)}-${number.slice(8)}`, number.slice(2), `${number.slice(2, 8)}-${number.slice(8)}`];
  for (const form of forms) {
    t.same((await app.inject({ method: 'POST', url: '/v1/individuals/search', headers: admin, payload: { personalIdentityNumber: form } })).json().items.map((i: Item) => i.id), [ind.id], `search by ${form.length} characters`);
  }
  const centenarian = pin('19121212', '121');
  t.equal((await expect('a centenarian', { method: 'POST', url: '/v1/individuals', headers: admin, payload: { personalIdentityNumber: `${centenarian.slice(2, 8)}+${centenarian.slice(8)}`, name: 'Gammal', districtId: demo.org.district } }, 201)).json().personalIdentityNumber, centenarian);
  const coordination = (await expect('a samordningsnummer', { method: 'POST', url: '/v1/individuals', headers: admin, payload: { personalIdentityNumber: '701063-2391', name: 'Samordnad', districtId: demo.org.district } }, 201)).json();
  t.match(coordination, { personalIdentityNumber: '197010632391', coordinationNumber: true });
  const listed = (await all(app, '/v1/individuals?namePrefix=Samordnad', admin))[0] as Item & { personalIdentityNumberMasked: string };
  t.equal(listed.personalIdentityNumberMasked, '19701063-****');
});

t.test('personal identity numbers stay out of the logs, whatever the route does with them', async (t) => {
  const { app, tokenFor, logs } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const number = pin('19490229', '771'); // 1949 was no leap year: refused as a date
  const valid = pin('19480301', '771');
  const forms = (n: string) => [n, n.slice(2), `${n.slice(0, 8)}-${n.slice(8)}`, `${n.slice(2, 8)}-${n.slice(8)}`, `${n.slice(2, 8)}%2D${n.slice(8)}`];
  const requests: InjectOptions[] = [
    { method: 'POST', url: '/v1/individuals', headers: admin, payload: { personalIdentityNumber: valid, name: 'Loggad', districtId: demo.org.district } },
    { method: 'POST', url: '/v1/individuals', headers: admin, payload: { personalIdentityNumber: `${valid.slice(2, 8)}-${valid.slice(8)}`, name: 'Dubblett', districtId: demo.org.district } },
    { method: 'POST', url: '/v1/individuals', headers: admin, payload: { personalIdentityNumber: number, name: 'Skottdag', districtId: demo.org.district } },
    { method: 'POST', url: '/v1/individuals/search', headers: admin, payload: { personalIdentityNumber: valid.slice(2) } },
    { method: 'POST', url: '/v1/individuals/search', headers: admin, payload: { personalIdentityNumber: `${valid}${valid}` } },
    { url: `/v1/individuals?namePrefix=${valid.slice(2, 8)}%2D${valid.slice(8)}`, headers: admin },
    { url: `/v1/individuals?namePrefix=${valid}`, headers: admin },
    { url: `/v1/individuals/${valid}`, headers: admin },
    { url: `/v1/staff/${valid.slice(2, 8)}-${valid.slice(8)}`, headers: admin },
    { url: `/v1/no-such-route/${valid}`, headers: admin },
  ];
  const statuses: number[] = [];
  for (const req of requests) statuses.push((await app.inject(req)).statusCode);
  t.same(statuses, [201, 409, 400, 200, 400, 200, 200, 400, 404, 404], 'each request did what it should');
  const text = logs.join('');
  for (const form of [...forms(valid), ...forms(number)]) t.notOk(text.includes(form), `the logs never hold ${form}`);
  t.ok(text.includes('[pin]'), 'URLs are logged with the number masked');
  const lines = logs.map((l) => JSON.parse(l) as { reqId?: string; req?: { requestId?: string }; msg: string });
  const requestLines = lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');
  t.equal(requestLines.length, requests.length * 2, 'one incoming and one completed line a request');
  t.ok(requestLines.every((l) => typeof l.reqId === 'string' && l.reqId.length > 0), 'each carries the request id');
  t.notOk(text.includes('Bearer'), 'no token in the logs');
});
