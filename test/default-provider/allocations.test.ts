import { eq } from 'drizzle-orm';
import t from 'tap';
import { auditEvents, defaultProviderAllocations, defaultProviderQualifications, defaultProviderSkips } from '../../src/db/schema/index.js';
import { localDate } from '../../src/calendar/local-date.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import { errorCode } from '../helpers/errors.js';
import { pin } from '../providers/pins.js';

const VAST = demo.org.privateProvider;
const TRYGG = demo.org.otherProvider;
const MUNICIPAL = demo.org.municipalProvider;

async function setup(t: Parameters<typeof createTestApp>[0]) {
  const test = await createTestApp(t);
  const h = {
    cw: bearer(await test.tokenFor('caseworker-cecilia')),
    hugo: bearer(await test.tokenFor('caseworker-hugo')),
    maria: bearer(await test.tokenFor('manager-maria')),
    olle: bearer(await test.tokenFor('other-olle')),
    admin: bearer(await test.tokenFor('admin-anna')),
    erik: bearer(await test.tokenFor('eku-erik')),
    karin: bearer(await test.tokenFor('care-karin')),
    mats: bearer(await test.tokenFor('municipal-mats')),
  };
  let serial = 0;
  const newPerson = async (areaCode: string | null = 'CENTRUM', headers = h.cw, districtId: string = demo.org.district) => {
    serial += 1;
    const res = await test.app.inject({ method: 'POST', url: '/v1/individuals', headers, payload: { personalIdentityNumber: pin('19400101', serial), name: `Person ${serial}`, districtId, ...(areaCode ? { areaCode } : {}) } });
    t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body);
    return res.json().id as string;
  };
  const allocate = (individualId: string, extra: Record<string, unknown> = {}, headers = h.cw) =>
    test.app.inject({ method: 'POST', url: '/v1/default-provider/allocations', headers, payload: { individualId, startDate: localDate(), grantedMinutesPerMonth: 600, ...extra } });
  const allocateNew = async (extra: Record<string, unknown> = {}) => {
    const res = await allocate(await newPerson(), extra);
    t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body);
    return res.json().allocation as { organisationId: string; outcome: string; seq: number; skipped: { organisationId: string; reason: string; position: number }[] };
  };
  const setCap = async (organisationId: string, capHoursPerMonth: number | null, headers = h.admin) =>
    t.equal((await test.app.inject({ method: 'PUT', url: `/v1/providers/${organisationId}/capacity`, headers, payload: { areaCodes: ['CENTRUM', 'MAJORNA-LINNE'], capHoursPerMonth } })).statusCode, 200);
  return { ...test, h, newPerson, allocate, allocateNew, setCap };
}

type Setup = Awaited<ReturnType<typeof setup>>;
const list = async (s: Setup | TestApp, headers: Record<string, string>, query = '') => (await s.app.inject({ url: `/v1/default-provider/allocations${query}`, headers })).json();

t.test('the policy before and after 2020-01-01: egen regi, then turordning', async (t) => {
  const s = await setup(t);
  const policies = async (on: string) => (await s.app.inject({ url: `/v1/default-provider/policies?on=${on}`, headers: s.h.karin })).json().items;
  const inForce = async (on: string) => (await policies(on)).find((p: { inForce: boolean }) => p.inForce);
  t.match(await inForce('2019-12-31'), { model: 'municipal', participation: null, validFrom: '2009-01-01' });
  t.match(await inForce('2020-01-01'), { model: 'rotation', participation: 'voluntary', qualificationMonths: 12, validFrom: '2020-01-01' });

  const in2019 = await s.allocate(await s.newPerson(), { startDate: '2019-06-01' });
  t.equal(in2019.statusCode, 201, in2019.body);
  t.match(in2019.json(), { allocation: { outcome: 'municipal-policy', organisationId: MUNICIPAL, unitId: demo.unit.municipalCentrum, policyValidFrom: '2009-01-01', skipped: [] }, assignment: { serviceType: 'home_care_day_evening', organisationId: MUNICIPAL, startDate: '2019-06-01' } });
  const in2020 = await s.allocate(await s.newPerson(), { startDate: '2020-01-01' });
  t.equal(in2020.statusCode, 201, in2020.body);
  t.match(in2020.json().allocation, { outcome: 'rotation', organisationId: VAST, policyValidFrom: '2020-01-01' });
  t.equal((await s.allocate(await s.newPerson(), { startDate: '2008-12-31' })).statusCode, 422, 'no policy before the first');
});

t.test('a round over the providers gives each its turn; the allocation creates the home-care assignment', async (t) => {
  const s = await setup(t);
  const got: string[] = [];
  for (let i = 0; i < 4; i++) got.push((await s.allocateNew()).organisationId);
  t.same(got, [VAST, TRYGG, VAST, TRYGG], 'the one that has waited longest, in turn');

  const person = await s.newPerson();
  const res = await s.allocate(person, { needsTwoStaff: true, startWithin24Hours: true });
  t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body);
  const { allocation, assignment } = res.json();
  t.match(allocation, { individualId: person, areaCode: 'CENTRUM', organisationId: VAST, requestedBy: 'caseworker-cecilia', requestedByOrganisationId: demo.org.district, districtId: demo.org.district });
  t.match(assignment, { id: allocation.assignmentId, individualId: person, organisationId: VAST, unitId: demo.unit.privateCentrum, grantedMinutesPerMonth: 600, needsTwoStaff: true });
  const overview = (await s.app.inject({ url: `/v1/individuals/${person}/services`, headers: s.h.cw })).json();
  t.same(overview.items.map((a: { id: string }) => a.id), [allocation.assignmentId], 'the assignment is in the service overview');
  const starts = (await s.app.inject({ url: `/v1/new-assignments?organisationId=${VAST}`, headers: s.h.cw })).json().items;
  t.ok(starts.some((n: { assignmentId: string; startWithin24Hours: boolean }) => n.assignmentId === allocation.assignmentId && n.startWithin24Hours), 'the provider received it, with its start deadline');

  const again = await s.allocate(person);
  t.equal(again.statusCode, 409, 'the individual already has home care');
  t.equal((await list(s, s.h.erik)).items.length, 5, 'a refused allocation leaves no record');
});

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

t.test('visibility and refusals by role and organisation', async (t) => {
  const s = await setup(t);
  const mine = await s.newPerson();
  const hugos = await s.newPerson('NORRA-HISINGEN', s.h.hugo, demo.org.otherDistrict);
  t.equal((await s.allocate(mine, {}, s.h.hugo)).statusCode, 404, 'another district’s case worker: not found');
  t.equal((await s.allocate(mine, {}, s.h.maria)).statusCode, 403, 'a provider does not allocate');
  t.equal((await s.allocate(mine, {}, s.h.admin)).statusCode, 403, 'the case worker allocates');
  t.equal((await s.allocate(mine)).statusCode, 201);
  const other = await s.allocate(hugos, {}, s.h.hugo);
  t.equal(other.statusCode, 201, other.body);
  t.match(other.json().allocation, { outcome: 'municipal-fallback', areaCode: 'NORRA-HISINGEN' }, 'nobody takes part in Norra Hisingen');

  const ids = (body: { items: { individualId: string }[] }) => body.items.map((a) => a.individualId).sort();
  t.same(ids(await list(s, s.h.erik)), [mine, hugos].sort(), 'reporting at the contract unit: all');
  t.same(ids(await list(s, s.h.admin)), [mine, hugos].sort());
  t.same(ids(await list(s, s.h.cw)), [mine], 'a district: its own individuals');
  t.same(ids(await list(s, s.h.hugo)), [hugos]);
  t.same(ids(await list(s, s.h.erik, '?areaCode=NORRA-HISINGEN')), [hugos]);
  const today = localDate();
  t.same(ids(await list(s, s.h.erik, `?from=${today}&to=${today}`)), [mine, hugos].sort());
  t.same(ids(await list(s, s.h.erik, '?from=2020-01-01&to=2020-12-31')), [], 'allocated today, not then');
  for (const h of [s.h.maria, s.h.karin, s.h.mats]) t.equal((await s.app.inject({ url: '/v1/default-provider/allocations', headers: h })).statusCode, 403, 'not for providers');

  const page1 = await list(s, s.h.erik, '?limit=1');
  t.equal(page1.items.length, 1);
  t.same(ids(await list(s, s.h.erik, `?limit=1&cursor=${page1.nextCursor}`)), [hugos], 'the next page');

  const standing = (org: string, headers: Record<string, string>) => s.app.inject({ url: `/v1/default-provider/providers/${org}`, headers });
  t.equal((await standing(VAST, s.h.maria)).statusCode, 200);
  t.equal((await standing(VAST, s.h.erik)).statusCode, 200);
  t.equal((await standing(VAST, s.h.olle)).statusCode, 404, 'another provider: not found');
  t.equal((await standing(VAST, s.h.cw)).statusCode, 403);
  t.equal((await standing(MUNICIPAL, s.h.erik)).statusCode, 404, 'only private providers stand in turn');
  t.equal((await s.app.inject({ method: 'POST', url: `/v1/default-provider/providers/${VAST}/participation`, headers: s.h.olle, payload: { areaCode: 'CENTRUM', participates: 'out' } })).statusCode, 404, 'another provider’s manager');
  t.equal((await s.app.inject({ method: 'POST', url: `/v1/default-provider/providers/${VAST}/qualification`, headers: s.h.maria, payload: { event: 'approved' } })).statusCode, 403, 'a provider does not qualify itself');

  const audit = await s.db.select().from(auditEvents).where(eq(auditEvents.resourceType, 'default_provider_allocation'));
  t.ok(audit.some((e) => e.action === 'create' && e.individualId === mine && e.actorId === 'caseworker-cecilia'), 'the allocation is audit-logged');
  t.ok(audit.some((e) => e.action === 'list' && e.individualId === hugos && e.actorId === 'caseworker-hugo'), 'so is reading it');
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
