import { sql } from 'drizzle-orm';
import t from 'tap';
import type { Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { createTestDatabase } from '../helpers/database.js';

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

async function tables(database: Database) {
  const r = await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
  return rowsOf<{ table_name: string }>(r).map((x) => x.table_name);
}

t.test('migrations on an empty database, twice, and concurrently', async (t) => {
  const { database, backend, drop } = await createTestDatabase();
  t.teardown(drop);
  t.comment(`database: ${backend}`);
  const created = await tables(database);
  for (const table of ['organisations', 'units', 'staff', 'individuals', 'service_assignments', 'consents', 'audit_events']) {
    t.ok(created.includes(table), `${table} exists`);
  }
  const applied = async () => rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;
  const count = await applied();
  t.ok(count >= 2);
  await runMigrations(database);
  t.equal(await applied(), count, 'a second run applies nothing');
  // Two instances starting together: the advisory lock serialises them and both succeed.
  await Promise.all([runMigrations(database), runMigrations(database)]);
  t.equal(await applied(), count);
  t.same(await tables(database), created);
});
