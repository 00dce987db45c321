import t from 'tap';
import { localDate } from '../../src/calendar/local-date.js';
import { demo } from '../../src/demo/city.js';
import { VAST, list, setup } from './setup.js';

t.test('a mandatory policy: qualified providers are in their areas and cannot opt out', async (t) => {
  const s = await setup(t);
  const policy = (payload: object, headers = s.h.admin) => s.app.inject({ method: 'POST', url: '/v1/default-provider/policies', headers, payload });
  const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
  t.equal((await policy({ validFrom: '2021-01-01', model: 'rotation', participation: 'mandatory' })).statusCode, 422, 'not in the past');
  t.equal((await policy({ validFrom: tomorrow, model: 'rotation' })).statusCode, 422, 'a rotation names its participation');
  t.equal((await policy({ validFrom: tomorrow, model: 'municipal', participation: 'voluntary' })).statusCode, 422);
  t.equal((await policy({ validFrom: tomorrow, model: 'rotation', participation: 'mandatory' }, s.h.erik)).statusCode, 403, 'the admin only');
  const created = await policy({ validFrom: tomorrow, model: 'rotation', participation: 'mandatory', criteria: ['Fullgott alternativ'], qualificationMonths: 24, description: 'Tvingande turordning' });
  t.equal(created.statusCode, 201, created.body);
  t.match(created.json(), { model: 'rotation', participation: 'mandatory', inForce: false, createdBy: 'admin-anna' });
  t.equal((await policy({ validFrom: tomorrow, model: 'municipal' })).statusCode, 409, 'one policy per day, never changed');

  const optOut = await s.app.inject({ method: 'POST', url: `/v1/default-provider/providers/${VAST}/participation`, headers: s.h.maria, payload: { areaCode: 'CENTRUM', participates: 'out', validFrom: tomorrow } });
  t.equal(optOut.statusCode, 409, 'tvingande: no opt-out');
  const standing = (await s.app.inject({ url: `/v1/default-provider/providers/${VAST}?on=${tomorrow}`, headers: s.h.maria })).json();
  t.same(standing.inRotationAreaCodes, ['CENTRUM', 'MAJORNA-LINNE'], 'in every area it chose');
  t.equal((await s.allocateNew({ startDate: tomorrow })).organisationId, VAST);
});

t.test('bad input is 4xx', async (t) => {
  const s = await setup(t);
  const person = await s.newPerson();
  const post = (payload: unknown) => s.app.inject({ method: 'POST', url: '/v1/default-provider/allocations', headers: s.h.cw, payload: payload as object });
  t.equal((await post({ individualId: person, grantedMinutesPerMonth: 600 })).statusCode, 400, 'no startDate');
  t.equal((await post({ individualId: person, startDate: localDate(), grantedMinutesPerMonth: 0 })).statusCode, 400);
  t.equal((await post({ individualId: 'nope', startDate: localDate(), grantedMinutesPerMonth: 60 })).statusCode, 400);
  t.equal((await post({ individualId: person, startDate: '2999-01-01', grantedMinutesPerMonth: 60 })).statusCode, 400, 'years are bounded');
  t.equal((await post({ individualId: person, startDate: localDate(), grantedMinutesPerMonth: 60, extra: 1 })).statusCode, 400, 'unknown fields');
  t.equal((await post({ individualId: person, startDate: '2026-02-01', endDate: '2026-01-01', grantedMinutesPerMonth: 60 })).statusCode, 422, 'ends before it starts');
  t.equal((await post({ individualId: '30000000-0000-4000-8000-0000000000ee', startDate: localDate(), grantedMinutesPerMonth: 60 })).statusCode, 404);
  const noArea = await s.newPerson(null);
  const res = await post({ individualId: noArea, startDate: localDate(), grantedMinutesPerMonth: 60 });
  t.equal(res.statusCode, 422, 'no area recorded');
  t.match(res.json(), { errors: [{ path: 'body.individualId' }] });
  t.equal((await post({ individualId: demo.individual.astrid, startDate: localDate(), grantedMinutesPerMonth: 60 })).statusCode, 409, 'Astrid has chosen (home care already)');
  t.equal((await s.app.inject({ url: '/v1/default-provider/allocations?from=2026-02-01&to=2026-01-01', headers: s.h.erik })).statusCode, 422);
  t.equal((await s.app.inject({ url: '/v1/default-provider/allocations?cursor=forged', headers: s.h.erik })).statusCode, 400);
  t.equal((await s.app.inject({ url: '/v1/default-provider/allocations?areaCode=%20', headers: s.h.erik })).statusCode, 400);
  t.equal((await list(s, s.h.erik)).items.length, 0, 'nothing was recorded');
});
