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
