import { randomUUID } from 'node:crypto';
import t from 'tap';
import { and, eq, sql } from 'drizzle-orm';
import { recordReadSet } from '../../src/audit/record.js';
import { auditEventIndividuals, auditEvents } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';

// A read of many individuals at once (a statement, a report) is one access-log entry with its individuals beside it
// (two ids a row); the auditor still sees one row per individual read, and pages through them.

type Item = { id: string; individualId: string | null; resourceType: string; actorId: string; action: string };

t.test('a statement read is one entry with its individuals; the auditor finds it by individual', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const res = await app.inject({ url: '/v1/compensation/statements?month=2025-03', headers: bearer(await tokenFor('admin-anna')) });
  t.equal(res.statusCode, 200);
  const read = res.json().lines.map((l: { individualId: string }) => l.individualId);
  t.same(read, [demo.individual.astrid], 'the demo month has Astrid’s visits');

  const entries = await db.select().from(auditEvents).where(and(eq(auditEvents.actorId, 'admin-anna'), eq(auditEvents.resourceType, 'compensation_statement')));
  t.equal(entries.length, 1, 'one entry for the read, not one per individual');
  t.match(entries[0], { action: 'read', individualId: null, individualCount: 1, requestId: res.headers['x-request-id'] });
  const rows = await db.select().from(auditEventIndividuals).where(eq(auditEventIndividuals.eventId, entries[0]!.id));
  t.same(rows.map((r) => r.individualId), read);

  const auditor = bearer(await tokenFor('auditor-agnes'));
  const log = await app.inject({ url: `/v1/audit-events?individualId=${demo.individual.astrid}`, headers: auditor });
  t.equal(log.statusCode, 200);
  t.match(
    log.json().items.find((e: Item) => e.resourceType === 'compensation_statement'),
    { id: entries[0]!.id, actorId: 'admin-anna', action: 'read', individualId: demo.individual.astrid, resourceId: 'all:2025-03' },
  );
  t.notOk(Object.hasOwn(log.json().items[0], 'entryKey'), 'the paging key is not part of the answer');
  const bertil = await app.inject({ url: `/v1/audit-events?individualId=${demo.individual.bertil}`, headers: auditor });
  t.notOk(bertil.json().items.some((e: Item) => e.resourceType === 'compensation_statement'), 'an individual not in the statement is not logged as read');
});

t.test('the auditor pages through a read of many one individual at a time, each once', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const ids = [demo.individual.astrid, ...Array.from({ length: 6 }, () => randomUUID())];
  const reader = { actor: { sub: 'reporting-rut', org: demo.org.contractUnit, roles: ['reporting' as const] }, resourceType: 'compensation_report', resourceId: 'x', requestId: 'req-1' };
  // In pieces of two (four statements), with a duplicate: one entry, seven individuals.
  let turns = 0;
  await recordReadSet(db, reader, [...ids, ids[0]!], async () => (turns += 1), 2);
  t.equal(turns, 4);
  const [entry] = await db.select().from(auditEvents).where(eq(auditEvents.actorId, 'reporting-rut'));
  t.equal(entry!.individualCount, 7);

  const auditor = bearer(await tokenFor('auditor-agnes'));
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({ url: `/v1/audit-events?actorId=reporting-rut&limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: auditor });
    t.equal(res.statusCode, 200);
    for (const e of res.json().items as Item[]) {
      t.equal(e.id, entry!.id);
      seen.push(e.individualId!);
    }
    cursor = res.json().nextCursor;
    if (!cursor) break;
  }
  t.same([...seen].sort(), [...ids].sort(), 'every individual once, over three pages');

  // An old two-part cursor is not one this service issues any more.
  const old = Buffer.from(JSON.stringify(['2025-03-04T09:12:31.000Z', entry!.id])).toString('base64url');
  const refused = await app.inject({ url: `/v1/audit-events?cursor=${old}`, headers: auditor });
  t.equal(refused.statusCode, 400);
  t.equal(refused.json().type, '/problems/invalid-cursor');

  // Nothing for none.
  await recordReadSet(db, { ...reader, actor: { ...reader.actor, sub: 'nobody' } }, [], async () => undefined);
  t.equal((await db.select().from(auditEvents).where(eq(auditEvents.actorId, 'nobody'))).length, 0);
});

t.test('the individuals of an entry are append-only', async (t) => {
  const { db } = await createTestApp(t);
  await recordReadSet(db, { actor: { sub: 'reporting-rut', org: demo.org.contractUnit, roles: ['reporting'] }, resourceType: 'compensation_report', resourceId: 'x', requestId: 'r' }, [demo.individual.astrid], async () => undefined);
  const refusal = (q: ReturnType<typeof sql>) => db.execute(q).then(() => 'done', (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message));
  t.match(await refusal(sql`update audit_event_individuals set individual_id = ${demo.individual.bertil}::uuid`), /audit_event_individuals is append-only: UPDATE/);
  t.match(await refusal(sql`delete from audit_event_individuals`), /append-only: DELETE/);
  t.match(await refusal(sql`truncate audit_event_individuals`), /append-only: TRUNCATE/);
  t.equal((await db.select().from(auditEventIndividuals)).length, 1);
});
