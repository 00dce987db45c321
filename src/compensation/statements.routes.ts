import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemResponses } from '../http/problem.js';
import { READ_SCOPE_DESCRIPTION, READERS, readScope } from './access.js';
import { closingInForce } from './closing.js';
import { csvDialectOf } from '../http/csv.js';
import { jsonOrCsv, statementAnswerSchema, statementQuery } from './schemas.js';
import { sendCsvStream, sendJsonStream } from './answers.js';
import { closedStatementStream, statementStream } from './statement-answer.js';
import * as ex from './examples.js';

export const statementRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/compensation/statements',
    {
      config: { access: READERS },
      schema: {
        tags: ['compensation'],
        security: [{ bearerAuth: [] }],
        operationId: 'getCompensationStatement',
        summary: 'The compensation statement of a month: performed time, normal and inconvenient, and the amount per unit and individual',
        description: [
          'Per unit, individual and rate period: performed and added seconds split into normal and inconvenient hours (weekdays 19:00–07:00, weekends and Swedish public holidays, Europe/Stockholm local time; a visit that crosses 19:00, 07:00, midnight, a weekend or a rate change is split at the boundary), the rates that applied and the amount in öre. Seconds are summed exactly and rounded once per line, half up. Declined visits pay nothing and are counted apart; added visits pay. Visits are counted in the month they start; their time is counted on the days it falls on. Totals per unit, per organisation and overall are sums of the lines.',
          'Rates come from the rate table as it is now: a rate row added later (POST /v1/compensation/rates) applies to every statement of its period. A month before the first rate (2019-05) is 422: compensation then followed granted time.',
          'A closed month (stängd månad) answers the statement exactly as it was closed (`closing`: who, when, each provider’s content hash); later changes to it are adjustments (justeringar) in the first open month after it. `adjustments` lists those paid in this month (each visit, both versions, the signed amount difference); `payableOre` = the lines’ total + the adjustments.',
          '`Accept: text/csv` (or `?format=csv`) gives the same lines as CSV, with `amountKronor` beside `amountOre` and the adjustments paid in the month as rows of their own (`lineType` `adjustment`, with `closedMonth` and `externalId`) and a last row of totals (`lineType` `total`, `organisationName` "Summa": what the month pays); `csvDialect=excel-sv` writes semicolons, a UTF-8 BOM and decimal commas (kronor as 1234,50) for a spreadsheet set to Swedish.',
          READ_SCOPE_DESCRIPTION,
          'Every individual in the result is recorded in the access log.',
        ].join('\n\n'),
        querystring: statementQuery,
        response: { 200: jsonOrCsv(statementAnswerSchema, 'The statement (JSON), or its lines as CSV', ex.statementExample, ex.statementCsvExample), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { month, organisationId } = request.query;
      // Independent reads go out together (each a round trip; on the embedded database they simply queue).
      const [scope, closing] = await Promise.all([readScope(db, request.caller, organisationId), closingInForce(db, month)]);
      // Every individual in the answer is logged by its read (statement-answer.ts), before anything is sent.
      const reader = { actor: request.caller, resourceType: 'compensation_statement', resourceId: `${scope.organisationId ?? 'all'}:${month}`, requestId: String(request.id) };
      const dialect = csvDialectOf(request);
      const send = (answer: Readable) => (dialect ? sendCsvStream(reply, `statement-${month}`, answer) : sendJsonStream(reply, answer));
      // A closed month (stängd månad) answers what was stored at closing.
      if (closing) return send(await closedStatementStream(db, closing, scope, reader, dialect));
      return send(await statementStream(db, month, scope, reader, dialect));
    },
  );
};
