import { and, desc, eq, gte, lt, lte, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/plugin.js';
import { auditEvents } from '../db/schema/index.js';
import { decodeCursor, page, paginationQuery, toPage } from '../http/pagination.js';
import { problemResponses } from '../http/problem.js';

const auditEventSchema = z
  .object({
    id: z.uuid(),
    occurredAt: z.iso.datetime(),
    actorId: z.string(),
    actorOrganisationId: z.uuid(),
    actorRoles: z.array(z.string()),
    action: z.string().describe('read, list, search, create, update'),
    individualId: z.uuid().nullable(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent', description: 'One entry of the access log (loggning av åtkomst, HSLF-FS 2016:40)' });

const query = z.strictObject({
  ...paginationQuery,
  individualId: z.uuid().optional(),
  actorId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('From this instant (inclusive)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Up to this instant (inclusive)'),
});

/** The access log for spot checks (stickprov). Append-only: no route changes it, a trigger refuses UPDATE/DELETE. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  app.get(
    '/audit-events',
    {
      schema: {
        operationId: 'listAuditEvents',
        summary: 'Search the access log (auditor)',
        description: 'Newest first; filter by individual, actor and period.',
        tags: ['audit'],
        security: [{ bearerAuth: [] }],
        querystring: query,
        response: { 200: page(auditEventSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'auditor');
      const q = request.query;
      const key = decodeCursor<[string, string]>(q.cursor, 2);
      const rows = await db
        .select()
        .from(auditEvents)
        .where(
          and(
            q.individualId ? eq(auditEvents.individualId, q.individualId) : undefined,
            q.actorId ? eq(auditEvents.actorId, q.actorId) : undefined,
            q.from ? gte(auditEvents.occurredAt, new Date(q.from)) : undefined,
            q.to ? lte(auditEvents.occurredAt, new Date(q.to)) : undefined,
            key
              ? or(lt(auditEvents.occurredAt, new Date(key[0])), and(eq(auditEvents.occurredAt, new Date(key[0])), lt(auditEvents.id, key[1])))
              : undefined,
          ),
        )
        .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
        .limit(q.limit + 1);
      return toPage(
        rows,
        q.limit,
        (r) => ({ ...r, occurredAt: r.occurredAt.toISOString() }),
        (r) => [r.occurredAt.toISOString(), r.id],
      );
    },
  );
};
