// A throwaway Postgres cluster for the fault test: the machine's Postgres binaries, `initdb` into a temporary
// folder, 127.0.0.1 on a free port, trust auth. It never touches the machine's own cluster (port 5432, its data
// directory or its sockets): everything it starts lives in its own folder and is stopped and deleted at the end.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The folder holding initdb, pg_ctl and postgres, or a sentence saying why there is none. */
export function findPostgresBinaries(): { bin: string } | { missing: string } {
  const has = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(dir, b)));
  const candidates: string[] = [];
  if (process.env.FAULTS_PG_BIN) candidates.push(process.env.FAULTS_PG_BIN);
  // Debian and Ubuntu: /usr/lib/postgresql/<version>/bin, newest first.
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config on PATH
  }
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) candidates.push(dir);
  const bin = candidates.find(has);
  return bin ? { bin } : { missing: 'no Postgres binaries (initdb, pg_ctl, postgres) in /usr/lib/postgresql/*/bin, `pg_config --bindir` or PATH' };
}

/** A port that was free a moment ago on 127.0.0.1 (bound to port 0, then released). */
export async function freePort(avoid: number[] = []): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const p = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(p));
      });
    });
    if (port > 0 && port !== 5432 && !avoid.includes(port)) return port;
  }
  throw new Error('no free port found');
}

export interface Cluster {
  port: number;
  dir: string;
  url(database: string): string;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server (immediate) and deletes the folder; synchronous, so it also runs from an exit handler. Safe twice. */
  destroySync(): void;
  /** The server's own log, for a report. */
  logTail(lines: number): string;
}

/**
 * Creates the cluster (not started). As root the binaries run as the `postgres` OS user (initdb refuses root), the
 * folder owned by that user; as anyone else they run as the caller.
 */
export async function createCluster(bin: string, say: (line: string) => void): Promise<Cluster> {
  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    try {
      owner = {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      };
    } catch {
      throw new SkipError('running as root and there is no `postgres` OS user to run initdb as');
    }
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hemtjanst-faults-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  // The command line: as root through runuser, with the temporary folder as working directory (the postgres user may
  // not enter the repository).
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p)) ?? 'runuser';
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? [runuser, ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const exec = async (tool: string, args: string[], timeoutMs = 60_000) => {
    const [file, argv] = command(tool, args);
    try {
      await run(file, argv, { cwd: dir, timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${tool} ${args[0] ?? ''} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
    }
  };
  // Only this folder's socket and 127.0.0.1:<port>: nothing shared with the machine's cluster.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60 -c log_min_messages=warning`;
  let destroyed = false;

  say(`initdb into ${data} (Postgres binaries in ${bin}${asRoot ? ', as the postgres OS user' : ''})`);
  try {
    if (owner) chownSync(dir, owner.uid, owner.gid);
    await exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
  } catch (err) {
    // Nothing runs yet: the folder is all there is to remove.
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    port,
    dir,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => exec('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', serverOptions]),
    restart: () => exec('pg_ctl', ['restart', '-D', data, '-l', log, '-m', 'fast', '-w', '-t', '60', '-o', serverOptions]),
    stop: () => exec('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60']),
    destroySync() {
      if (destroyed) return;
      destroyed = true;
      if (existsSync(join(data, 'postmaster.pid'))) {
        const [file, argv] = command('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30']);
        spawnSync(file, argv, { cwd: dir, stdio: 'ignore', timeout: 40_000 });
      }
      rmSync(dir, { recursive: true, force: true });
    },
    logTail(lines) {
      try {
        return execFileSync('tail', ['-n', String(lines), log], { encoding: 'utf8' });
      } catch {
        return '';
      }
    },
  };
}

/** The environment cannot run the test (no binaries, no postgres user): the test says so and is skipped. */
export class SkipError extends Error {}
