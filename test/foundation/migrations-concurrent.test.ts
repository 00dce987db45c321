import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import t from 'tap';
import { connectPostgres, type Database } from '../../src/db/client.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../../src/db/migrate.js';
import { auditEvents } from '../../src/db/schema/index.js';
import { createTestDatabase } from '../helpers/database.js';
import { errorCode } from '../helpers/errors.js';

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);
const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };

async function publicTables(database: Database) {
  const r = await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
  return rowsOf<{ table_name: string }>(r).map((x) => x.table_name);
}

async function appliedHashes(database: Database) {
  const r = await database.db.execute(sql`select hash from drizzle.__drizzle_migrations order by id`);
  return rowsOf<{ hash: string }>(r).map((x) => x.hash);
}


t.test('two instances migrate an empty database at the same time: both succeed, each migration applied once', async (t) => {
  const { database, backend, url, drop } = await createTestDatabase({ migrate: false });
  t.teardown(drop);
  t.comment(`database: ${backend}`);
  t.same(await publicTables(database), [], 'the database starts empty');

  // On Postgres a second pool is a second instance; PGlite has one connection per process, so there the two
  // start-ups share it (which the re-entrant advisory lock alone did not serialise).
  const second = url ? connectPostgres(url, 2) : database;
  if (url) t.teardown(() => second.close());
  const results = await Promise.allSettled([runMigrations(database), runMigrations(second), runMigrations(database)]);
  t.same(
    results.map((r) => (r.status === 'fulfilled' ? 'ok' : String((r.reason as Error).message).slice(0, 200))),
    ['ok', 'ok', 'ok'],
    'every start-up succeeds',
  );

  const hashes = await appliedHashes(database);
  t.equal(hashes.length, journal.entries.length, `each of the ${journal.entries.length} migrations recorded`);
  t.equal(new Set(hashes).size, hashes.length, 'none twice');
  const tables = await publicTables(database);
  for (const table of ['organisations', 'units', 'staff', 'individuals', 'audit_events']) t.ok(tables.includes(table), `${table} exists`);

  await runMigrations(second);
  t.same(await appliedHashes(database), hashes, 'a later start applies nothing');
});

t.test('the access log is append-only in the database itself', async (t) => {
  const { database, backend, drop } = await createTestDatabase();
  t.teardown(drop);
  t.comment(`database: ${backend}`);
  const { db } = database;
  await db.insert(auditEvents).values({
    actorId: 'admin-anna',
    actorOrganisationId: '10000000-0000-4000-8000-000000000007',
    actorRoles: ['admin'],
    action: 'read',
    individualId: null,
    resourceType: 'individual',
  });
  t.equal(await errorCode(() => db.update(auditEvents).set({ actorId: 'someone-else' })), '42501', 'UPDATE refused');
  t.equal(await errorCode(() => db.delete(auditEvents)), '42501', 'DELETE refused');
  t.equal(await errorCode(() => db.execute(sql`truncate audit_events`)), '42501', 'TRUNCATE refused');
  const rows = await db.select().from(auditEvents);
  t.equal(rows.length, 1, 'the entry is still there');
  t.equal(rows[0]!.actorId, 'admin-anna', 'unchanged');
  t.equal(await errorCode(() => db.insert(auditEvents).values({ actorId: 'b', actorOrganisationId: rows[0]!.actorOrganisationId, actorRoles: [], action: 'list', individualId: null, resourceType: 'individual' })), undefined, 'appending still works');
});
