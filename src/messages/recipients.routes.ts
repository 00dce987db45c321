import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { localDate } from '../calendar/local-date.js';
import { answer } from '../http/openapi-docs.js';
import * as ex from './examples.js';
import { problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { serviceTypeSchema } from '../individuals/schemas.js';
import { MESSAGE_SENDERS } from './access.js';
import { suggestRecipients } from './suggest.js';

export const recipientRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/individuals/:id/recipients',
    {
      config: { access: MESSAGE_SENDERS },
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
          200: answer('The contact groups to inform', z.object({
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
          }), ex.recipientsExample),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const on = request.query.on ?? localDate();
      const { individualId, items } = await suggestRecipients(db, request.caller, request.params.id, on);
      await recordAudit(db, request, request.caller, { action: 'read', individualId, resourceType: 'recipients', resourceId: individualId });
      return { on, items };
    },
  );
};
