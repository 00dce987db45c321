import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';

// The README's `npm start` path: no configuration, an empty data folder, the embedded database.
t.test('the service starts on the embedded database, prints its URL, docs and a token, and stops on SIGTERM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hemtjanst-start-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'data'), PORT: '0', LOG_LEVEL: 'warn' };
  for (const k of ['DATABASE_URL', 'TEST_DATABASE_URL', 'AUTH_DEV_SECRET', 'AUTH_JWKS_URL', 'AUTH_PUBLIC_KEY', 'NODE_ENV']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(() => void child.kill('SIGKILL'));

  const deadline = Date.now() + 90_000;
  while (!/admin token[\s\S]*\n\s+(\S+\.\S+\.\S+)\n/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const base = /listening on (http:\/\/\S+)/.exec(out)?.[1];
  const token = /admin token[\s\S]*?\n\s+(\S+\.\S+\.\S+)\n/.exec(out)?.[1];
  t.ok(base, `prints its URL:\n${out}`);
  t.match(out, /API docs:\s+http:\/\/\S+\/docs/);
  t.match(out, /embedded Postgres \(PGlite\)/);
  t.ok(token, 'prints an admin token');
  const ready = await fetch(`${base}/health/ready`);
  t.same(await ready.json(), { status: 'ok', database: 'pglite' });
  const orgs = await fetch(`${base}/v1/organisations`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(orgs.status, 200, 'the printed token works');
  t.equal((await fetch(`${base}/docs`)).status, 200, 'the docs page answers');
  t.ok(existsSync(join(dir, 'data')), 'data kept in DATA_DIR');
  child.kill('SIGTERM');
  t.equal(await exited, 0, 'graceful shutdown exits 0');
});
