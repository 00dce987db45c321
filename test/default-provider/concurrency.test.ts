// Parallel allocations in one area (real Postgres: the pool runs them on several connections at once; on PGlite
// they serialise anyway): never the same turn twice, never past a cap, never a provider passed over without a
// recorded reason. The turns must replay exactly as the rule says, in the order they were recorded.
import t from 'tap';
import { localDate } from '../../src/calendar/local-date.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { pin } from '../providers/pins.js';

const VAST = demo.org.privateProvider;
const TRYGG = demo.org.otherProvider;
type Allocation = { seq: number; organisationId: string; outcome: string; skipped: { organisationId: string; position: number; reason: string }[] };

t.test('parallel allocations in an area take turns one after the other', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const cw = bearer(await tokenFor('caseworker-cecilia'));
  const admin = bearer(await tokenFor('admin-anna'));
  // Omsorg Väst carries 30 hours: room for exactly two more allocations of 10 hours under a cap of 50.
  t.equal((await app.inject({ method: 'PUT', url: `/v1/providers/${VAST}/capacity`, headers: admin, payload: { areaCodes: ['CENTRUM'], capHoursPerMonth: 50 } })).statusCode, 200);
  const people: string[] = [];
  for (let i = 1; i <= 12; i++) {
    const res = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: pin('19300101', i), name: `Person ${i}`, districtId: demo.org.district, areaCode: 'CENTRUM' } });
    t.equal(res.statusCode, 201);
    people.push(res.json().id);
  }
  const answers = await Promise.all(
    people.map((individualId) => app.inject({ method: 'POST', url: '/v1/default-provider/allocations', headers: cw, payload: { individualId, startDate: localDate(), grantedMinutesPerMonth: 600 } })),
  );
  t.same(answers.map((a) => a.statusCode), people.map(() => 201), 'every allocation succeeds');
  const turns = (answers.map((a) => a.json().allocation) as Allocation[]).sort((a, b) => a.seq - b.seq);

  // Replay the rule on the recorded order: the provider that waited longest goes first; Omsorg Väst until its cap.
  let vastCarried = 30;
  let last: Record<string, number> = { [VAST]: -2, [TRYGG]: -1 };
  turns.forEach((turn, i) => {
    const order = [VAST, TRYGG].sort((a, b) => last[a]! - last[b]!);
    const vastFits = vastCarried + 10 <= 50;
    const expected = order.find((o) => o !== VAST || vastFits)!;
    const skipped = order.slice(0, order.indexOf(expected));
    t.equal(turn.organisationId, expected, `turn ${i + 1}`);
    t.same(
      turn.skipped.map((s) => [s.organisationId, s.reason]),
      skipped.map((s) => [s, 'capacity-reached']),
      `turn ${i + 1}: the skips recorded`,
    );
    if (expected === VAST) vastCarried += 10;
    last = { ...last, [expected]: i };
  });
  t.equal(turns.filter((x) => x.organisationId === VAST).length, 2, 'Omsorg Väst got exactly its room, never past its cap');
  t.equal(new Set(turns.map((x) => x.seq)).size, turns.length, 'no turn given twice');
  const availability = (await app.inject({ url: `/v1/providers/${VAST}/availability`, headers: admin })).json();
  t.equal(availability.carriedHoursPerMonth, 50, 'at its cap, not past it');
});
