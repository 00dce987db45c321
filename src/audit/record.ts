import { sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { auditEvents } from '../db/schema/index.js';

export type AuditAction = 'read' | 'list' | 'create' | 'update' | 'search';

export interface AuditEntry {
  action: AuditAction;
  individualId: string | null;
  resourceType: string;
  resourceId?: string | null;
}

/**
 * Appends to the access log. For writes pass the transaction so the entry commits with the change;
 * for reads call it right after the read.
 */
export async function recordAudit(db: Db, request: FastifyRequest, principal: Principal, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db.insert(auditEvents).values(
    list.map((e) => ({
      actorId: principal.sub,
      actorOrganisationId: principal.org,
      actorRoles: principal.roles,
      action: e.action,
      individualId: e.individualId,
      resourceType: e.resourceType,
      resourceId: e.resourceId ?? null,
      requestId: String(request.id),
    })),
  );
}

/** Who reads, for an access-log entry written by SQL (the columns recordAudit writes). */
export interface Reader {
  actor: Principal;
  resourceType: string;
  resourceId: string;
  requestId: string;
}

/**
 * The entry of one read of many individuals, with their ids in the entry (`individual_ids`): `ids` is an expression of
 * type uuid[] over `from`. Nothing when it is null (none read).
 */
const readSetEntry = (reader: Reader, ids: SQL, from: SQL) =>
  sql`insert into ${auditEvents} (actor_id, actor_organisation_id, actor_roles, action, individual_id, resource_type, resource_id, request_id, individual_count, individual_ids)
      select ${reader.actor.sub}, ${reader.actor.org}::uuid, array(select json_array_elements_text(${JSON.stringify(reader.actor.roles)}::json)), 'read', null,
             ${reader.resourceType}, ${reader.resourceId}, ${reader.requestId}, cardinality(c.ids), c.ids
      from (select ${ids} as ids ${from}) c where c.ids is not null`;

/**
 * A common table expression that logs one read of many individuals inside another statement (a statement's own query,
 * so that exactly the individuals of its answer are logged, from the same snapshot): `individuals` selects distinct
 * `individual_id`s; one entry with them. Nothing when it selects none. The name `read_set_entry` is taken.
 */
export function readSetCtes(reader: Reader, individuals: SQL): SQL {
  return sql`read_set_entry as (${readSetEntry(reader, sql`array_agg(individual_id)`, sql`from (${individuals}) s`)})`;
}

/** Logs one read of many individuals given by id: one entry with them (duplicates once). Nothing for none. */
export async function recordReadSet(db: Db, reader: Reader, individualIds: Iterable<string>) {
  const ids = [...new Set(individualIds)];
  if (ids.length === 0) return;
  await db.execute(readSetEntry(reader, sql`array(select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json))`, sql``));
}
