import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { addDays } from '../calendar/add-days.js';
import { monthRange } from '../calendar/month.js';
import { problemResponses } from '../http/problem.js';
import { auditIndividuals, READ_SCOPE_DESCRIPTION, READERS, readScope } from './access.js';
import { csvDialectOf } from '../http/csv.js';
import { continuityCsvRows, continuityItem, continuityUnits, performedVsGrantedCsvRows, performedVsGrantedItem, visitKindsCsvRows, visitKindsItem } from './report-figures.js';
import { sendCsvPieces, sendJsonPieces } from './answers.js';
import { continuity, performedVsGranted, visitKinds } from './reports.sql.js';
import {
  continuityQuery,
  continuitySchema,
  jsonOrCsv,
  performedVsGrantedQuery,
  performedVsGrantedSchema,
  visitKindsQuery,
  visitKindsSchema,
} from './schemas.js';
import * as ex from './examples.js';

// A city's month names tens of thousands of individuals: the answers are written in pieces (answers.ts).

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['compensation'], security: [{ bearerAuth: [] }] };

  app.get(
    '/compensation/reports/performed-vs-granted',
    {
      config: { access: READERS },
      schema: {
        ...common,
        operationId: 'reportPerformedVsGranted',
        summary: 'Follow-up: performed against granted time per individual and month, large deviations flagged',
        description: [
          'Home care with granted time (day/evening, night). Granted minutes are pro rata for the days an assignment was in force in the month; performed time is performed and added visits of the same unit and service (the individual’s fee is based on it). A row is flagged when |performed − granted| is at least `thresholdPercent` of granted, or time was performed without granted time.',
          READ_SCOPE_DESCRIPTION,
          'Audit-logged per individual. `Accept: text/csv` or `?format=csv` for CSV; `csvDialect=excel-sv` for a spreadsheet set to Swedish.',
        ].join('\n\n'),
        querystring: performedVsGrantedQuery,
        response: { 200: jsonOrCsv(performedVsGrantedSchema, 'The report (JSON or CSV)', ex.performedVsGrantedExample, ex.performedVsGrantedCsvExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { month, organisationId, thresholdPercent } = request.query;
      const scope = await readScope(db, request.caller, organisationId);
      const items = (await performedVsGranted(db, { ...monthRange(month), ...scope })).map((r) => performedVsGrantedItem(r, thresholdPercent));
      await auditIndividuals(db, request, request.caller, items.map((i) => i.individualId), 'compensation_report', `performed-vs-granted:${scope.organisationId ?? 'all'}:${month}`);
      const dialect = csvDialectOf(request);
      if (dialect) return sendCsvPieces(reply, `performed-vs-granted-${month}`, performedVsGrantedCsvRows(month, items), dialect);
      return sendJsonPieces<z.infer<typeof performedVsGrantedSchema>>(reply, { month, thresholdPercent, items }, 'items');
    },
  );

  app.get(
    '/compensation/reports/continuity',
    {
      config: { access: READERS },
      schema: {
        ...common,
        operationId: 'reportContinuity',
        summary: 'Follow-up: continuity, the number of distinct staff who visited each individual in a period (per unit)',
        description: [
          'Counts the different staff members with a performed or added visit on the days `from` … `from + days − 1` (default 14 days, the usual measure), per unit and individual, and per unit the mean and the largest count.',
          READ_SCOPE_DESCRIPTION,
          'Audit-logged per individual. `Accept: text/csv` gives the per-individual rows as CSV.',
        ].join('\n\n'),
        querystring: continuityQuery,
        response: { 200: jsonOrCsv(continuitySchema, 'The report (JSON or CSV)', ex.continuityExample, ex.continuityCsvExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { from, days, organisationId } = request.query;
      const scope = await readScope(db, request.caller, organisationId);
      const to = addDays(from, days);
      const items = (await continuity(db, { from, to, ...scope })).map(continuityItem);
      await auditIndividuals(db, request, request.caller, items.map((i) => i.individualId), 'compensation_report', `continuity:${scope.organisationId ?? 'all'}:${from}`);
      const dialect = csvDialectOf(request);
      if (dialect) return sendCsvPieces(reply, `continuity-${from}`, continuityCsvRows(from, addDays(to, -1), items), dialect);
      return sendJsonPieces<z.infer<typeof continuitySchema>>(reply, { from, to: addDays(to, -1), units: continuityUnits(items), items }, 'items');
    },
  );

  app.get(
    '/compensation/reports/declined-added',
    {
      config: { access: READERS },
      schema: {
        ...common,
        operationId: 'reportDeclinedAndAddedVisits',
        summary: 'Follow-up: declined and added visits per unit in a month',
        description: [
          'Per unit: performed, added and declined visits that started in the month, the time of added and declined visits, and the declined share. Aggregates only (no individual is named); a district counts its own individuals’ visits.',
          READ_SCOPE_DESCRIPTION,
          '`Accept: text/csv` or `?format=csv` for CSV; `csvDialect=excel-sv` for a spreadsheet set to Swedish.',
        ].join('\n\n'),
        querystring: visitKindsQuery,
        response: { 200: jsonOrCsv(visitKindsSchema, 'The report (JSON or CSV)', ex.visitKindsExample, ex.visitKindsCsvExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { month, organisationId } = request.query;
      const scope = await readScope(db, request.caller, organisationId);
      const items = (await visitKinds(db, { ...monthRange(month), ...scope })).map(visitKindsItem);
      const dialect = csvDialectOf(request);
      if (dialect) return sendCsvPieces(reply, `declined-added-${month}`, visitKindsCsvRows(month, items), dialect);
      return sendJsonPieces<z.infer<typeof visitKindsSchema>>(reply, { month, items }, 'items');
    },
  );
};
