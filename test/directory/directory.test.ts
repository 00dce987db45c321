import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';

t.test('organisations, units and staff: admin writes, everyone reads what they may', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const karin = bearer(await tokenFor('care-karin'));

  const org = await app.inject({ method: 'POST', url: '/v1/organisations', headers: admin, payload: { name: 'Nya Omsorgen AB', kind: 'private_provider', organisationNumber: '5567037485' } });
  t.equal(org.statusCode, 201);
  t.match(org.json(), { name: 'Nya Omsorgen AB', kind: 'private_provider', organisationNumber: '556703-7485' });
  const orgId = org.json().id;
  t.equal((await app.inject({ url: `/v1/organisations/${orgId}`, headers: karin })).json().name, 'Nya Omsorgen AB', 'organisations are an address book');
  const renamed = await app.inject({ method: 'PATCH', url: `/v1/organisations/${orgId}`, headers: admin, payload: { name: 'Nya Omsorgen i Göteborg AB' } });
  t.equal(renamed.json().name, 'Nya Omsorgen i Göteborg AB');
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/organisations/${orgId}`, headers: karin, payload: { name: 'Hacked' } })).statusCode, 403);
  t.same((await app.inject({ url: '/v1/organisations?kind=district', headers: karin })).json().items.map((o: { name: string }) => o.name), ['Stadsdelsförvaltning Centrum', 'Stadsdelsförvaltning Hisingen']);

  const unit = await app.inject({ method: 'POST', url: '/v1/units', headers: admin, payload: { organisationId: orgId, name: 'Nya Omsorgen Väster', areas: ['Västra Göteborg'] } });
  t.equal(unit.statusCode, 201);
  const unitId = unit.json().id;
  t.same((await app.inject({ url: `/v1/units?organisationId=${orgId}`, headers: karin })).json().items.map((u: { id: string }) => u.id), [unitId]);
  t.same((await app.inject({ method: 'PATCH', url: `/v1/units/${unitId}`, headers: admin, payload: { areas: ['Centrum'] } })).json().areas, ['Centrum']);

  const staff = await app.inject({ method: 'POST', url: '/v1/staff', headers: admin, payload: { id: 'idp|nisse', name: 'Nisse Chef', organisationId: orgId, unitId, roles: ['manager'] } });
  t.equal(staff.statusCode, 201);
  const worker = await app.inject({ method: 'POST', url: '/v1/staff', headers: admin, payload: { id: 'idp|stina', name: 'Stina', organisationId: orgId, unitId, roles: ['care_staff'], managerId: 'idp|nisse' } });
  t.equal(worker.statusCode, 201);
  t.equal(worker.json().managerId, 'idp|nisse');
  const wrongUnit = await app.inject({ method: 'POST', url: '/v1/staff', headers: admin, payload: { id: 'idp|x', name: 'X', organisationId: orgId, unitId: demo.unit.privateCentrum, managerId: 'manager-maria' } });
  t.equal(wrongUnit.statusCode, 422);
  t.same(wrongUnit.json().errors.map((e: { path: string }) => e.path), ['body.unitId', 'body.managerId']);
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/staff/idp|stina', headers: admin, payload: { managerId: 'idp|stina' } })).statusCode, 422, 'not their own manager');
  t.same((await app.inject({ method: 'PATCH', url: '/v1/staff/idp|stina', headers: admin, payload: { roles: ['care_staff', 'licensed'] } })).json().roles, ['care_staff', 'licensed']);

  // Staff are visible within their own organisation only (admin and auditor: all).
  t.equal((await app.inject({ url: '/v1/staff/idp|stina', headers: karin })).statusCode, 404);
  t.equal((await app.inject({ url: '/v1/staff/care-kalle', headers: karin })).statusCode, 200);
  const karinsView = (await app.inject({ url: `/v1/staff?organisationId=${orgId}`, headers: karin })).json();
  t.same(karinsView.items, [], 'a filter on another organisation reveals nothing');
  const ownStaff = (await app.inject({ url: '/v1/staff?limit=200', headers: karin })).json().items;
  t.ok(ownStaff.length > 0 && ownStaff.every((s: { organisationId: string }) => s.organisationId === demo.org.privateProvider));
  t.same((await app.inject({ url: '/v1/staff?managerId=manager-maria', headers: karin })).json().items.map((s: { id: string }) => s.id).sort(), ['care-kalle', 'care-karin', 'nurse-lena']);
  t.equal((await app.inject({ url: '/v1/staff/idp|stina', headers: bearer(await tokenFor('auditor-agnes')) })).statusCode, 200);
});

t.test('individuals: case workers register their own district, numbers masked in lists and kept out of logs', async (t) => {
  const { app, tokenFor, logs } = await createTestApp(t);
  const cw = bearer(await tokenFor('caseworker-cecilia'));
  const pin = '19550215-3124';
  const created = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: pin, name: 'Cecilia Carlsson', districtId: demo.org.district } });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { personalIdentityNumber: '195502153124', coordinationNumber: false, districtId: demo.org.district });
  const id = created.json().id;
  const other = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: '19271103-1217', name: 'X', districtId: demo.org.otherDistrict } });
  t.equal(other.statusCode, 403, 'not another district');
  const notDistrict = await app.inject({ method: 'POST', url: '/v1/individuals', headers: bearer(await tokenFor('admin-anna')), payload: { personalIdentityNumber: '19271103-1217', name: 'X', districtId: demo.org.privateProvider } });
  t.equal(notDistrict.statusCode, 422, 'the district must be a district');
  const clash = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: '195502153124', name: 'Twin', districtId: demo.org.district } });
  t.equal(clash.statusCode, 409);
  const badPin = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: '19550215-3125', name: 'X', districtId: demo.org.district } });
  t.equal(badPin.statusCode, 400);
  t.same(badPin.json().errors, [{ path: 'body.personalIdentityNumber', message: 'has a wrong check digit' }]);

  const list = (await app.inject({ url: '/v1/individuals?namePrefix=cecilia', headers: cw })).json();
  t.same(list.items.map((i: { personalIdentityNumberMasked: string }) => i.personalIdentityNumberMasked), ['19550215-****']);
  t.notOk('personalIdentityNumber' in list.items[0], 'lists never carry the whole number');
  t.equal((await app.inject({ url: `/v1/individuals/${id}`, headers: cw })).json().personalIdentityNumber, '195502153124');
  const found = await app.inject({ method: 'POST', url: '/v1/individuals/search', headers: cw, payload: { personalIdentityNumber: '5502153124' } });
  t.same(found.json().items.map((i: { id: string }) => i.id), [id]);
  const renamed = await app.inject({ method: 'PATCH', url: `/v1/individuals/${id}`, headers: cw, payload: { name: 'Cecilia C.' } });
  t.equal(renamed.json().name, 'Cecilia C.');
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/individuals/${id}`, headers: bearer(await tokenFor('caseworker-hugo')), payload: { name: 'X' } })).statusCode, 404);

  const all = logs.join('');
  t.ok(all.includes(created.headers['x-request-id'] as string), 'request logs carry the request id');
  for (const form of ['195502153124', '5502153124', '550215-3124', '19550215-3124', '5502153125']) t.notOk(all.includes(form), `logs never hold ${form}`);
  t.notOk(all.includes('Bearer '), 'authorization is redacted');
});

t.test('name prefix treats % and _ literally; cursor pagination neither repeats nor skips under inserts', async (t) => {
  const { app, tokenFor } = await createTestApp(t, { demo: true });
  const admin = bearer(await tokenFor('admin-anna'));
  for (const name of ['100% Omsorg', '100 Omsorg', 'A_B', 'AxB']) {
    t.equal((await app.inject({ method: 'POST', url: '/v1/organisations', headers: admin, payload: { name, kind: 'private_provider', organisationNumber: '556016-0680' } })).statusCode, 201);
  }
  t.same((await app.inject({ url: `/v1/organisations?namePrefix=${encodeURIComponent('100%')}`, headers: admin })).json().items.map((o: { name: string }) => o.name), ['100% Omsorg']);
  t.same((await app.inject({ url: '/v1/organisations?namePrefix=A_', headers: admin })).json().items.map((o: { name: string }) => o.name), ['A_B']);

  const before = (await app.inject({ url: '/v1/organisations?limit=200', headers: admin })).json().items.map((o: { id: string }) => o.id);
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { statusCode: number; json(): { items: { id: string }[]; nextCursor: string | null } } = await app.inject({ url: `/v1/organisations?limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: admin });
    t.equal(res.statusCode, 200);
    const body: { items: { id: string }[]; nextCursor: string | null } = res.json();
    t.ok(body.items.length <= 3);
    seen.push(...body.items.map((o: { id: string }) => o.id));
    cursor = body.nextCursor;
    if (pages === 1) {
      // Rows that sort before and after the cursor arrive while the client pages.
      for (const name of ['0 Först AB', 'Ö Sist AB']) {
        await app.inject({ method: 'POST', url: '/v1/organisations', headers: admin, payload: { name, kind: 'private_provider', organisationNumber: '556016-0680' } });
      }
    }
    pages++;
  } while (cursor);
  t.equal(new Set(seen).size, seen.length, 'no row twice');
  t.same(before.filter((id: string) => !seen.includes(id)), [], 'no existing row skipped');
  t.ok(pages >= 5);
});
