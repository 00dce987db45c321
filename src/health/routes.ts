import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTimeout } from '../db/availability.js';
import { answer } from '../http/openapi-docs.js';
import { HttpProblem, problemResponses } from '../http/problem.js';

const READY_TIMEOUT_MS = 2_000;
const status = z.object({ status: z.enum(['ok']) });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'getLiveness',
        summary: 'The process is up',
        description: 'For the orchestrator’s liveness probe: answers while the process runs, without touching the database. No token needed.',
        tags: ['health'],
        // Public: no bearer token (an empty list says so explicitly).
        security: [],
        response: { 200: answer('The process is up', status, { status: 'ok' }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        summary: 'The service can reach its database',
        description:
          'For the load balancer’s readiness probe: 200 when the database answers within two seconds, otherwise 503 `/problems/database-unavailable`. No token needed.',
        tags: ['health'],
        security: [],
        response: {
          200: answer('Ready: the database answers', status.extend({ database: z.enum(['postgres', 'pglite']) }), { status: 'ok', database: 'postgres' }),
          ...problemResponses(503),
        },
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
