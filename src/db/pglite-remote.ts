import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import type { PlainResults, WorkerReply, WorkerRequest } from './pglite-protocol.js';

type Send = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;
type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

/** Raised for every request once the embedded database's thread has stopped; the service answers 503. */
export class EmbeddedDatabaseStopped extends Error {
  readonly code = '57P03'; // cannot_connect_now: counted as "database unavailable" (availability.ts)
}

/**
 * PGlite in its own thread (pglite-worker.ts), with the part of PGlite's interface that drizzle and the service use:
 * `query`, `exec`, `transaction`, `close`. One connection, as PGlite has: the worker runs requests one after another
 * in the order sent, and they are sent without waiting for the previous answer, so that the database works while the
 * event loop does. A transaction holds the connection until it ends: requests from outside it are held back
 * meanwhile (inside a transaction use only `tx`, as with PGlite itself). Results cross the thread as plain data; parsers do not, except the ones that keep
 * Postgres's text as it is (all that drizzle passes), which the worker applies by type id.
 */
export class RemotePglite {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 1;
  /** True from a transaction's BEGIN to its end: requests from outside it are held back meanwhile. */
  #inTransaction = false;
  #heldBack: (() => void)[] = [];
  /** One transaction after the other. */
  #transactions: Promise<unknown> = Promise.resolve();
  #closed = false;
  #stopped?: Error;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.unref(); // held only while a request waits (see #request), so an idle database never keeps the process up
    worker.on('message', (reply: WorkerReply) => this.#settle(reply));
    worker.on('error', (err) => this.#stop(err));
    worker.on('exit', (code) => this.#stop(new Error(`The embedded database's thread ended (exit code ${code}).`)));
  }

  /** Starts the thread and opens the database (in `dataDir`, or in memory). */
  static async create(dataDir?: string): Promise<RemotePglite> {
    const remote = new RemotePglite(startWorker(dataDir));
    await remote.#request(undefined, 0);
    return remote;
  }

  get closed(): boolean {
    return this.#closed || this.#stopped !== undefined;
  }

  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.#outside({ op: 'query', text, params, ...crossable(options) }) as Promise<Results<T>>;
  }

  exec(text: string, options?: QueryOptions): Promise<Results[]> {
    return this.#outside({ op: 'exec', text, ...crossable(options) }) as Promise<Results[]>;
  }

  /** A named prepared statement outside any transaction: parsed and planned once, then only executed. */
  prepared<T>(name: string, text: string, params: unknown[]): Promise<Results<T>> {
    return this.#outside({ op: 'prepared', name, text, params }) as Promise<Results<T>>;
  }

  /** BEGIN … COMMIT on the one connection; ROLLBACK when `fn` throws (or calls `tx.rollback()`). */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new EmbeddedDatabaseStopped('The embedded database is closed.'));
    const run = this.#transactions.then(() => this.#runTransaction(fn));
    this.#transactions = run.catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      // After the running transaction (and what it held back): the worker answers in the order sent.
      await this.#transactions;
      if (!this.#stopped) await this.#request({ op: 'close' });
    } finally {
      await this.#worker.terminate();
    }
  }

  async #runTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    // Set before BEGIN is sent, in the same turn: whatever was sent before it runs before it, nothing after it does.
    this.#inTransaction = true;
    let ended = false;
    const open = () => {
      if (ended) throw new Error('The transaction has ended.');
    };
    const tx = {
      query: <R>(text: string, params?: unknown[], options?: QueryOptions) => (open(), this.#request({ op: 'query', text, params, ...crossable(options) }) as Promise<Results<R>>),
      exec: (text: string, options?: QueryOptions) => (open(), this.#request({ op: 'exec', text, ...crossable(options) }) as Promise<Results[]>),
      sql: () => Promise.reject(new Error('tx.sql is not offered by the embedded database proxy')),
      listen: () => Promise.reject(new Error('tx.listen is not offered by the embedded database proxy')),
      rollback: async () => {
        open();
        ended = true;
        await this.#request({ op: 'exec', text: 'ROLLBACK' });
      },
      get closed() {
        return ended;
      },
    } as unknown as Transaction;
    try {
      await this.#request({ op: 'exec', text: 'BEGIN' });
      const result = await fn(tx);
      if (!ended) await this.#request({ op: 'exec', text: 'COMMIT' });
      return result;
    } catch (err) {
      if (!ended && !this.#stopped) await this.#request({ op: 'exec', text: 'ROLLBACK' }).catch(() => {});
      throw err;
    } finally {
      ended = true;
      this.#inTransaction = false;
      const heldBack = this.#heldBack;
      this.#heldBack = [];
      for (const send of heldBack) send();
    }
  }

  /** A request from outside any transaction: sent now, or when the running transaction has ended. */
  #outside(message: Send): Promise<unknown> {
    if (this.#closed) return Promise.reject(new EmbeddedDatabaseStopped('The embedded database is closed.'));
    if (!this.#inTransaction) return this.#request(message);
    return new Promise((resolve, reject) => this.#heldBack.push(() => void this.#request(message).then(resolve, reject)));
  }

  /** Sends one request (synchronously: the worker runs them in the order sent) and waits for its answer. */
  #request(message: Send | undefined, id = this.#next++): Promise<PlainResults | PlainResults[] | undefined> {
    if (this.#stopped) return Promise.reject(new EmbeddedDatabaseStopped(this.#stopped.message));
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (message) this.#worker.postMessage({ ...message, id } as WorkerRequest);
    });
  }

  #settle(reply: WorkerReply): void {
    const waiting = this.#pending.get(reply.id);
    if (!waiting) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(Object.assign(new Error(reply.error!.message), reply.error!.fields, { name: reply.error!.name }));
  }

  #stop(err: Error): void {
    this.#stopped ??= err;
    for (const { reject } of this.#pending.values()) reject(new EmbeddedDatabaseStopped(err.message));
    this.#pending.clear();
  }
}

const identityChecked = new WeakMap<object, number[]>();

/** The options that can cross the thread: row mode, and parsers that return Postgres's text unchanged. */
function crossable(options?: QueryOptions): { rowMode?: 'array' | 'object'; rawTypes?: number[] } {
  if (!options) return {};
  const { rowMode, parsers } = options;
  if (!parsers) return { rowMode };
  let rawTypes = identityChecked.get(parsers);
  if (!rawTypes) {
    rawTypes = Object.entries(parsers).map(([type, parse]) => {
      if (parse('\u0001probe', Number(type)) !== '\u0001probe') throw new Error(`Only parsers that keep the text can reach the embedded database (type ${type}).`);
      return Number(type);
    });
    identityChecked.set(parsers, rawTypes);
  }
  return { rowMode, rawTypes };
}

/** The worker from source under tsx (development, tests) or from dist/ (the built service). */
function startWorker(dataDir?: string): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './pglite-worker.ts' : './pglite-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: { dataDir } });
  const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(load, { eval: true, workerData: { dataDir } });
}
