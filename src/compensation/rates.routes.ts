import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../http/problem.js';
import { RATE_KEEPERS, READERS } from './access.js';
import { COMPENSATION_START } from './common.js';
import { addRate, listRates } from './rates.js';
import { createRateBody, rateSchema } from './schemas.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

export const rateRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['compensation'], security: [{ bearerAuth: [] }] };

  app.get(
    '/compensation/rates',
    {
      // No secret to those who read the statements priced with them.
      config: { access: READERS },
      schema: {
        ...common,
        operationId: 'listCompensationRates',
        summary: 'The hourly rates for performed time, per provider kind and start date',
        description: 'Every row of the rate table (ersättning per utförd timme, and the inconvenient-hours rate), in öre; a row applies from its `validFrom` until the next row of the same kind.',
        response: { 200: answer('The rate table', z.object({ items: z.array(rateSchema) }), ex.ratesExample), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: await listRates(db) }),
  );

  app.post(
    '/compensation/rates',
    {
      config: { access: RATE_KEEPERS, idempotent: true },
      schema: {
        ...common,
        operationId: 'createCompensationRate',
        summary: 'Add a rate from a date: the yearly price adjustment (the contract unit’s admin)',
        description: `A row applies from local midnight (Europe/Stockholm) of \`validFrom\` until the next row of the same provider kind; statements always use the current table, so a row added for a past date changes statements of that period: only the contract unit’s admins add rates. Compensation for performed time starts ${COMPENSATION_START}: an earlier \`validFrom\` is 422. One row per kind and date (409).`,
        body: withExample(createRateBody, ex.createRateExample),
        response: { 201: answer('The rate added (inconvenient-hours rate derived when not given)', rateSchema, ex.rateExample), ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await addRate(db, request.body, request.caller.sub)),
  );
};
