// The embedded data folder belongs to one process (issue 15). These run on PGlite folders whatever TEST_DATABASE_URL
// says: the lock is the embedded driver's. `npm run demo` against a held folder: demo-held-folder.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { connectPglite } from '../../src/db/client.js';
import { DataDirLockedError, lockDataDir, readDataDirHolder } from '../../src/db/data-dir-lock.js';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';

function tempDir(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'hemtjanst-lock-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'data');
}

/** The environment of a child that runs a script of this repo against DATA_DIR (never a Postgres of the test run). */
function childEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', AUTH_DEV_SECRET: SECRET, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...extra };
  for (const k of ['TEST_DATABASE_URL', 'DATABASE_URL', 'AUTH_JWKS_URL', 'AUTH_PUBLIC_KEY', 'PGHOST', 'PGDATABASE']) delete env[k];
  return env;
}

t.test('a second open of a held folder fails and names the holder; close releases it', async (t) => {
  const dataDir = tempDir(t);
  const first = await connectPglite(dataDir);
  first.dataDirLock!.announce('http://127.0.0.1:3104');

  const err = await connectPglite(dataDir).then(
    (second) => second.close().then(() => undefined),
    (e: unknown) => e,
  );
  t.ok(err instanceof DataDirLockedError, 'refused in the same process');
  const locked = err as DataDirLockedError;
  t.match(locked.holder, { pid: process.pid, host: hostname(), url: 'http://127.0.0.1:3104' });
  t.ok(Number.isFinite(Date.parse(locked.holder!.startedAt)), 'names when the holder started');
  t.match(locked.message, new RegExp(`process ${process.pid} on .*since .*serving http://127\\.0\\.0\\.1:3104`));

  // Another process (npm run migrate) is refused as well, with exit code 1 and the holder in its message.
  const other = spawnSync(process.execPath, ['--import', 'tsx', 'src/db/migrate-cli.ts'], { env: childEnv(dataDir), encoding: 'utf8' });
  t.equal(other.status, 1, other.stderr);
  t.match(other.stderr, new RegExp(`in use by process ${process.pid} on `));
  t.notMatch(other.stderr, /at .*\.ts:\d+/, 'no stack trace');

  await first.close();
  t.notOk(existsSync(`${dataDir}.lock`), 'lock released on close');
  t.notOk(existsSync(`${dataDir}.lock.json`), 'holder record removed on close');
  const again = await lockDataDir(dataDir);
  t.equal(readDataDirHolder(dataDir)?.pid, process.pid, 'the next one takes it');
  await again.release();
});

t.test('a lock whose holder died is taken over', async (t) => {
  const dataDir = tempDir(t);
  mkdirSync(dataDir, { recursive: true });
  // A process of this host that has ended: its lock (fresh mtime) and holder record were left behind, as after SIGKILL.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(dead.stdout);
  mkdirSync(`${dataDir}.lock`);
  writeFileSync(`${dataDir}.lock.json`, JSON.stringify({ pid: deadPid, host: hostname(), startedAt: '2026-03-05T08:00:00.000Z' }));
  const lock = await lockDataDir(dataDir);
  t.equal(readDataDirHolder(dataDir)?.pid, process.pid, 'the holder record is ours now');
  await lock.release();

  // A live holder on this host is never taken over, however long ago it refreshed its lock (PGlite runs in the
  // holder's process and may block its event loop): here the holder is this test process.
  mkdirSync(`${dataDir}.lock`);
  writeFileSync(`${dataDir}.lock.json`, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-03-05T08:00:00.000Z' }));
  utimesSync(`${dataDir}.lock`, new Date(0), new Date(0));
  const live = await lockDataDir(dataDir).then(
    (l) => l.release().then(() => undefined),
    (e: unknown) => e,
  );
  t.ok(live instanceof DataDirLockedError, 'a live holder keeps its folder');
  rmSync(`${dataDir}.lock`, { recursive: true });

  // A holder on another host (a shared volume): its pid cannot be checked, so only an old lock counts as abandoned.
  mkdirSync(`${dataDir}.lock`);
  writeFileSync(`${dataDir}.lock.json`, JSON.stringify({ pid: 4242, host: 'elsewhere.example', startedAt: '2026-03-05T08:00:00.000Z' }));
  const refused = await lockDataDir(dataDir).then(
    (l) => l.release().then(() => undefined),
    (e: unknown) => e,
  );
  t.ok(refused instanceof DataDirLockedError, 'a fresh lock of another host is respected');
  t.match((refused as Error).message, /process 4242 on elsewhere\.example/);
  const old = new Date(Date.now() - 600_000);
  utimesSync(`${dataDir}.lock`, old, old);
  const taken = await lockDataDir(dataDir);
  t.equal(readDataDirHolder(dataDir)?.host, hostname(), 'an abandoned lock (not refreshed) is taken over');
  await taken.release();
});
