import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import t, { type Test } from 'tap';
import { createTestDatabase } from '../helpers/database.js';

/** Starts `src/server.ts` as the README does, waits for the printed URL and token. */
async function startServer(t: Test, env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env };
  for (const k of ['TEST_DATABASE_URL', 'AUTH_DEV_SECRET', 'AUTH_JWKS_URL', 'AUTH_PUBLIC_KEY', 'NODE_ENV', 'PGHOST', 'PGDATABASE']) delete childEnv[k];
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(() => void child.kill('SIGKILL'));
  const tokenPattern = /admin token[\s\S]*?\n\s+(\S+\.\S+\.\S+)\n/;
  const deadline = Date.now() + 90_000;
  while (!tokenPattern.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const base = /listening on (http:\/\/\S+)/.exec(out)?.[1];
  const token = tokenPattern.exec(out)?.[1];
  if (!base || !token) throw new Error(`the server did not start:\n${out}`);
  const stop = async () => {
    child.kill('SIGTERM');
    return exited;
  };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  return { base, token, out: () => out, stop, api };
}

t.test('the embedded database keeps its data across a restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hemtjanst-restart-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATA_DIR: join(dir, 'data') };

  const first = await startServer(t, env);
  t.notMatch(first.base, /:0$/, `prints the port it bound, not 0: ${first.base}`);
  const created = await first.api('/v1/organisations', { method: 'POST', body: JSON.stringify({ name: 'Kvar Efter Omstart AB', kind: 'private_provider', organisationNumber: '556016-0680' }) });
  t.equal(created.status, 201);
  const { id } = (await created.json()) as { id: string };
  t.equal(await first.stop(), 0, 'stops with 0 on SIGTERM');

  const second = await startServer(t, env);
  t.match(second.out(), /embedded Postgres \(PGlite\) in .*data/);
  const read = await second.api(`/v1/organisations/${id}`);
  t.equal(read.status, 200, 'the organisation is still there');
  t.equal(((await read.json()) as { name: string }).name, 'Kvar Efter Omstart AB');
  t.same(await (await fetch(`${second.base}/health/ready`)).json(), { status: 'ok', database: 'pglite' });
  t.equal(await second.stop(), 0);
});

t.test('two instances start together on one empty database', async (t) => {
  const { database, backend, url, drop } = await createTestDatabase({ migrate: false });
  t.teardown(drop);
  t.comment(`database: ${backend}`);
  if (!url) {
    // PGlite: one process owns a data folder, so two instances cannot share one; the in-process variant of this
    // race is in migrations-concurrent.test.ts. Here: one instance on an empty data folder.
    const dir = mkdtempSync(join(tmpdir(), 'hemtjanst-two-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const only = await startServer(t, { DATA_DIR: join(dir, 'data') });
    t.equal((await only.api('/v1/organisations')).status, 200);
    t.equal(await only.stop(), 0);
    return;
  }
  const [a, b] = await Promise.all([startServer(t, { DATABASE_URL: url }), startServer(t, { DATABASE_URL: url })]);
  for (const [name, s] of [['first', a], ['second', b]] as const) {
    t.match(s.out(), /Postgres at DATABASE_URL/, `${name}: on Postgres`);
    t.same(await (await fetch(`${s.base}/health/ready`)).json(), { status: 'ok', database: 'postgres' }, `${name}: ready`);
    t.equal((await s.api('/v1/organisations')).status, 200, `${name}: serves`);
  }
  const r = await database.db.execute(sql`select count(*)::int as n, count(distinct hash)::int as d from drizzle.__drizzle_migrations`);
  const [row] = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { n: number; d: number }[];
  t.ok(row!.n > 0 && row!.n === row!.d, `each migration recorded once (${row!.n})`);
  t.same(await Promise.all([a.stop(), b.stop()]), [0, 0], 'both stop gracefully');
});
