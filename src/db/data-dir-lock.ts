// The embedded database's folder belongs to one process. PGlite takes no lock of its own: a second process (say
// `npm run demo` while `npm start` runs) opened the same folder, wrote into it, and the first one never saw the data
// and overwrote it later. The lock is proper-lockfile's atomic mkdir of `<folder>.lock`, its mtime refreshed while
// held; beside it `<folder>.lock.json` names the holder, so the second process can say who holds the folder.
// Whether a lock is abandoned is decided here, not by the mtime alone: PGlite runs in this process, and a long
// statement or migration blocks the event loop (and the refresh) for tens of seconds on a busy machine; a second
// process then took the folder from a live holder. So on this host the holder's pid decides (dead: taken over at
// once; alive: never); only a holder on another host (a shared volume) is judged by the age of the lock.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';

export interface DataDirHolder {
  pid: number;
  host: string;
  /** ISO 8601, when the holder took the lock. */
  startedAt: string;
  /** Where the holder serves the API, when it is a running service. */
  url?: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirHolder | undefined,
  ) {
    super(
      holder
        ? `The data folder ${dataDir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.startedAt}${holder.url ? `, serving ${holder.url}` : ''}). ` +
            'The embedded database can be open in one process only: stop that process, or work through its API.'
        : `The data folder ${dataDir} is in use by another process (its lock ${dataDir}.lock names no holder yet). ` +
            'The embedded database can be open in one process only.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Records where the holder serves the API (known only after listen), for the next process's message. */
  announce(url: string): void;
  release(): Promise<void>;
}

export interface LockOptions {
  /** A lock of another host not refreshed for this long counts as abandoned (default 2 minutes). */
  staleMs?: number;
  /** The lock was taken over or removed under us: another process may be writing into the folder now. */
  onCompromised?: (err: Error) => void;
}

const holderPath = (dir: string) => `${dir}.lock.json`;

/** The holder recorded beside the lock, or undefined when there is none or it cannot be read. */
export function readDataDirHolder(dataDir: string): DataDirHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(holderPath(resolve(dataDir)), 'utf8')) as DataDirHolder;
    return Number.isInteger(h.pid) && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** proper-lockfile's staleness, turned off (its threshold is compared with Date.now()). */
const FOREVER_MS = 100 * 365 * 24 * 3600_000;

/** A holder that died on this host, or a lock of another host (or of no named holder) not refreshed for staleMs. */
function abandoned(holder: DataDirHolder | undefined, lockDir: string, staleMs: number): boolean {
  if (holder && holder.host === hostname()) return !alive(holder.pid);
  try {
    return statSync(lockDir).mtimeMs < Date.now() - staleMs;
  } catch {
    return true;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder (which must exist) for this process, or throws DataDirLockedError naming the holder.
 * Released by `release()` (the embedded database's close) or, failing that, when the process exits.
 */
export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  const lockDir = `${dir}.lock`;
  const staleMs = options.staleMs ?? 120_000;
  const onCompromised =
    options.onCompromised ??
    ((err: Error) => {
      console.error(`The lock on the data folder ${dir} was lost (${err.message}); stopping so that two processes do not write into it.`);
      process.exit(1);
    });
  // The library never judges the lock stale itself (see above); it refreshes the mtime and notices a lock taken over.
  const take = () => lockfile.lock(dir, { stale: FOREVER_MS, update: 10_000, retries: 0, realpath: false, onCompromised });

  let unlock: () => Promise<void>;
  try {
    unlock = await take();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const holder = readDataDirHolder(dir);
    if (!abandoned(holder, lockDir, staleMs)) throw new DataDirLockedError(dir, holder);
    rmSync(lockDir, { recursive: true, force: true });
    try {
      unlock = await take();
    } catch (again) {
      // Another process took it over first.
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirLockedError(dir, readDataDirHolder(dir));
      throw again;
    }
  }

  const holder: DataDirHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const write = () => writeFileSync(holderPath(dir), JSON.stringify(holder, null, 2) + '\n');
  write();
  let released = false;
  return {
    dataDir: dir,
    announce(url) {
      if (released) return;
      holder.url = url;
      write();
    },
    async release() {
      if (released) return;
      released = true;
      rmSync(holderPath(dir), { force: true });
      await unlock().catch(() => {});
    },
  };
}
