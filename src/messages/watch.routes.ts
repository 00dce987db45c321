import { and, asc, desc, eq, lt, notExists, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/plugin.js';
import { recordAudit } from '../audit/record.js';
import { messageAcknowledgements, messageRecipients, messages } from '../db/schema/index.js';
import { notFound, problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { isMember, loadGroup } from './contact-groups.routes.js';
import { toMessageDtos } from './dto.js';
import { parseDurationMs } from './duration.js';
import { messageSchema, watchQuery } from './schemas.js';

/** Bevakning: what a receiving group has not acknowledged in time. */
export const watchRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/contact-groups/:id/watch',
    {
      schema: {
        operationId: 'watchContactGroup',
        summary: 'Bevakning: the group’s messages no one has acknowledged within the period, urgent first',
        description: 'For the members of the group (as for reading its messages; the IT contact adds whoever watches). `olderThan` is an ISO 8601 duration (default PT4H); 404 for a group you are not a member of.',
        tags: ['contact groups'],
        security: [{ bearerAuth: [] }],
        params: idParams,
        querystring: watchQuery,
        response: { 200: z.object({ contactGroupId: z.uuid(), olderThan: z.string(), items: z.array(messageSchema) }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { g } = await loadGroup(db, request.params.id);
      if (!(await isMember(db, p, g))) throw notFound('The contact group');
      const cutoff = new Date(Date.now() - parseDurationMs(request.query.olderThan)!);
      const rows = await db
        .select({ m: messages })
        .from(messages)
        .innerJoin(messageRecipients, and(eq(messageRecipients.messageId, messages.id), eq(messageRecipients.contactGroupId, g.id)))
        .where(
          and(
            lt(messages.sentAt, cutoff),
            notExists(sql`(select 1 from ${messageAcknowledgements} where ${and(eq(messageAcknowledgements.messageId, messages.id), eq(messageAcknowledgements.contactGroupId, g.id))})`),
          ),
        )
        .orderBy(desc(sql`${messages.priority} = 'urgent'`), asc(messages.sentAt), asc(messages.id))
        .limit(500);
      const items = rows.map((r) => r.m);
      await recordAudit(db, request, p, items.filter((m) => m.individualId).map((m) => ({ action: 'read' as const, individualId: m.individualId, resourceType: 'message', resourceId: m.id })));
      return { contactGroupId: g.id, olderThan: request.query.olderThan, items: await toMessageDtos(db, p.sub, items) };
    },
  );
};
