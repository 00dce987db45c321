import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { RemotePglite } from './pglite-remote.js';
import { lockDataDir, type DataDirLock, type LockOptions } from './data-dir-lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** A database handle or a transaction: repositories accept either (inside a transaction, only `tx`). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  kind: 'postgres' | 'pglite';
  db: Db;
  /** Runs a plain query; rows come back with the same shapes on both drivers. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Runs `fn` holding a session-level advisory lock on one dedicated connection. */
  withAdvisoryLock<T>(key: number, fn: (db: Db) => Promise<T>): Promise<T>;
  /** Present on the embedded driver only: PGlite in its own thread. */
  pglite?: RemotePglite;
  /** The embedded driver's hold on its data folder (released by close); absent in memory and on Postgres. */
  dataDirLock?: DataDirLock;
  pool?: pg.Pool;
}

// pg returns int8 and numeric as strings, PGlite as numbers: align pg on numbers (our counts and sums fit).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** Time limits of the pg pool; all in milliseconds (0 turns one off). */
export interface PoolTimeouts {
  /** Waiting for a connection (new or from the pool). */
  connectMs: number;
  /** Server-side limit of one statement. */
  statementMs: number;
  /** Server-side limit of a transaction left idle (a request that hangs must not hold locks). */
  idleInTransactionMs: number;
}
export const DEFAULT_POOL_TIMEOUTS: PoolTimeouts = { connectMs: 5_000, statementMs: 30_000, idleInTransactionMs: 60_000 };

export function connectPostgres(url: string, poolMax = 10, timeouts: PoolTimeouts = DEFAULT_POOL_TIMEOUTS): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    application_name: 'hemtjanst-api',
    keepAlive: true,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    // Client-side too: a frozen server enforces no statement_timeout, and the request would wait for ever.
    query_timeout: timeouts.statementMs > 0 ? timeouts.statementMs + 5_000 : undefined,
  });
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Nor may the error of a client a request holds (between two statements of a transaction, pg emits it on the
  // client, where nothing listened: the process died). The request's own query fails and answers 503.
  // `npm run test:faults` restarts a real Postgres under load and fails without this line.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      if (!pool.ending) await pool.end();
    },
    async withAdvisoryLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        try {
          return await fn(drizzlePg({ client, schema, casing: 'snake_case' }) as unknown as Db);
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
  };
}

/**
 * The embedded default: real Postgres in WebAssembly, data in a folder (or in memory when dataDir is undefined),
 * running in a thread of its own so that its statements never hold the event loop (pglite-remote.ts).
 * The folder is locked for this process before PGlite opens it (DataDirLockedError names the holder otherwise).
 */
export async function connectPglite(dataDir?: string, lockOptions?: LockOptions): Promise<Database> {
  let dataDirLock: DataDirLock | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    dataDirLock = await lockDataDir(dataDir, lockOptions);
  }
  let client: RemotePglite;
  try {
    client = await RemotePglite.create(dataDir);
  } catch (err) {
    await dataDirLock?.release();
    throw err;
  }
  // drizzle takes the proxy for a PGlite: it calls only query and transaction.
  const db = drizzlePglite({ client: client as unknown as PGlite, schema, casing: 'snake_case' }) as unknown as Db;
  // Advisory locks are re-entrant within a session and PGlite has one session: two callers in this process both
  // got the lock at once (two concurrent runMigrations on a fresh database both ran 0000_init and one failed on
  // "type already exists"). A promise chain per key serialises them in-process, then the lock is taken as well.
  const held = new Map<number, Promise<unknown>>();
  return {
    kind: 'pglite',
    db,
    pglite: client,
    dataDirLock,
    async ping() {
      await client.query('select 1');
    },
    async close() {
      try {
        if (!client.closed) await client.close();
      } finally {
        await dataDirLock?.release();
      }
    },
    // One connection, one process owns the folder: the lock is still taken for the same semantics.
    async withAdvisoryLock(key, fn) {
      const previous = held.get(key) ?? Promise.resolve();
      const run = previous
        .catch(() => {})
        .then(async () => {
          await client.query('select pg_advisory_lock($1)', [key]);
          try {
            return await fn(db);
          } finally {
            await client.query('select pg_advisory_unlock($1)', [key]);
          }
        });
      held.set(key, run);
      try {
        return await run;
      } finally {
        if (held.get(key) === run) held.delete(key);
      }
    },
  };
}

export async function connectDatabase(
  config: { kind: 'postgres'; url: string; poolMax: number; timeouts?: PoolTimeouts } | { kind: 'pglite'; dataDir: string },
): Promise<Database> {
  return config.kind === 'postgres' ? connectPostgres(config.url, config.poolMax, config.timeouts) : connectPglite(config.dataDir);
}

/**
 * At start: waits for the database with backoff (0.5 s doubling to 5 s) up to `maxWaitMs`, saying plainly what it
 * waits for. Throws the last error when the time is up.
 */
export async function waitForDatabase(database: Database, maxWaitMs: number, say: (line: string) => void): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (let delay = 500; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await database.ping();
      return;
    } catch (err) {
      const reason = (err as { code?: string }).code ?? (err as Error).message;
      if (Date.now() + delay > deadline) throw err;
      say(`The database does not answer yet (${reason}); trying again in ${delay / 1000} s.`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
