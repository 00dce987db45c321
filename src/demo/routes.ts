import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../http/problem.js';
import { loadDemoCity } from './load.js';
import { answer } from '../http/openapi-docs.js';

/**
 * `POST /v1/demo-city` (admin, never in production): lets `npm run demo` load the demo city into the running
 * service, whose embedded database only one process can open.
 */
export const demoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/demo-city',
    {
      config: { access: { roles: ['admin'], organisationKinds: ['contract_unit'] } },
      schema: {
        operationId: 'loadDemoCity',
        summary: 'Load the demo city (development only, admin)',
        description:
          'Loads the demo city of Göteborg (organisations, units, staff, Astrid Andersson and Bertil Berg, contact groups, delegations, visits of March 2025, areas and provider capacity); loading twice changes nothing. Absent when NODE_ENV is production.',
        tags: ['demo'],
        security: [{ bearerAuth: [] }],
        response: { 200: answer('The demo city is loaded', z.object({ loaded: z.literal(true) }), { loaded: true }), ...problemResponses(401, 403) },
      },
    },
    async () => {
      await loadDemoCity(app.database.db);
      return { loaded: true as const };
    },
  );
};
