import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectPglite, connectPostgres, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';

export type TestBackend = 'postgres (TEST_DATABASE_URL)' | 'postgres (testcontainers)' | 'pglite (in memory)';

function adminUrlFromEnv(): string | undefined {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  if (process.env.PGHOST || process.env.PGDATABASE) {
    const u = new URL('postgres://localhost/');
    u.hostname = process.env.PGHOST ?? '127.0.0.1';
    u.port = process.env.PGPORT ?? '5432';
    u.username = process.env.PGUSER ?? 'postgres';
    if (process.env.PGPASSWORD) u.password = process.env.PGPASSWORD;
    u.pathname = `/${process.env.PGDATABASE ?? 'postgres'}`;
    return u.toString();
  }
  return undefined;
}

const dockerAvailable = () =>
  process.env.TESTCONTAINERS_DISABLED !== '1' && (Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock'));

/**
 * A database of this test file's own: a fresh database on real Postgres, or an in-memory PGlite. Migrated unless
 * `migrate: false` (to test the migrations themselves). `url` is the Postgres database's address, for a second
 * connection (absent on PGlite).
 */
export async function createTestDatabase(
  opts: { migrate?: boolean } = {},
): Promise<{ database: Database; backend: TestBackend; drop: () => Promise<void>; url?: string }> {
  const migrate = opts.migrate !== false;
  let adminUrl = adminUrlFromEnv();
  let backend: TestBackend = 'postgres (TEST_DATABASE_URL)';
  let stopContainer: (() => Promise<unknown>) | undefined;
  if (!adminUrl && dockerAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    adminUrl = container.getConnectionUri();
    backend = 'postgres (testcontainers)';
    stopContainer = () => container.stop();
  }
  if (!adminUrl) {
    const database = await connectPglite();
    if (migrate) await runMigrations(database);
    return { database, backend: 'pglite (in memory)', drop: () => database.close() };
  }
  const name = `hj_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = connectPostgres(url.toString(), 5);
  if (migrate) await runMigrations(database);
  return {
    database,
    backend,
    url: url.toString(),
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
      await stopContainer?.();
    },
  };
}
