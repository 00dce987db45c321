import t from 'tap';
import { defaultProviderAllocations, defaultProviderQualifications, defaultProviderSkips } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';
import { errorCode } from '../helpers/errors.js';
import { MUNICIPAL, TRYGG, VAST, setup } from './setup.js';

t.test('a provider at its cap is skipped with the reason and keeps its place; it comes back when below it', async (t) => {
  const s = await setup(t);
  // Omsorg Väst carries Astrid's 30 hours: a cap of 30 leaves no room.
  await s.setCap(VAST, 30);
  const first = await s.allocateNew();
  t.equal(first.organisationId, TRYGG);
  t.match(first.skipped, [{ organisationId: VAST, position: 1, reason: 'capacity-reached' }]);
  const second = await s.allocateNew();
  t.equal(second.organisationId, TRYGG, 'still at its cap');
  t.match(second.skipped, [{ organisationId: VAST, position: 1, reason: 'capacity-reached' }], 'skipped again, first in turn still');

  await s.setCap(VAST, 40);
  const third = await s.allocateNew();
  t.equal(third.organisationId, VAST, 'below the cap: it has waited longest');
  t.same(third.skipped, []);
  const fourth = await s.allocateNew();
  t.equal(fourth.organisationId, TRYGG);

  // Both at their caps: egen regi takes it, and both skips are recorded.
  await s.setCap(TRYGG, 20);
  const fallback = await s.allocateNew();
  t.match(fallback, { outcome: 'municipal-fallback', organisationId: MUNICIPAL });
  t.same(fallback.skipped.map((x) => [x.organisationId, x.reason]).sort(), [[TRYGG, 'capacity-reached'], [VAST, 'capacity-reached']].sort());

  const csv = await s.app.inject({ url: '/v1/default-provider/allocations?areaCode=CENTRUM', headers: { ...s.h.erik, accept: 'text/csv' } });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  const lines = csv.body.trim().split('\r\n');
  t.match(lines[0], /^seq,allocatedAt,areaCode,event,position,organisationId,organisationName,outcome,reason/);
  t.equal(lines.filter((l) => l.includes(',allocated,')).length, 5);
  t.equal(lines.filter((l) => l.includes(',skipped,') && l.includes('capacity-reached')).length, 4, 'every skip is a line with its reason');

  // The record cannot be changed afterwards, in the database itself.
  t.equal(await errorCode(() => s.db.update(defaultProviderAllocations).set({ organisationId: VAST })), '42501', 'allocations are append-only');
  t.equal(await errorCode(() => s.db.delete(defaultProviderSkips)), '42501', 'skips too');
  t.equal(await errorCode(() => s.db.delete(defaultProviderQualifications)), '42501', 'and the qualification history');
});

t.test('opting out and a revoked qualification take a provider out of the turn (no skip: it is not in turn)', async (t) => {
  const s = await setup(t);
  const participation = (payload: object, headers = s.h.maria, org: string = VAST) => s.app.inject({ method: 'POST', url: `/v1/default-provider/providers/${org}/participation`, headers, payload });
  const out = await participation({ areaCode: 'CENTRUM', participates: 'out' });
  t.equal(out.statusCode, 200, out.body);
  t.match(out.json(), { qualified: true, inRotationAreaCodes: [] });
  for (let i = 0; i < 2; i++) t.match(await s.allocateNew(), { organisationId: TRYGG, skipped: [] });
  const back = await participation({ areaCode: 'CENTRUM', participates: 'in', unitId: demo.unit.privateCentrum });
  t.match(back.json(), { inRotationAreaCodes: ['CENTRUM'] });
  t.equal((await s.allocateNew()).organisationId, VAST, 'back in: it has waited longest');

  const qualification = (payload: object, headers = s.h.admin, org: string = TRYGG) => s.app.inject({ method: 'POST', url: `/v1/default-provider/providers/${org}/qualification`, headers, payload });
  t.equal((await qualification({ event: 'revoked' })).statusCode, 422, 'a revocation needs a reason');
  const revoked = await qualification({ event: 'revoked', reason: 'Brister i kvalitetsuppföljningen' });
  t.equal(revoked.statusCode, 200, revoked.body);
  t.match(revoked.json(), { qualified: false, inRotationAreaCodes: [], qualifications: [{ event: 'approved' }, { event: 'revoked', reason: 'Brister i kvalitetsuppföljningen', recordedBy: 'admin-anna' }] });
  for (let i = 0; i < 2; i++) t.match(await s.allocateNew(), { organisationId: VAST, skipped: [] });
  t.equal((await qualification({ event: 'revoked', reason: 'Avtalet sagt upp' }, s.h.admin, VAST)).statusCode, 200);
  t.match(await s.allocateNew(), { outcome: 'municipal-fallback', organisationId: MUNICIPAL, skipped: [] }, 'nobody in turn: egen regi');
  t.equal((await qualification({ event: 'approved', criteriaMet: ['Bedömd som fullgott alternativ'] })).statusCode, 200);
  t.equal((await s.allocateNew()).organisationId, TRYGG, 'approved again: back in turn');

  // The history is kept: who, when.
  const standing = (await s.app.inject({ url: `/v1/default-provider/providers/${VAST}`, headers: s.h.maria })).json();
  t.same(standing.participations.map((p: { participates: string; setBy: string }) => [p.participates, p.setBy]), [['in', 'manager-maria'], ['out', 'manager-maria'], ['in', 'manager-maria']]);

  t.equal((await participation({ areaCode: 'CENTRUM', participates: 'in' })).statusCode, 422, 'opting in names the unit');
  t.equal((await participation({ areaCode: 'CENTRUM', participates: 'in', unitId: demo.unit.otherProvider })).statusCode, 422, 'its own unit');
  t.equal((await participation({ areaCode: 'NOWHERE', participates: 'out' })).statusCode, 422, 'an area that exists');
  t.equal((await participation({ areaCode: 'CENTRUM', participates: 'out', validFrom: '2020-01-01' })).statusCode, 422, 'the past is not rewritten');
});

