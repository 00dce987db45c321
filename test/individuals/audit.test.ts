import t from 'tap';
import { sql } from 'drizzle-orm';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';

t.test('reads and writes of an individual are in the access log; only auditors search it', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const karin = bearer(await tokenFor('care-karin'));
  const read = await app.inject({ url: `/v1/individuals/${demo.individual.astrid}`, headers: karin });
  t.equal(read.statusCode, 200);
  await app.inject({ url: `/v1/individuals/${demo.individual.astrid}/services`, headers: karin });
  const consent = await app.inject({ method: 'POST', url: `/v1/individuals/${demo.individual.astrid}/consents`, headers: karin, payload: { givenOn: '2025-01-01', method: 'written' } });
  t.equal(consent.statusCode, 201);
  // A refused read is not a read of the individual's data.
  t.equal((await app.inject({ url: `/v1/individuals/${demo.individual.bertil}`, headers: karin })).statusCode, 404);

  const auditor = bearer(await tokenFor('auditor-agnes'));
  const res = await app.inject({ url: `/v1/audit-events?actorId=care-karin`, headers: auditor });
  t.equal(res.statusCode, 200);
  const events = res.json().items;
  t.same(
    events.map((e: { action: string; resourceType: string }) => `${e.action}:${e.resourceType}`),
    ['create:consent', 'read:service_overview', 'read:individual'],
    'newest first',
  );
  t.match(events[2], { actorId: 'care-karin', actorOrganisationId: demo.org.privateProvider, actorRoles: ['care_staff'], individualId: demo.individual.astrid, requestId: read.headers['x-request-id'] });
  t.notOk(events.some((e: { individualId: string }) => e.individualId === demo.individual.bertil));

  const byIndividual = await app.inject({ url: `/v1/audit-events?individualId=${demo.individual.astrid}&limit=1`, headers: auditor });
  t.equal(byIndividual.json().items.length, 1);
  const next = await app.inject({ url: `/v1/audit-events?individualId=${demo.individual.astrid}&limit=1&cursor=${byIndividual.json().nextCursor}`, headers: auditor });
  t.not(next.json().items[0].id, byIndividual.json().items[0].id, 'the cursor moves on');
  const future = await app.inject({ url: `/v1/audit-events?from=2999-01-01T00:00:00Z`, headers: auditor });
  t.equal(future.json().items.length, 0);

  for (const who of ['admin-anna', 'care-karin', 'eku-erik']) {
    t.equal((await app.inject({ url: '/v1/audit-events', headers: bearer(await tokenFor(who)) })).statusCode, 403, `${who} may not search the log`);
  }

  // Append-only: the database refuses changes whatever the caller.
  await t.rejects(db.execute(sql`update audit_events set actor_id = 'someone-else'`));
  await t.rejects(db.execute(sql`delete from audit_events`));
  const count = await db.execute(sql`select count(*)::int as n from audit_events where actor_id = 'care-karin'`);
  const rows = (Array.isArray(count) ? count : (count as { rows: { n: number }[] }).rows) as { n: number }[];
  t.equal(Number(rows[0]!.n), 3);
});
