import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answer } from '../http/openapi-docs.js';
import * as ex from './examples.js';
import { problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { MESSAGE_READERS } from './access.js';
import { showMessages } from './dto.js';
import { parseDurationMs } from './duration.js';
import { messageSchema, watchQuery } from './schemas.js';
import { watchList } from './watch.js';

/** Bevakning: what a receiving group has not acknowledged in time. */
export const watchRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/contact-groups/:id/watch',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        operationId: 'watchContactGroup',
        summary: 'Bevakning: the group’s messages no one has acknowledged within the period, urgent first',
        description: 'For the members of the group (as for reading its messages; the IT contact adds whoever watches). `olderThan` is an ISO 8601 duration (default PT4H); 404 for a group you are not a member of.',
        tags: ['contact groups'],
        security: [{ bearerAuth: [] }],
        params: idParams,
        querystring: watchQuery,
        response: {
          200: answer('The group’s unacknowledged messages older than the period, urgent first', z.object({ contactGroupId: z.uuid(), olderThan: z.string(), items: z.array(messageSchema) }), {
            contactGroupId: ex.NIGHT_GROUP_ID,
            olderThan: 'PT4H',
            items: [ex.messageExample],
          }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const rows = await watchList(db, request.caller, id, new Date(Date.now() - parseDurationMs(request.query.olderThan)!));
      return { contactGroupId: id, olderThan: request.query.olderThan, items: await showMessages(db, request, rows) };
    },
  );
};
