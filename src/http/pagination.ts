import { z } from 'zod';
import { HttpProblem } from './problem.js';

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1–200, default 50)'),
  cursor: z.string().max(1000).optional().describe('The `nextCursor` of the previous page'),
};

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
  });
}

/** Opaque keyset cursor: the sort key of the last row of a page (stable under concurrent inserts). */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * `valid` checks the key's values (e.g. that the id is a uuid): without it a forged cursor reached the query and
 * came back as a database format error (400 bad-request) instead of invalid-cursor.
 */
export function decodeCursor<T extends (string | number)[]>(
  cursor: string | undefined,
  arity: number,
  valid: (key: T) => boolean = () => true,
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    // A NUL inside the cursor's JSON would reach Postgres (which cannot hold it in text) as a 500.
    const clean = (k: unknown) => (typeof k === 'string' && !k.includes('\u0000')) || (typeof k === 'number' && Number.isFinite(k));
    if (Array.isArray(key) && key.length === arity && key.every(clean) && valid(key as T)) {
      return key as T;
    }
  } catch {
    // fall through
  }
  throw new HttpProblem('invalid-cursor', 'The cursor is not one this service issued; start again without it.', {
    errors: [{ path: 'query.cursor', message: 'not a valid cursor' }],
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For keys ordered by (name, uuid id): the name a string, the id a uuid. */
export const nameAndUuid = (key: (string | number)[]) => typeof key[0] === 'string' && typeof key[1] === 'string' && UUID.test(key[1]);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day: Date.parse takes 2026-02-30 (as 2 March), Postgres refuses it. */
const realDay = (v: string) => {
  const t = Date.parse(`${v.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v.slice(0, 10);
};
const isInstant = (v: unknown) => typeof v === 'string' && INSTANT.test(v) && !Number.isNaN(Date.parse(v)) && realDay(v);
const isDate = (v: unknown) => typeof v === 'string' && DATE.test(v) && realDay(v);

/** For keys ordered by (instant as ISO 8601 in UTC with a four-digit year, uuid id). */
export const instantAndUuid = (key: (string | number)[]) => isInstant(key[0]) && typeof key[1] === 'string' && UUID.test(key[1]);
/** For keys ordered by (instant, uuid, uuid): the access log, where an entry that read many is a row per individual. */
export const instantAndTwoUuids = (key: (string | number)[]) => instantAndUuid(key) && typeof key[2] === 'string' && UUID.test(key[2]);
/** For keys ordered by (calendar date, uuid id). */
export const dateAndUuid = (key: (string | number)[]) => isDate(key[0]) && typeof key[1] === 'string' && UUID.test(key[1]);
/** For keys ordered by (name, text id). */
export const twoStrings = (key: (string | number)[]) => typeof key[0] === 'string' && typeof key[1] === 'string';

/** Takes one row more than the limit to know whether a next page exists. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, keyOf: (row: R) => (string | number)[]) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: more && last ? encodeCursor(keyOf(last)) : null };
}

/**
 * The one shape of every list: decode the cursor (refusing forged ones), fetch `limit + 1` rows after it, page them.
 * `fetch` builds the feature's own query from the decoded key.
 */
export async function listPage<K extends (string | number)[], R, T>(
  q: { cursor?: string | undefined; limit: number },
  spec: {
    arity: number;
    valid: (key: (string | number)[]) => boolean;
    fetch: (after: K | undefined, take: number) => Promise<R[]>;
    map: (row: R) => T;
    keyOf: (row: R) => K;
  },
) {
  const key = decodeCursor<K>(q.cursor, spec.arity, spec.valid);
  const rows = await spec.fetch(key, q.limit + 1);
  return toPage(rows, q.limit, spec.map, spec.keyOf);
}
