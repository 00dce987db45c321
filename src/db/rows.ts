import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database, Db } from './client.js';

/**
 * Runs a raw query and returns its rows, the same on both drivers: node-postgres and PGlite answer with a result
 * whose `rows` hold them (a driver that answers with the array itself is taken as it is).
 */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

const dialect = new PgDialect();

/**
 * `rowsOf` as a named prepared statement on Postgres: planned once per connection, then only executed. For the
 * hottest reads (the inbox), whose planning cost as much as running them. The name is the text's hash, so each
 * variant of a query (its filters) is its own statement. On the embedded database the same (pglite-worker.ts).
 */
export async function preparedRowsOf<T>(database: Pick<Database, 'db' | 'pool' | 'pglite'>, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = statementName(text);
  if (database.pglite) return (await database.pglite.prepared<T>(name, text, params as unknown[])).rows;
  if (!database.pool) return rowsOf<T>(database.db, query);
  const result = await database.pool.query({ name, text, values: params as unknown[] });
  return result.rows as T[];
}

/** Names of prepared statements by their text: hashing the text on every request cost as much as sending it. */
const names = new Map<string, string>();
const MAX_NAMES = 500;

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}
