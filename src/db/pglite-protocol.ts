/** Messages between the service and the embedded database's thread (pglite-worker.ts). */
interface Options {
  rowMode?: 'array' | 'object';
  /** Type ids whose values come back as the text Postgres sent (the only parsers that cross the thread). */
  rawTypes?: number[];
}

export type WorkerRequest =
  | ({ id: number; op: 'query'; text: string; params?: unknown[] } & Options)
  | ({ id: number; op: 'exec'; text: string } & Options)
  /** A named prepared statement: parsed once on the connection, then only executed (default parsers). */
  | { id: number; op: 'prepared'; name: string; text: string; params?: unknown[] }
  | { id: number; op: 'close' };

export interface PlainResults {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

export interface WorkerReply {
  id: number;
  ok: boolean;
  result?: PlainResults | PlainResults[];
  error?: { name: string; message: string; fields: Record<string, unknown> };
}
