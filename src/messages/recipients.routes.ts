import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/plugin.js';
import { recordAudit } from '../audit/record.js';
import { localDate } from '../calendar/local-date.js';
import { contactGroups, organisations, serviceAssignments } from '../db/schema/index.js';
import { problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { loadVisibleIndividual } from '../individuals/access.js';
import { serviceTypeSchema } from '../individuals/schemas.js';
import { groupsToInform } from './responsibility.js';
import { MESSAGE_SENDERS } from './roles.js';

export const recipientRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/individuals/:id/recipients',
    {
      schema: {
        operationId: 'suggestRecipients',
        summary: 'The contact groups (kontaktgrupper) you should inform about this individual on a day',
        description:
          'From the city’s routine of who must inform whom: day/evening home care → the night unit, relief, escort and Trygghetsjouren; night → day/evening; relief ↔ escort ↔ day/evening home care; safety alarm (trygghetslarm) and camera supervision (Trygghetsjouren) → day/evening. Built from the services your organisation performs for the individual on the day (insatsöversikt) and the groups of the other performers that receive about those services. 404 for an individual you may not see.',
        tags: ['messages'],
        security: [{ bearerAuth: [] }],
        params: idParams,
        querystring: z.strictObject({ on: z.iso.date().optional().describe('Default today (Europe/Stockholm)') }),
        response: {
          200: z.object({
            on: z.iso.date(),
            items: z.array(
              z.object({
                contactGroupId: z.uuid(),
                name: z.string(),
                organisationId: z.uuid(),
                organisationName: z.string(),
                serviceTypes: z.array(serviceTypeSchema).describe('The services the recipient performs that make it one to inform'),
              }),
            ),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const p = requireRole(request, ...MESSAGE_SENDERS);
      const person = await loadVisibleIndividual(db, p, request.params.id);
      const on = request.query.on ?? localDate();
      const active = await db
        .select({ organisationId: serviceAssignments.organisationId, serviceType: serviceAssignments.serviceType })
        .from(serviceAssignments)
        .where(and(eq(serviceAssignments.individualId, person.id), lte(serviceAssignments.startDate, on), or(isNull(serviceAssignments.endDate), gte(serviceAssignments.endDate, on))));
      const otherOrganisations = [...new Set(active.map((a) => a.organisationId).filter((o) => o !== p.org))];
      const groups = otherOrganisations.length
        ? await db
            .select({ id: contactGroups.id, name: contactGroups.name, organisationId: contactGroups.organisationId, serviceTypes: contactGroups.serviceTypes, organisationName: organisations.name })
            .from(contactGroups)
            .innerJoin(organisations, eq(organisations.id, contactGroups.organisationId))
            .where(and(isNull(contactGroups.archivedAt), inArray(contactGroups.organisationId, otherOrganisations)))
            .orderBy(asc(organisations.name), asc(contactGroups.name), asc(contactGroups.id))
        : [];
      const items = groupsToInform(p.org, active, groups).map(({ group, serviceTypes }) => ({
        contactGroupId: group.id,
        name: group.name,
        organisationId: group.organisationId,
        organisationName: group.organisationName,
        serviceTypes,
      }));
      await recordAudit(db, request, p, { action: 'read', individualId: person.id, resourceType: 'recipients', resourceId: person.id });
      return { on, items };
    },
  );
};
