/**
 * The embedded database's own thread. PGlite runs Postgres compiled to WebAssembly synchronously, and its file
 * system calls are synchronous too: on the service's thread every statement stopped the event loop for as long as
 * it ran (a 5,000-visit batch held `/health/live` for 60 ms and more). Here it runs beside the event loop; the
 * service talks to it through `RemotePglite` (pglite-remote.ts); requests run in the order sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parse, PGlite, protocol, type QueryOptions, type Results } from '@electric-sql/pglite';
import type { WorkerReply, WorkerRequest } from './pglite-protocol.js';

const port = parentPort!;

const { dataDir } = workerData as { dataDir?: string };

function plainError(err: unknown): WorkerReply['error'] {
  const e = err as Error & Record<string, unknown>;
  // The fields a Postgres error carries (code, detail, constraint, …) are its own enumerable properties.
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e ?? {})) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
  return { name: e?.name ?? 'Error', message: e?.message ?? String(err), fields };
}

/** Parsers that hand the text over as it is, for the type ids the caller named (drizzle's parsers are all so). */
function optionsOf(request: { rowMode?: 'array' | 'object'; rawTypes?: number[] }): QueryOptions {
  const options: QueryOptions = {};
  if (request.rowMode) options.rowMode = request.rowMode;
  if (request.rawTypes?.length) options.parsers = Object.fromEntries(request.rawTypes.map((t) => [t, (v: string) => v]));
  return options;
}

let db: PGlite;
try {
  db = await PGlite.create(dataDir ? { dataDir } : {});
  port.postMessage({ id: 0, ok: true } satisfies WorkerReply);
} catch (err) {
  port.postMessage({ id: 0, ok: false, error: plainError(err) } satisfies WorkerReply);
  process.exit(1);
}

// Requests run one after another in the order sent (the caller keeps a transaction's statements together).
let line: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  line = line.then(() => answer(request));
});

async function answer(request: WorkerRequest): Promise<void> {
  try {
    let result: WorkerReply['result'];
    if (request.op === 'query') {
      const r = await db.query(request.text, request.params, optionsOf(request));
      result = { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows };
    } else if (request.op === 'prepared') {
      const r = await runPrepared(request.name, request.text, request.params ?? []);
      result = { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows };
    } else if (request.op === 'exec') {
      result = (await db.exec(request.text, optionsOf(request))).map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows }));
    } else {
      await db.close();
      result = undefined;
    }
    port.postMessage({ id: request.id, ok: true, result } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ id: request.id, ok: false, error: plainError(err) } satisfies WorkerReply);
  }
}

/** The parts of PGlite below `query` that a named statement needs (public on the instance, not in its types). */
type Wire = {
  execProtocolStream(message: Uint8Array): Promise<Parameters<typeof parse.parseResults>[0]>;
  parsers: Parameters<typeof parse.parseResults>[1];
  serializers: Record<number, (value: unknown) => string>;
};

/** Parameter type ids of the statements prepared on this connection, by name. */
const prepared = new Map<string, number[]>();

/**
 * A named prepared statement, as Postgres's own extended protocol does it: parsed and planned once on this connection,
 * then only bound and executed (`query` parses, describes and plans every time: two thirds of the inbox's statement).
 * Each step goes to Postgres as one buffer ending in Sync, so an error leaves the connection ready for the next.
 */
async function runPrepared(name: string, text: string, params: unknown[]): Promise<Results> {
  const wire = db as unknown as Wire;
  const { serialize } = protocol;
  let types = prepared.get(name);
  if (!types) {
    const described = await wire.execProtocolStream(Buffer.concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]));
    types = parse.parseDescribeStatementResults(described);
    prepared.set(name, types);
  }
  const values = params.map((value, i) => (value === null || value === undefined ? null : (wire.serializers[types[i]!] ?? String)(value)));
  const messages = await wire.execProtocolStream(
    Buffer.concat([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
  );
  return parse.parseResults(messages, wire.parsers)[0]!;
}
