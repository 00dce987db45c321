import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { and, eq, sql } from 'drizzle-orm';
import { recordReadSet } from '../../src/audit/record.js';
import { accessLogPage } from '../../src/audit/access-log.sql.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../../src/db/migrate.js';
import { rowsOf } from '../../src/db/rows.js';
import { auditEvents } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

// A read of many individuals at once (a statement, a report) is one access-log entry with its individuals in it (an
// array); the auditor still sees one row per individual read, finds them by individual, and pages through them.

type Item = { id: string; individualId: string | null; resourceType: string; actorId: string; action: string };

t.test('a statement read is one entry with its individuals; the auditor finds it by individual', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const res = await app.inject({ url: '/v1/compensation/statements?month=2025-03', headers: bearer(await tokenFor('admin-anna')) });
  t.equal(res.statusCode, 200);
  const read = res.json().lines.map((l: { individualId: string }) => l.individualId);
  t.same(read, [demo.individual.astrid], 'the demo month has Astrid’s visits');

  const entries = await db.select().from(auditEvents).where(and(eq(auditEvents.actorId, 'admin-anna'), eq(auditEvents.resourceType, 'compensation_statement')));
  t.equal(entries.length, 1, 'one entry for the read, not one per individual');
  t.match(entries[0], { action: 'read', individualId: null, individualCount: 1, individualIds: read, requestId: res.headers['x-request-id'] });

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
  // With a duplicate: one entry, seven individuals.
  await recordReadSet(db, reader, [...ids, ids[0]!]);
  const [entry] = await db.select().from(auditEvents).where(eq(auditEvents.actorId, 'reporting-rut'));
  t.equal(entry!.individualCount, 7);
  t.same([...entry!.individualIds!].sort(), [...ids].sort());

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
  await recordReadSet(db, { ...reader, actor: { ...reader.actor, sub: 'nobody' } }, []);
  t.equal((await db.select().from(auditEvents).where(eq(auditEvents.actorId, 'nobody'))).length, 0);
});

t.test('the individuals of an entry are append-only, as the entry is', async (t) => {
  const { db } = await createTestApp(t);
  await recordReadSet(db, { actor: { sub: 'reporting-rut', org: demo.org.contractUnit, roles: ['reporting'] }, resourceType: 'compensation_report', resourceId: 'x', requestId: 'r' }, [demo.individual.astrid]);
  const refusal = (q: ReturnType<typeof sql>) => db.execute(q).then(() => 'done', (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message));
  t.match(await refusal(sql`update audit_events set individual_ids = array[${demo.individual.bertil}::uuid] where actor_id = 'reporting-rut'`), /append-only/);
  t.match(await refusal(sql`delete from audit_events where actor_id = 'reporting-rut'`), /append-only/);
  const [entry] = await db.select().from(auditEvents).where(eq(auditEvents.actorId, 'reporting-rut'));
  t.same(entry!.individualIds, [demo.individual.astrid]);
});

t.test('filters: by individual (through the array), actor and period, in both parts of the log', async (t) => {
  const { db } = await createTestApp(t);
  const astrid = demo.individual.astrid;
  const other = randomUUID();
  const reader = (sub: string) => ({ actor: { sub, org: demo.org.contractUnit, roles: ['reporting' as const] }, resourceType: 'compensation_report', resourceId: sub, requestId: sub });
  await recordReadSet(db, reader('many-1'), [astrid, other]);
  await recordReadSet(db, reader('many-2'), [other]);
  await db.insert(auditEvents).values({ actorId: 'own-1', actorOrganisationId: demo.org.contractUnit, actorRoles: ['admin'], action: 'read', individualId: astrid, resourceType: 'individual', resourceId: astrid });
  const ofAstrid = await accessLogPage(db, { individualId: astrid }, undefined, 100);
  t.same(ofAstrid.filter((r) => ['many-1', 'many-2', 'own-1'].includes(r.actorId)).map((r) => [r.actorId, r.individualId]).sort(), [['many-1', astrid], ['own-1', astrid]]);
  t.ok(ofAstrid.every((r) => r.individualId === astrid), 'only rows of the individual asked for');
  const ofOther = await accessLogPage(db, { individualId: other }, undefined, 100);
  t.same(ofOther.map((r) => r.actorId).sort(), ['many-1', 'many-2']);
  t.same((await accessLogPage(db, { actorId: 'many-1' }, undefined, 100)).map((r) => r.individualId).sort(), [astrid, other].sort());
  t.equal((await accessLogPage(db, { actorId: 'many-1', from: '2999-01-01T00:00:00Z' }, undefined, 100)).length, 0);
  t.equal((await accessLogPage(db, { actorId: 'many-1', to: '2000-01-01T00:00:00Z' }, undefined, 100)).length, 0);
});

t.test('migration 0013 moves the individuals of entries written under 0012 into the entry, and the view still lists them', async (t) => {
  const { database, drop } = await createTestDatabase({ migrate: false });
  t.teardown(drop);
  // The migrations up to 0012 in a folder of their own.
  const dir = mkdtempSync(join(tmpdir(), 'hj-migrations-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  rmSync(join(dir, '0013_audit_read_sets_in_entry.sql'));
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 12);
  writeFileSync(journalPath, JSON.stringify(journal));
  await runMigrations(database, dir);

  const eventId = randomUUID();
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  await database.db.execute(sql`insert into audit_events (id, actor_id, actor_organisation_id, actor_roles, action, resource_type, resource_id, individual_count)
    values (${eventId}::uuid, 'old-reader', ${demo.org.contractUnit}::uuid, array['reporting'], 'read', 'compensation_report', 'old', 3)`);
  for (const id of ids) await database.db.execute(sql`insert into audit_event_individuals (event_id, individual_id) values (${eventId}::uuid, ${id}::uuid)`);

  await runMigrations(database);
  const [moved] = await rowsOf<{ individual_ids: string[] | string; individual_count: number }>(database.db, sql`select individual_ids::text[] as individual_ids, individual_count from audit_events where id = ${eventId}::uuid`);
  t.same(moved!.individual_ids, [...ids].sort());
  t.equal(moved!.individual_count, 3);
  const [gone] = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from information_schema.tables where table_name = 'audit_event_individuals'`);
  t.equal(gone!.n, 0, 'the old table is gone');
  const viewed = await rowsOf<{ individual_id: string }>(database.db, sql`select individual_id from access_log where id = ${eventId}::uuid order by entry_key`);
  t.same(viewed.map((r) => r.individual_id), [...ids].sort());
  const found = await accessLogPage(database.db, { individualId: ids[1] }, undefined, 10);
  t.same(found.map((r) => [r.id, r.actorId]), [[eventId, 'old-reader']]);
  await t.rejects(database.db.execute(sql`update audit_events set individual_ids = null where id = ${eventId}::uuid`), 'the entry is append-only again');
});
