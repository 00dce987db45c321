// `npm run demo` never writes into a data folder another process holds (issue 15). On a PGlite folder whatever
// TEST_DATABASE_URL says: the lock is the embedded driver's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { connectPglite } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { staff } from '../../src/db/schema/index.js';
import { demoStaff } from '../../src/demo/city.js';
import { bootstrapCity } from '../../src/directory/bootstrap.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from '../helpers/app.js';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';

/** A port nothing listens on (bound, then freed). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs scripts/demo.ts as `npm run demo` does, against DATA_DIR (never a Postgres of the test run). */
async function runDemo(dataDir: string, port: number, args: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), AUTH_DEV_SECRET: SECRET, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
  for (const k of ['TEST_DATABASE_URL', 'DATABASE_URL', 'AUTH_JWKS_URL', 'AUTH_PUBLIC_KEY', 'PGHOST', 'PGDATABASE']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { status, stdout, stderr };
}

t.test('npm run demo never writes into a held folder', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hemtjanst-demo-held-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  const database = await connectPglite(dataDir);
  t.teardown(() => database.close());
  await runMigrations(database);
  const staffCount = async () => Number((await database.db.select({ n: count() }).from(staff))[0]!.n);
  const before = await staffCount();
  const nobody = await freePort();

  // The holder recorded no URL (not a service, or not listening yet): the demo refuses and loads nothing.
  const refused = await runDemo(dataDir, nobody);
  t.equal(refused.status, 1, refused.stderr);
  t.match(refused.stderr, new RegExp(`in use by process ${process.pid} on `));
  t.match(refused.stderr, /Nothing was loaded/);
  t.notMatch(refused.stdout, /Loaded/);
  t.equal(await staffCount(), before, 'nothing written into the held folder');

  // --url to where no service answers: refused, not a silent fallback to the folder.
  const noService = await runDemo(dataDir, nobody, ['--url', `http://127.0.0.1:${nobody}`]);
  t.equal(noService.status, 1);
  t.match(noService.stderr, new RegExp(`No service answers at http://127\\.0\\.0\\.1:${nobody}`));

  // The holder is a service that recorded its URL: the demo (on another PORT) loads through it.
  const config = testConfig();
  await bootstrapCity(database.db, config.city);
  const app = await buildApp({ config, database, logger: createLogger('silent') });
  t.teardown(() => app.close());
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  database.dataDirLock!.announce(url);
  const through = await runDemo(dataDir, nobody);
  t.equal(through.status, 0, through.stderr);
  t.match(through.stdout, `Loaded through the running service at ${url}`);
  t.match(through.stdout, `open ${url}/docs`);
  t.ok((await staffCount()) >= before + demoStaff.length, 'the running service has the demo staff');
});
