import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from './problem.js';

/**
 * While the service shuts down (SIGTERM, close-with-grace), a request that still arrives on a kept-alive or
 * pipelined connection is answered 503 in problem details with `Retry-After` and `Connection: close`, so the client
 * tries again on another instance. Requests already running finish.
 */
export const refuseWhileClosing: FastifyPluginAsync = fp(async (app) => {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new HttpProblem('service-unavailable', 'The service is shutting down; try again, another instance will answer.');
  });
});
