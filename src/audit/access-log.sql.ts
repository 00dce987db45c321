import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';

/** What the auditor filters the access log by. */
export interface AccessLogFilter {
  individualId?: string | undefined;
  actorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** One row of the access log as the auditor reads it (the view access_log), with its paging key. */
export interface AccessLogRow {
  id: string;
  occurredAt: Date;
  actorId: string;
  actorOrganisationId: string;
  actorRoles: string[];
  action: string;
  individualId: string | null;
  resourceType: string;
  resourceId: string | null;
  requestId: string | null;
  entryKey: string;
}

const NIL = '00000000-0000-0000-0000-000000000000';

const and = (parts: (SQL | false | undefined)[]) => sql.join(parts.filter((p): p is SQL => !!p), sql` and `);

/**
 * A page of the access log, newest first, keyed by (occurred_at, id, entry_key): the rows of the view access_log
 * (migration 0013), with the filters written into each of its two parts. The view cannot be filtered by individual
 * through its index: the individuals of a read of many are an array in the entry (GIN index, `@>`), which only a
 * condition on the array itself uses.
 */
export async function accessLogPage(db: Db, f: AccessLogFilter, key: [string, string, string] | undefined, take: number): Promise<AccessLogRow[]> {
  const common = (e: SQL) => [
    f.actorId !== undefined && sql`${e}.actor_id = ${f.actorId}`,
    f.from !== undefined && sql`${e}.occurred_at >= ${f.from}::timestamptz`,
    f.to !== undefined && sql`${e}.occurred_at <= ${f.to}::timestamptz`,
  ];
  const own = and([sql`e.individual_ids is null`, f.individualId !== undefined && sql`e.individual_id = ${f.individualId}::uuid`, ...common(sql`e`)]);
  const many = and([
    sql`e.individual_ids is not null`,
    f.individualId !== undefined && sql`e.individual_ids @> array[${f.individualId}::uuid] and r.individual_id = ${f.individualId}::uuid`,
    ...common(sql`e`),
  ]);
  const columns = sql`e.id, e.occurred_at, e.actor_id, e.actor_organisation_id, e.actor_roles, e.action`;
  const rest = sql`e.resource_type, e.resource_id, e.request_id`;
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select * from (
          select ${columns}, e.individual_id, ${rest}, ${NIL}::uuid as entry_key from audit_events e where ${own}
          union all
          select ${columns}, r.individual_id, ${rest}, r.individual_id as entry_key
          from audit_events e cross join lateral unnest(e.individual_ids) as r(individual_id) where ${many}
        ) l
        ${key ? sql`where (l.occurred_at, l.id, l.entry_key) < (${key[0]}::timestamptz, ${key[1]}::uuid, ${key[2]}::uuid)` : sql``}
        order by l.occurred_at desc, l.id desc, l.entry_key desc
        limit ${take}`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    occurredAt: new Date(r.occurred_at as string | Date),
    actorId: r.actor_id as string,
    actorOrganisationId: r.actor_organisation_id as string,
    actorRoles: r.actor_roles as string[],
    action: r.action as string,
    individualId: r.individual_id as string | null,
    resourceType: r.resource_type as string,
    resourceId: r.resource_id as string | null,
    requestId: r.request_id as string | null,
    entryKey: r.entry_key as string,
  }));
}
