import type { SQL } from 'drizzle-orm';
import type { Db } from './client.js';

/**
 * Runs a raw query and returns its rows, the same on both drivers: node-postgres and PGlite answer with a result
 * whose `rows` hold them (a driver that answers with the array itself is taken as it is).
 */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
