import { and, gt, or, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** Case-insensitive prefix match with LIKE wildcards in the input escaped. */
export function startsWithCi(column: AnyColumn, prefix: string): SQL {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`lower(${column}) like lower(${escaped + '%'})`;
}

/** Keyset condition "after (a, b)" for pagination ordered by (a, b). */
export function after(a: AnyColumn, b: AnyColumn, key: [string | number, string | number] | undefined): SQL | undefined {
  if (!key) return undefined;
  return or(gt(a, key[0]), and(eq(a, key[0]), gt(b, key[1])));
}

export const iso = (d: Date) => d.toISOString();
