import { sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { auditEventIndividuals, auditEvents } from '../db/schema/index.js';

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

/** The entry of a read of `count` individuals at once (their ids go to audit_event_individuals), returning its id. */
const readSetEntry = (reader: Reader, count: SQL) =>
  sql`insert into ${auditEvents} (actor_id, actor_organisation_id, actor_roles, action, individual_id, resource_type, resource_id, request_id, individual_count)
      select ${reader.actor.sub}, ${reader.actor.org}::uuid, array(select json_array_elements_text(${JSON.stringify(reader.actor.roles)}::json)), 'read', null,
             ${reader.resourceType}, ${reader.resourceId}, ${reader.requestId}, n
      from (${count}) c where c.n > 0
      returning id`;

/**
 * Common table expressions that log one read of many individuals inside another statement (a statement's own query,
 * so that exactly the individuals of its answer are logged, from the same snapshot): `individuals` selects distinct
 * `individual_id`s; one entry with their count and a row per individual. Nothing when it selects none. The names
 * `read_set`, `read_set_entry` and `read_set_rows` are taken.
 */
export function readSetCtes(reader: Reader, individuals: SQL): SQL {
  return sql`read_set as (${individuals}),
    read_set_entry as (${readSetEntry(reader, sql`select count(*)::int as n from read_set`)}),
    read_set_rows as (
      insert into ${auditEventIndividuals} (event_id, individual_id)
      select e.id, r.individual_id from read_set_entry e cross join read_set r
    )`;
}

/**
 * Logs one read of many individuals given by id: one entry and its individuals, these in pieces of `perStatement`
 * rows, each its own statement, with `between()` awaited between them (on the embedded database every statement runs
 * on the event loop). Nothing for none.
 */
export async function recordReadSet(db: Db, reader: Reader, individualIds: Iterable<string>, between: () => Promise<unknown>, perStatement = 5000) {
  const ids = [...new Set(individualIds)];
  if (ids.length === 0) return;
  const [entry] = await rowsOf<{ id: string }>(db, readSetEntry(reader, sql`select ${ids.length}::int as n`));
  for (let i = 0; i < ids.length; i += perStatement) {
    await between();
    await db.execute(sql`
      insert into ${auditEventIndividuals} (event_id, individual_id)
      select ${entry!.id}::uuid, value::uuid from json_array_elements_text(${JSON.stringify(ids.slice(i, i + perStatement))}::json)`);
  }
}
