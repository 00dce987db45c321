import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { mayPerform, periodsOverlap } from '../../src/individuals/service-rules.js';
import { bearer, createTestApp } from '../helpers/app.js';

t.test('who may perform which service (pure rule)', async (t) => {
  t.ok(mayPerform('private_provider', 'home_care_day_evening', false).ok);
  t.ok(mayPerform('municipal_provider', 'home_care_day_evening', false).ok);
  t.notOk(mayPerform('city_unit', 'home_care_day_evening', false).ok);
  for (const s of ['home_care_night', 'safety_alarm', 'camera_supervision'] as const) {
    t.ok(mayPerform('city_unit', s, false).ok, `${s} by the city`);
    t.notOk(mayPerform('private_provider', s, true).ok, `${s} never by a private provider`);
  }
  for (const s of ['relief', 'escort'] as const) {
    t.ok(mayPerform('city_unit', s, false).ok);
    t.ok(mayPerform('private_provider', s, true).ok, `${s} by the chosen home-care provider`);
    t.notOk(mayPerform('private_provider', s, false).ok, `${s} not by another private provider`);
  }
  t.notOk(mayPerform('district', 'relief', false).ok);
  t.ok(periodsOverlap({ startDate: '2024-01-01', endDate: null }, { startDate: '2030-01-01', endDate: null }));
  t.notOk(periodsOverlap({ startDate: '2024-01-01', endDate: '2024-01-31' }, { startDate: '2024-02-01', endDate: null }));
  t.ok(periodsOverlap({ startDate: '2024-01-01', endDate: '2024-02-01' }, { startDate: '2024-02-01', endDate: null }), 'end day inclusive');
});

t.test('the overview on a day, history kept, and the rules through the API', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const cw = bearer(await tokenFor('caseworker-cecilia'));
  const url = `/v1/individuals/${demo.individual.astrid}/services`;

  const today = await app.inject({ url, headers: cw });
  t.equal(today.statusCode, 200);
  t.same(today.json().items.map((i: { serviceType: string }) => i.serviceType).sort(), ['home_care_day_evening', 'home_care_night', 'safety_alarm']);
  const day = today.json().items.find((i: { serviceType: string }) => i.serviceType === 'home_care_day_evening');
  t.match(day, { unitId: demo.unit.privateCentrum, unitName: 'Omsorg Väst Centrum', organisationId: demo.org.privateProvider, organisationName: 'Omsorg Väst AB', grantedMinutesPerMonth: 1800 });
  t.equal((await app.inject({ url: `${url}?on=2018-12-31`, headers: cw })).json().items.length, 0, 'nothing before the start');

  // Relief by a private provider other than the chosen one is refused; by the chosen one it is accepted.
  const byOther = await app.inject({ method: 'POST', url, headers: cw, payload: { serviceType: 'relief', unitId: demo.unit.otherProvider, startDate: '2025-01-01' } });
  t.equal(byOther.statusCode, 422);
  t.equal(byOther.json().errors[0].path, 'body.unitId');
  const byChosen = await app.inject({ method: 'POST', url, headers: cw, payload: { serviceType: 'relief', unitId: demo.unit.privateCentrum, startDate: '2025-01-01' } });
  t.equal(byChosen.statusCode, 201);
  // Night by a private provider is refused.
  const night = await app.inject({ method: 'POST', url, headers: cw, payload: { serviceType: 'home_care_night', unitId: demo.unit.privateCentrum, startDate: '2025-01-01' } });
  t.equal(night.statusCode, 422);
  // Overlap of the same service: 409 until the earlier one ends first.
  const overlap = await app.inject({ method: 'POST', url, headers: cw, payload: { serviceType: 'safety_alarm', unitId: demo.unit.alarm, startDate: '2025-06-01' } });
  t.equal(overlap.statusCode, 409);
  t.equal(overlap.json().conflictingServiceId, '40000000-0000-4000-8000-000000000003');
  const end = await app.inject({ method: 'POST', url: `${url}/40000000-0000-4000-8000-000000000003/end`, headers: cw, payload: { endDate: '2025-05-31' } });
  t.equal(end.statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: `${url}/40000000-0000-4000-8000-000000000003/end`, headers: cw, payload: { endDate: '2025-06-30' } })).statusCode, 409, 'an end cannot move later');
  t.equal((await app.inject({ method: 'POST', url: `${url}/40000000-0000-4000-8000-000000000003/end`, headers: cw, payload: { endDate: '2018-01-01' } })).statusCode, 422, 'nor before the start');
  const again = await app.inject({ method: 'POST', url, headers: cw, payload: { serviceType: 'safety_alarm', unitId: demo.unit.alarm, startDate: '2025-06-01' } });
  t.equal(again.statusCode, 201);
  const history = await app.inject({ url: `${url}?history=true`, headers: cw });
  t.equal(history.json().items.filter((i: { serviceType: string }) => i.serviceType === 'safety_alarm').length, 2, 'the ended assignment stays in the history');
  const onMay = await app.inject({ url: `${url}?on=2025-05-31`, headers: cw });
  t.equal(onMay.json().items.find((i: { serviceType: string }) => i.serviceType === 'safety_alarm').id, '40000000-0000-4000-8000-000000000003');

  // Bad input: granted time on a non-home-care service, end before start, unknown unit, unknown property.
  for (const [payload, path] of [
    [{ serviceType: 'escort', unitId: demo.unit.nightCentrum, startDate: '2026-01-01', grantedMinutesPerMonth: 60 }, 'body.grantedMinutesPerMonth'],
    [{ serviceType: 'escort', unitId: demo.unit.nightCentrum, startDate: '2026-01-01', endDate: '2025-01-01' }, 'body.endDate'],
    [{ serviceType: 'escort', unitId: '99999999-0000-4000-8000-000000000000', startDate: '2026-01-01' }, 'body.unitId'],
    [{ serviceType: 'escort', unitId: demo.unit.nightCentrum, startDate: '2026-01-01', colour: 'red' }, 'body.colour'],
    [{ serviceType: 'escort', unitId: demo.unit.nightCentrum, startDate: '2026-13-01' }, 'body.startDate'],
  ] as const) {
    const res = await app.inject({ method: 'POST', url, headers: cw, payload });
    t.ok([400, 422].includes(res.statusCode), `refused ${path}`);
    t.equal(res.json().errors?.[0]?.path, path);
  }
  t.equal((await app.inject({ url: `${url}?history=true`, headers: cw })).json().items.length, 5, 'refused requests stored nothing');
});
