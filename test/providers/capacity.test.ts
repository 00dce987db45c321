import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { pin } from './pins.js';

const providerUrl = `/v1/providers/${demo.org.privateProvider}`;

t.test('areas and cap with history; availability; the providers an individual can choose', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const maria = bearer(await tokenFor('manager-maria'));
  const olle = bearer(await tokenFor('other-olle'));
  const admin = bearer(await tokenFor('admin-anna'));
  const erik = bearer(await tokenFor('eku-erik'));
  const karin = bearer(await tokenFor('care-karin'));

  const availability = async (h = maria) => (await app.inject({ url: `${providerUrl}/availability`, headers: h })).json();
  t.match(await availability(), { selectable: true, carriedHoursPerMonth: 30, capHoursPerMonth: 100, areaCodes: ['CENTRUM', 'MAJORNA-LINNE'], waitingListDue: false });
  t.match(await availability(olle), { selectable: true, carriedHoursPerMonth: null, capHoursPerMonth: null, areaCodes: ['CENTRUM', 'MAJORNA-LINNE'] }, 'another provider sees no figures');
  t.match(await availability(erik), { carriedHoursPerMonth: 30 }, 'the city sees them');
  t.equal((await app.inject({ url: `/v1/providers/${demo.org.municipalProvider}/availability`, headers: maria })).statusCode, 404, 'only private providers have one');

  const names = async (query: string) => (await app.inject({ url: `/v1/providers?${query}`, headers: erik })).json().items.map((p: { name: string }) => p.name);
  t.same(await names('areaCode=CENTRUM&selectable=true'), ['Omsorg Väst AB', 'Trygg Omsorg i Göteborg AB']);
  t.same(await names('areaCode=MAJORNA-LINNE&selectable=true'), ['Omsorg Väst AB']);
  t.same(await names('areaCode=LUNDBY'), []);

  const put = (h: Record<string, string>, payload: object, url = `${providerUrl}/capacity`) => app.inject({ method: 'PUT', url, headers: h, payload });
  const set = await put(maria, { areaCodes: ['CENTRUM'], capHoursPerMonth: 40 });
  t.equal(set.statusCode, 200, set.body);
  t.match(set.json(), { selectable: true, carriedHoursPerMonth: 30, capHoursPerMonth: 40, areaCodes: ['CENTRUM'] });
  t.equal((await put(olle, { areaCodes: [], capHoursPerMonth: 0 })).statusCode, 404, 'another provider’s manager: not found');
  t.equal((await put(karin, { areaCodes: [], capHoursPerMonth: 0 })).statusCode, 403, 'care staff do not set it');
  t.equal((await put(maria, { areaCodes: ['CENTRUM'], capHoursPerMonth: 40, validFrom: '2020-01-01' })).statusCode, 422, 'the past is not rewritten');
  t.equal((await put(maria, { areaCodes: ['NOWHERE'], capHoursPerMonth: 40 })).statusCode, 422, 'areas must exist');
  t.equal((await put(maria, { areaCodes: ['CENTRUM'], capHoursPerMonth: 40, validFrom: '2999-01-01' })).statusCode, 400, 'years are bounded');
  t.equal((await put(maria, { areaCodes: ['CENTRUM'], capHoursPerMonth: -1 })).statusCode, 400);
  const later = await put(admin, { areaCodes: ['CENTRUM', 'MAJORNA-LINNE'], capHoursPerMonth: 100, validFrom: '2099-01-01' });
  t.equal(later.statusCode, 200, 'the admin may set it, from a later day');
  const lowered = await put(maria, { areaCodes: ['CENTRUM'], capHoursPerMonth: 20 });
  t.equal(lowered.statusCode, 200, 'lowering the cap below what it carries is allowed');
  t.match(lowered.json(), { selectable: false, carriedHoursPerMonth: 30, capHoursPerMonth: 20 });
  t.same(await names('areaCode=CENTRUM&selectable=true'), ['Trygg Omsorg i Göteborg AB'], 'no longer listed as selectable');
  t.same(await names('areaCode=CENTRUM&selectable=false'), ['Omsorg Väst AB']);

  const history = await app.inject({ url: `${providerUrl}/capacity`, headers: maria });
  t.same(
    history.json().items.map((s: { validFrom: string; capHoursPerMonth: number; setBy: string }) => [s.capHoursPerMonth, s.setBy, s.validFrom === '2099-01-01']),
    [[100, 'manager-maria', false], [40, 'manager-maria', false], [20, 'manager-maria', false], [100, 'admin-anna', true]],
    'every setting stays: who, from which day',
  );
  t.equal((await app.inject({ url: `${providerUrl}/capacity`, headers: olle })).statusCode, 404);
});

t.test('a new home-care assignment: 409 past the cap, 422 outside the areas, never refused below the cap in its areas', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const maria = bearer(await tokenFor('manager-maria'));
  const cw = bearer(await tokenFor('caseworker-cecilia'));
  const newPerson = async (serial: number, areaCode: string) => {
    const res = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: pin('19350101', serial), name: `Person ${serial}`, districtId: demo.org.district, areaCode } });
    t.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const homeCare = (individualId: string, minutes: number, unitId: string = demo.unit.privateCentrum) =>
    app.inject({ method: 'POST', url: `/v1/individuals/${individualId}/services`, headers: cw, payload: { serviceType: 'home_care_day_evening', unitId, startDate: '2026-01-01', grantedMinutesPerMonth: minutes } });
  t.equal((await app.inject({ method: 'PUT', url: `${providerUrl}/capacity`, headers: maria, payload: { areaCodes: ['CENTRUM'], capHoursPerMonth: 40 } })).statusCode, 200);

  const a = await newPerson(1, 'CENTRUM');
  const over = await homeCare(a, 11 * 60);
  t.equal(over.statusCode, 409);
  t.match(over.json(), { type: '/problems/capacity-reached', carriedHoursPerMonth: 30, capHoursPerMonth: 40 });
  const fits = await homeCare(a, 10 * 60);
  t.equal(fits.statusCode, 201, 'exactly up to the cap');
  t.match((await app.inject({ url: `${providerUrl}/availability`, headers: maria })).json(), { selectable: false, carriedHoursPerMonth: 40 });

  const b = await newPerson(2, 'LUNDBY');
  t.equal((await app.inject({ method: 'PUT', url: `${providerUrl}/capacity`, headers: maria, payload: { areaCodes: ['CENTRUM'], capHoursPerMonth: 1000 } })).statusCode, 200);
  const wrongArea = await homeCare(b, 60);
  t.equal(wrongArea.statusCode, 422, 'not one of its areas');
  t.match(wrongArea.json(), { type: '/problems/unprocessable', errors: [{ path: 'body.unitId' }] });
  t.equal((await homeCare(b, 60, demo.unit.municipalCentrum)).statusCode, 201, 'the municipal provider has no cap or areas here');
  const c = await newPerson(3, 'CENTRUM');
  t.equal((await homeCare(c, 60)).statusCode, 201, 'below the cap, in its areas');
});

t.test('two assignments racing for the last hours: exactly one wins', async (t) => {
  const { app, tokenFor, database } = await createTestApp(t);
  t.comment(`driver: ${database.kind}`);
  const maria = bearer(await tokenFor('manager-maria'));
  const cw = bearer(await tokenFor('caseworker-cecilia'));
  // Carries 30 h; the cap leaves 10 h. Each request asks for 6 h: any two pass the cap.
  for (let round = 0; round < 3; round++) {
    // Each round the cap leaves 10 h more than the winners so far carry.
    const cap = 40 + 6 * round;
    t.equal((await app.inject({ method: 'PUT', url: `${providerUrl}/capacity`, headers: maria, payload: { areaCodes: ['CENTRUM'], capHoursPerMonth: cap } })).statusCode, 200);
    const people: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: pin('19300101', round * 10 + i + 1), name: `Racer ${round}-${i}`, districtId: demo.org.district, areaCode: 'CENTRUM' } });
      people.push(res.json().id);
    }
    const answers = await Promise.all(
      people.map((id) => app.inject({ method: 'POST', url: `/v1/individuals/${id}/services`, headers: cw, payload: { serviceType: 'home_care_day_evening', unitId: demo.unit.privateCentrum, startDate: '2026-01-01', grantedMinutesPerMonth: 360 } })),
    );
    const codes = answers.map((r) => r.statusCode).sort();
    t.same(codes, [201, 409, 409, 409], `round ${round}: one wins, the others are refused`);
    t.ok(answers.filter((r) => r.statusCode === 409).every((r) => r.json().type === '/problems/capacity-reached'));
    const carried = (await app.inject({ url: `${providerUrl}/availability`, headers: maria })).json().carriedHoursPerMonth;
    t.equal(carried, 36 + 6 * round, 'never past the cap');
  }
});
