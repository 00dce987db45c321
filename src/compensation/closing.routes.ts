import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answer, withExample } from '../http/openapi-docs.js';
import { problemResponses } from '../http/problem.js';
import { PERIOD_CLOSERS, PERIOD_REOPENERS, READERS } from './access.js';
import { closeMonth, listClosings, reopenMonth } from './closing.js';
import * as ex from './examples.js';
import { closingSummarySchema, monthParams } from './schemas.js';

const ADJUSTMENTS =
  'A visit reported, corrected or declined afterwards for a closed month does not change it: the time-reporting system gets the outcome `corrected-after-close`, and the difference appears as an adjustment (justering) in the statement of the first open month after it, with the visit, both versions and the amount difference (positive or negative). Each adjustment is the change the visit makes to the closed month’s lines (each rounded once), so the closed statements plus their adjustments always equal the statements over the current visit versions, to the öre.';

export const closingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['compensation'], security: [{ bearerAuth: [] }] };

  app.post(
    '/compensation/periods/:month/close',
    {
      config: { access: PERIOD_CLOSERS },
      schema: {
        ...common,
        operationId: 'closeCompensationPeriod',
        summary: 'Close a compensation month (stängd månad): freeze every provider’s statement and the fees',
        description: [
          '(Decision) The contract unit (EKU) closes a month for every provider and district at once, after its last day (an unfinished month is 422; an already closed one 409). Every provider’s statement of the month (its lines and the adjustments paid in it) is stored as it stands, with who closed it, when, and a SHA-256 content hash per provider; reading the month (GET /v1/compensation/statements) then returns exactly that. The individuals’ fees (avgifter) of the month are frozen too, when a fee rate covers the month (`feesFrozen`).',
          ADJUSTMENTS,
        ].join('\n\n'),
        params: monthParams,
        response: { 201: answer('The month, closed: per provider its statement’s amount and content hash', closingSummarySchema, ex.closedFebruaryExample), ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await closeMonth(db, request, request.caller, request.params.month)),
  );

  app.post(
    '/compensation/periods/:month/reopen',
    {
      config: { access: PERIOD_REOPENERS },
      schema: {
        ...common,
        operationId: 'reopenCompensationPeriod',
        summary: 'Reopen a closed month (the contract unit’s admin, with a reason)',
        description:
          'The closing stays on record with who reopened it, when and why, and the reopening is audit-logged. The adjustments (justeringar) the closed month produced are taken back: they no longer count in the months that paid them, and the month’s own statement again shows the current visits. Refused (409) when a month that paid one of its adjustments is itself closed: reopen that month first; 409 when the month is not closed.',
        params: monthParams,
        body: withExample(z.strictObject({ reason: z.string().trim().min(1).max(2000).describe('Why the month is reopened') }), ex.reopenPeriodExample),
        response: { 200: answer('The closing, now reopened, with who reopened it, when and why', closingSummarySchema, ex.reopenedJanuaryExample), ...problemResponses(400, 401, 403, 409, 415) },
      },
    },
    async (request) => reopenMonth(db, request, request.caller, request.params.month, request.body.reason),
  );

  app.get(
    '/compensation/periods',
    {
      config: { access: READERS },
      schema: {
        ...common,
        operationId: 'listCompensationPeriods',
        summary: 'Closed (and reopened) compensation months, newest first',
        description: 'Per closing: who closed, when, the content hash per provider statement and, for a reopened month, who reopened it and why. No individual’s data.',
        response: { 200: answer('The closings, newest month first', z.object({ items: z.array(closingSummarySchema) }), ex.periodsExample), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: await listClosings(db) }),
  );
};
