import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, notExists, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/plugin.js';
import { recordAudit } from '../audit/record.js';
import { localDate } from '../calendar/local-date.js';
import { contactGroups, messageAcknowledgements, messageRecipients, messages, organisations, serviceAssignments } from '../db/schema/index.js';
import { notFound, problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { loadVisibleIndividual } from '../individuals/access.js';
import { serviceTypeSchema } from '../individuals/schemas.js';
import type { ServiceType } from '../individuals/service-rules.js';
import { loadGroup, mayWatchGroup } from './contact-groups.routes.js';
import { toMessageDtos } from './dto.js';
import { parseDurationMs } from './duration.js';
import { MUST_INFORM } from './responsibility.js';
import { messageSchema, watchQuery } from './schemas.js';

export const watchRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/contact-groups/:id/watch',
    {
      schema: {
        operationId: 'watchContactGroup',
        summary: 'Bevakning: the group’s messages no one has acknowledged within the period, urgent first',
        description: 'For members of the group and its organisation’s managers and IT contacts. `olderThan` is an ISO 8601 duration (default PT4H).',
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
      if (!(await mayWatchGroup(db, p, g))) throw notFound('The contact group');
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

  app.get(
    '/individuals/:id/recipients',
    {
      schema: {
        operationId: 'suggestRecipients',
        summary: 'The contact groups you should inform about this individual today',
        description:
          'From the city’s routine of who must inform whom: day/evening home care → the night unit, relief, escort and Trygghetsjouren; night → day/evening; relief ↔ escort ↔ home care; safety alarm and camera supervision → day/evening. Built from the services your organisation performs for the individual on the day and the groups that receive about the services to inform.',
        tags: ['messages'],
        security: [{ bearerAuth: [] }],
        params: idParams,
        querystring: z.strictObject({ on: z.iso.date().optional().describe('Default today') }),
        response: {
          200: z.object({
            on: z.iso.date(),
            items: z.array(
              z.object({
                contactGroupId: z.uuid(),
                name: z.string(),
                organisationId: z.uuid(),
                organisationName: z.string(),
                serviceType: serviceTypeSchema.describe('The service the recipient performs, which makes it one to inform'),
              }),
            ),
          }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const person = await loadVisibleIndividual(db, p, request.params.id);
      const on = request.query.on ?? localDate();
      const active = await db
        .select({ organisationId: serviceAssignments.organisationId, serviceType: serviceAssignments.serviceType })
        .from(serviceAssignments)
        .where(and(eq(serviceAssignments.individualId, person.id), lte(serviceAssignments.startDate, on), or(isNull(serviceAssignments.endDate), gte(serviceAssignments.endDate, on))));
      const mine = active.filter((a) => a.organisationId === p.org).map((a) => a.serviceType as ServiceType);
      const targets = active.filter((a) => a.organisationId !== p.org && mine.some((s) => MUST_INFORM[s].includes(a.serviceType as ServiceType)));
      if (targets.length === 0) return { on, items: [] };
      const groups = await db
        .select({ g: contactGroups, organisationName: organisations.name })
        .from(contactGroups)
        .innerJoin(organisations, eq(organisations.id, contactGroups.organisationId))
        .where(and(isNull(contactGroups.archivedAt), inArray(contactGroups.organisationId, targets.map((t) => t.organisationId))))
        .orderBy(asc(organisations.name), asc(contactGroups.name));
      const items = targets.flatMap((t) =>
        groups
          .filter((r) => r.g.organisationId === t.organisationId && r.g.serviceTypes.includes(t.serviceType))
          .map((r) => ({ contactGroupId: r.g.id, name: r.g.name, organisationId: r.g.organisationId, organisationName: r.organisationName, serviceType: t.serviceType })),
      );
      await recordAudit(db, request, p, { action: 'read', individualId: person.id, resourceType: 'recipients', resourceId: person.id });
      return { on, items };
    },
  );
};
