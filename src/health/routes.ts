import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTimeout } from '../db/availability.js';
import { HttpProblem, problemResponses } from '../http/problem.js';

const READY_TIMEOUT_MS = 2_000;
const status = z.object({ status: z.enum(['ok']) });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health/live',
    { schema: { operationId: 'getLiveness', summary: 'The process is up', tags: ['health'], response: { 200: status } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        summary: 'The service can reach its database',
        tags: ['health'],
        response: { 200: status.extend({ database: z.enum(['postgres', 'pglite']) }), ...problemResponses(503) },
      },
    },
    async (request, reply) => {
      try {
        // A frozen database answers nothing: readiness says so within two seconds instead of hanging.
        await withTimeout(app.database.ping(), READY_TIMEOUT_MS, 'readiness');
      } catch (err) {
        request.log.warn({ err }, 'database not reachable');
        throw new HttpProblem('database-unavailable', 'The database does not answer.');
      }
      return reply.send({ status: 'ok' as const, database: app.database.kind });
    },
  );
};
