import t, { type Test } from 'tap';
import { bearer, createTestApp } from '../helpers/app.js';
import { individualLockOrder } from '../../src/compensation/ingest.sql.js';
import { addIndividual, assign, postVisits, provider, reporterTokens, visit } from '../helpers/compensation.js';

// Issue 10: two reporting clients of one organisation posting overlapping visits of one individual at the same time
// both got stored in 9 rounds of 10: the check was serialised per reporting system, not per individual, so the city
// paid twice. On Postgres the two requests run on two connections at once; on the embedded database (one
// connection) they run one after the other, and the rule must hold there too.

const SECOND_CLIENT = 'visma-omsorg-vast';
const ROUNDS = 6;

async function setUp(t: Test) {
  const ta = await createTestApp(t);
  const { app } = ta;
  const admin = bearer(await ta.tokenFor('admin-anna'));
  const registered = await app.inject({
    method: 'POST',
    url: '/v1/api-clients',
    headers: admin,
    payload: { id: SECOND_CLIENT, name: 'Second time-reporting system (Omsorg Väst)', organisationId: provider.private.organisationId, roles: ['time_reporter'] },
  });
  t.equal(registered.statusCode, 201, 'a second time-reporting client of the same organisation');
  const first = (await reporterTokens(ta)).private;
  const second = await ta.token({ sub: SECOND_CLIENT, org: provider.private.organisationId, roles: ['time_reporter'] });
  return { ta, first, second };
}

t.test('two clients of one organisation, overlapping visits of one individual in parallel: exactly one is stored', async (t) => {
  const { ta, first, second } = await setUp(t);
  const { app, db } = ta;
  t.comment(`database: ${ta.database.kind}`);
  for (let round = 0; round < ROUNDS; round++) {
    const individualId = await addIndividual(db, `Double booking ${round}`);
    await assign(db, { individualId, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
    const day = `2019-06-${String(round + 1).padStart(2, '0')}`;
    // Each batch also carries other individuals' visits, as a real batch does, so the check takes a while.
    const others = await Promise.all(
      [0, 1, 2].map(async (k) => {
        const id = await addIndividual(db, `Bystander ${round}.${k}`);
        await assign(db, { individualId: id, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
        return id;
      }),
    );
    const filler = (tag: string, hour: number) =>
      others.map((id, k) => visit({ individualId: id, externalId: `${tag}-${round}-${k}`, checkIn: `${day}T${hour}:00:00+02:00`, checkOut: `${day}T${hour}:30:00+02:00` }));
    const [a, b] = await Promise.all([
      postVisits(app, first, [...filler('a', 12), visit({ individualId, externalId: `a-${round}`, checkIn: `${day}T09:00:00+02:00`, checkOut: `${day}T10:00:00+02:00` })]),
      // In odd rounds the second system writes the id in capitals: the same individual, the same lock.
      postVisits(app, second, [...filler('b', 14), visit({ individualId: round % 2 ? individualId.toUpperCase() : individualId, externalId: `b-${round}`, staffId: provider.private.otherStaffId, checkIn: `${day}T09:30:00+02:00`, checkOut: `${day}T10:30:00+02:00` })]),
    ]);
    t.equal(a.statusCode, 200);
    t.equal(b.statusCode, 200);
    const outcomes = [a.json().results[3].outcome, b.json().results[3].outcome].sort();
    t.same(outcomes, ['created', 'rejected'], `round ${round}: one of the two overlapping visits is stored, the other rejected`);
    const loser = [a, b].map((r) => r.json().results[3]).find((r) => r.outcome === 'rejected');
    t.match(loser?.reason, /^overlaps visit [ab]-\d+ for the same individual and service/);
    t.equal(a.json().created + b.json().created, 7, 'the bystanders are stored on both sides');
  }
});

t.test('the lock order: one lock per individual, whatever the case of the id, in one sorted order', async (t) => {
  const a = '30000000-0000-4000-8000-00000000000a';
  const b = '30000000-0000-4000-8000-00000000000b';
  t.same(individualLockOrder([b, a, b.toUpperCase(), a]), [a, b], 'distinct, lower-case, sorted: every batch takes shared locks in the same order');
  t.same(individualLockOrder([]), []);
});

t.test('batches that share individuals, sent in parallel in opposite orders, never deadlock', async (t) => {
  const { ta, first, second } = await setUp(t);
  const { app, db } = ta;
  const ids: string[] = [];
  for (let k = 0; k < 40; k++) {
    const id = await addIndividual(db, `Shared ${k}`);
    await assign(db, { individualId: id, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
    ids.push(id);
  }
  for (let round = 0; round < 3; round++) {
    const day = `2019-07-${String(round + 1).padStart(2, '0')}`;
    const batch = (tag: string, hour: string, order: string[]) =>
      order.map((id, k) => visit({ individualId: id, externalId: `${tag}-${round}-${k}`, checkIn: `${day}T${hour}:00:00+02:00`, checkOut: `${day}T${hour}:45:00+02:00` }));
    const [a, b] = await Promise.all([postVisits(app, first, batch('m', '08', ids)), postVisits(app, second, batch('e', '15', [...ids].reverse()))]);
    t.equal(a.statusCode, 200, `round ${round}: first answered`);
    t.equal(b.statusCode, 200, `round ${round}: second answered`);
    t.equal(a.json().created + b.json().created, 2 * ids.length, "nothing overlaps: all stored");
  }
});
