import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditIndividuals } from '../compensation/access.js';
import { organisations } from '../db/schema/index.js';
import { csvDialectOf, sendCsv } from '../http/csv.js';
import { answer, withExample } from '../http/openapi-docs.js';
import { notFound, problemResponses } from '../http/problem.js';
import { CEILING_KEEPERS, CEILING_READERS, FEE_RATE_KEEPERS, FEE_RATE_READERS, FEE_READERS, feeDistrictOf } from './access.js';
import { listFeeCeilings, recordFeeCeiling } from './ceilings.js';
import { feeStatementTable } from './csv.js';
import * as ex from './examples.js';
import { addFeeRate, listFeeRates } from './rates.js';
import { createFeeCeilingBody, createFeeRateBody, feeCeilingSchema, feeCeilingsQuery, feeRateSchema, feeStatementQuery, feeStatementSchema } from './schemas.js';
import { feeStatement } from './statement.js';

const FEE_FORMULA =
  'Avgift (the individual’s fee) per month: the hourly fee × performed hours of home care (hemtjänst dag/kväll and natt; declined visits are not charged; seconds summed exactly, rounded once, half up) plus the monthly fee for a safety alarm (trygghetslarm) in a month with an alarm service; the whole sum is capped by the least of the maxtaxa and the individual’s own ceiling (avgiftsutrymme): the alarm fee lies inside the high-cost protection (högkostnadsskydd). The fee is the same whatever the provider. Money in öre.';

export const feeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['fees'], security: [{ bearerAuth: [] }] };

  app.get(
    '/fees/rates',
    {
      config: { access: FEE_RATE_READERS },
      schema: {
        ...common,
        operationId: 'listFeeRates',
        summary: 'The fee rates (avgiftstaxa): hourly fee, maxtaxa and safety-alarm fee, per start month',
        description: 'Seeded from 2020-01: 213 SEK an hour and a maxtaxa of 2 125 SEK a month. The safety-alarm fee (trygghetslarm) has no default: the city sets it.',
        response: { 200: answer('The fee rates, oldest first', z.object({ items: z.array(feeRateSchema) }), ex.feeRatesExample), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: await listFeeRates(db) }),
  );

  app.post(
    '/fees/rates',
    {
      config: { access: FEE_RATE_KEEPERS },
      schema: {
        ...common,
        operationId: 'createFeeRate',
        summary: 'Add a fee rate from a month (the contract unit’s admin)',
        description: `Each component (hourly fee, maxtaxa, safety-alarm fee) applies from the first day of its month until the next row of the same component; a month's fee uses the rows in force on its first day. One row per component and month (409). A closed month's fees (stängd månad) do not change. ${FEE_FORMULA}`,
        body: withExample(createFeeRateBody, ex.createFeeRateExample),
        response: { 201: answer('The fee rate, from its month', feeRateSchema, ex.feeRateExample), ...problemResponses(400, 401, 403, 409, 415) },
      },
    },
    async (request, reply) => reply.code(201).send(await addFeeRate(db, request.body, request.caller.sub)),
  );

  app.post(
    '/fees/ceilings',
    {
      config: { access: CEILING_KEEPERS },
      schema: {
        ...common,
        operationId: 'recordFeeCeiling',
        summary: 'Record an individual’s own fee ceiling (avgiftsutrymme) from the income assessment, for a period',
        description:
          'The case worker of the individual’s district records it (an individual of another district is 404). (Decision) a month’s ceiling is the least of those valid on any day of the month. Ceilings are never overwritten: a new assessment is a new row. Audit-logged.',
        body: withExample(createFeeCeilingBody, ex.createFeeCeilingExample),
        response: { 201: answer('The ceiling recorded', feeCeilingSchema, ex.feeCeilingExample), ...problemResponses(400, 401, 403, 404, 415) },
      },
    },
    async (request, reply) => reply.code(201).send(await recordFeeCeiling(db, request, request.caller, request.body)),
  );

  app.get(
    '/fees/ceilings',
    {
      config: { access: CEILING_READERS },
      schema: {
        ...common,
        operationId: 'listFeeCeilings',
        summary: 'An individual’s fee ceilings (avgiftsutrymme), oldest first',
        description: 'The case workers of the individual’s district (another district’s individual is 404) and reporting. Audit-logged.',
        querystring: feeCeilingsQuery,
        response: { 200: answer('The individual’s ceilings, oldest first', z.object({ items: z.array(feeCeilingSchema) }), ex.feeCeilingsExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await listFeeCeilings(db, request, request.caller, request.query.individualId) }),
  );

  app.get(
    '/fees/statements',
    {
      config: { access: FEE_READERS },
      schema: {
        ...common,
        operationId: 'getFeeStatement',
        summary: 'The individuals’ fees (avgifter) of a month, per individual',
        description: [
          FEE_FORMULA,
          'One line per individual of the district with performed home care or a safety alarm in the month, showing each part before the cap, the cap that applied (maxtaxa or avgiftsutrymme) and the fee. A month before the first fee rate is 422; so is a month with an alarm when the city has set no alarm fee.',
          'A closed month (stängd månad, POST /v1/compensation/periods/{month}/close) answers the fees frozen at closing (`closed: true`); a visit corrected afterwards does not change them.',
          'The individual’s economic data: the district’s case workers (their own district only; another is 403) and the city’s follow-up (`reporting`, any district, or all when `districtId` is omitted). Never a provider. Every individual in the answer is recorded in the access log. `Accept: text/csv` gives the lines as CSV.',
        ].join('\n\n'),
        querystring: feeStatementQuery,
        response: {
          200: {
            description: 'The fee statement (JSON), or its lines as CSV',
            content: {
              'application/json': { schema: withExample(feeStatementSchema, ex.feeStatementExample) },
              'text/csv': { schema: withExample(z.string().describe('The lines as CSV (RFC 4180, header row, UTF-8; `csvDialect=excel-sv` for a Swedish spreadsheet)'), ex.feeStatementCsvExample) },
            },
          },
          ...problemResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const { month } = request.query;
      const districtId = feeDistrictOf(request.caller, request.query.districtId);
      if (districtId) {
        const [d] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, districtId));
        if (!d || d.kind !== 'district') throw notFound('The district');
      }
      const s = await feeStatement(db, month, districtId);
      await auditIndividuals(db, request, request.caller, s.lines.map((l) => l.individualId), 'fee_statement', `${districtId ?? 'all'}:${month}`);
      const dialect = csvDialectOf(request);
      if (dialect) return sendCsv(reply, feeStatementTable(s), dialect, `fees-${month}`);
      return s;
    },
  );
};
