import { eq } from 'drizzle-orm';
import t from 'tap';
import { localDate } from '../../src/calendar/local-date.js';
import { accessLog } from '../../src/db/access-log.js';
import { demo } from '../../src/demo/city.js';
import { MUNICIPAL, VAST, list, setup } from './setup.js';

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

  const audit = await s.db.select().from(accessLog).where(eq(accessLog.resourceType, 'default_provider_allocation'));
  t.ok(audit.some((e) => e.action === 'create' && e.individualId === mine && e.actorId === 'caseworker-cecilia'), 'the allocation is audit-logged');
  t.ok(audit.some((e) => e.action === 'list' && e.individualId === hugos && e.actorId === 'caseworker-hugo'), 'so is reading it');
});

