import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { pin } from '../providers/pins.js';

t.test('areas are data: admin keeps them, everyone reads them', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const cw = bearer(await tokenFor('caseworker-cecilia'));

  const created = await app.inject({ method: 'POST', url: '/v1/areas', headers: admin, payload: { code: 'ASKIM', name: 'Askim', districtId: demo.org.otherDistrict } });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { code: 'ASKIM', name: 'Askim', districtId: demo.org.otherDistrict });
  t.equal((await app.inject({ method: 'POST', url: '/v1/areas', headers: admin, payload: { code: 'ASKIM', name: 'Igen', districtId: demo.org.otherDistrict } })).statusCode, 409, 'codes are unique');
  const notDistrict = await app.inject({ method: 'POST', url: '/v1/areas', headers: admin, payload: { code: 'X1', name: 'X', districtId: demo.org.privateProvider } });
  t.equal(notDistrict.statusCode, 422, 'an area belongs to a district');
  t.equal((await app.inject({ method: 'POST', url: '/v1/areas', headers: cw, payload: { code: 'X2', name: 'X', districtId: demo.org.district } })).statusCode, 403, 'a case worker does not keep areas');
  t.equal((await app.inject({ method: 'POST', url: '/v1/areas', headers: admin, payload: { code: 'bad code!', name: 'X', districtId: demo.org.district } })).statusCode, 400);

  const patched = await app.inject({ method: 'PATCH', url: '/v1/areas/ASKIM', headers: admin, payload: { name: 'Askim-Frölunda' } });
  t.equal(patched.statusCode, 200);
  t.equal(patched.json().name, 'Askim-Frölunda');
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/areas/NOPE', headers: admin, payload: { name: 'x' } })).statusCode, 404);

  const page1 = await app.inject({ url: '/v1/areas?limit=2', headers: cw });
  t.equal(page1.statusCode, 200);
  t.same(page1.json().items.map((a: { code: string }) => a.code), ['ASKIM', 'CENTRUM']);
  const page2 = await app.inject({ url: `/v1/areas?limit=10&cursor=${page1.json().nextCursor}`, headers: cw });
  t.same(page2.json().items.map((a: { code: string }) => a.code), ['LUNDBY', 'MAJORNA-LINNE', 'NORRA-HISINGEN']);
  t.equal((await app.inject({ url: '/v1/areas?cursor=garbage', headers: cw })).statusCode, 400);
  t.same((await app.inject({ url: `/v1/areas?districtId=${demo.org.district}`, headers: cw })).json().items.map((a: { code: string }) => a.code), ['CENTRUM', 'MAJORNA-LINNE']);
  t.equal((await app.inject({ url: '/v1/areas/CENTRUM', headers: cw })).json().name, 'Centrum');
});

t.test('the individual’s area: set with the individual, history kept, read by whoever sees the individual', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const cw = bearer(await tokenFor('caseworker-cecilia'));
  const hugo = bearer(await tokenFor('caseworker-hugo'));
  const maria = bearer(await tokenFor('manager-maria'));
  const olle = bearer(await tokenFor('other-olle'));

  const created = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: pin('19400101', 1), name: 'Ceasar Carlsson', districtId: demo.org.district, areaCode: 'MAJORNA-LINNE' } });
  t.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  const badArea = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: pin('19400101', 2), name: 'D', districtId: demo.org.district, areaCode: 'NOWHERE' } });
  t.equal(badArea.statusCode, 422, 'an unknown area refuses the registration');
  t.equal((await app.inject({ method: 'POST', url: '/v1/individuals/search', headers: cw, payload: { personalIdentityNumber: pin('19400101', 2) } })).json().items.length, 0, 'and nothing was stored');

  const history = async (h = cw) => app.inject({ url: `/v1/individuals/${id}/areas`, headers: h });
  t.match((await history()).json().items, [{ areaCode: 'MAJORNA-LINNE', areaName: 'Majorna-Linné', current: true, setBy: 'caseworker-cecilia' }]);

  const moved = await app.inject({ method: 'PUT', url: `/v1/individuals/${id}/area`, headers: cw, payload: { areaCode: 'CENTRUM' } });
  t.equal(moved.statusCode, 200);
  const future = await app.inject({ method: 'PUT', url: `/v1/individuals/${id}/area`, headers: cw, payload: { areaCode: 'LUNDBY', validFrom: '2099-01-01' } });
  t.equal(future.statusCode, 200);
  t.same(
    (await history()).json().items.map((a: { areaCode: string; current: boolean }) => [a.areaCode, a.current]),
    [['LUNDBY', false], ['CENTRUM', true], ['MAJORNA-LINNE', false]],
    'every area stays; the one in force today is current',
  );
  t.equal((await app.inject({ method: 'PUT', url: `/v1/individuals/${id}/area`, headers: cw, payload: { areaCode: 'NOWHERE' } })).statusCode, 422);
  t.equal((await app.inject({ method: 'PUT', url: `/v1/individuals/${id}/area`, headers: cw, payload: { areaCode: 'CENTRUM', validFrom: '0001-01-01' } })).statusCode, 400, 'years are bounded');
  t.equal((await app.inject({ method: 'PUT', url: `/v1/individuals/${id}/area`, headers: hugo, payload: { areaCode: 'CENTRUM' } })).statusCode, 404, 'another district does not see the individual');
  t.equal((await history(hugo)).statusCode, 404);
  t.equal((await history(maria)).statusCode, 404, 'a provider that does not serve them does not see them');
  t.equal((await app.inject({ method: 'PUT', url: `/v1/individuals/${id}/area`, headers: olle, payload: { areaCode: 'CENTRUM' } })).statusCode, 403, 'a provider does not set it');
  t.equal((await app.inject({ url: `/v1/individuals/${demo.individual.astrid}/areas`, headers: maria })).json().items[0].areaCode, 'CENTRUM', 'the serving provider sees it');
});
