import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { principalOf } from '../auth/plugin.js';
import { problemResponses } from '../http/problem.js';
import type { ServiceType } from '../individuals/service-rules.js';
import { auditIndividuals, READ_ACCESS_DESCRIPTION, readScope } from './access.js';
import { addDays, monthRange, toCsv, wantsCsv } from './common.js';
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

const round = (n: number, decimals: number) => Math.round(n * 10 ** decimals) / 10 ** decimals;
const csvReply = (name: string) => ({ type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${name}.csv"` });

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['compensation'], security: [{ bearerAuth: [] }] };

  app.get(
    '/compensation/reports/performed-vs-granted',
    {
      schema: {
        ...common,
        operationId: 'reportPerformedVsGranted',
        summary: 'Follow-up: performed against granted time per individual and month, large deviations flagged',
        description: [
          'Home care with granted time (day/evening, night). Granted minutes are pro rata for the days an assignment was in force in the month; performed time is performed and added visits of the same unit and service (the individual’s fee is based on it). A row is flagged when |performed − granted| is at least `thresholdPercent` of granted, or time was performed without granted time.',
          READ_ACCESS_DESCRIPTION,
          'Audit-logged per individual. `Accept: text/csv` for CSV.',
        ].join('\n\n'),
        querystring: performedVsGrantedQuery,
        response: { 200: jsonOrCsv(performedVsGrantedSchema, 'The report (JSON or CSV)'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { month, organisationId, thresholdPercent } = request.query;
      const scope = await readScope(db, p, organisationId);
      const range = monthRange(month);
      const rows = await performedVsGranted(db, { ...range, ...scope });
      const items = rows.map((r) => {
        const granted = Number(r.granted_minutes);
        const performed = Number(r.performed_seconds) / 60;
        const deviation = granted > 0 ? round(((performed - granted) / granted) * 100, 1) : null;
        return {
          organisationId: r.organisation_id,
          unitId: r.unit_id,
          unitName: r.unit_name,
          individualId: r.individual_id,
          individualName: r.individual_name,
          serviceType: r.service_type as ServiceType,
          grantedMinutes: granted,
          performedMinutes: round(performed, 2),
          visits: Number(r.visits),
          deviationPercent: deviation,
          flagged: deviation === null ? performed > 0 : Math.abs(deviation) >= thresholdPercent,
        };
      });
      await auditIndividuals(db, request, p, items.map((i) => i.individualId), 'compensation_report', `performed-vs-granted:${scope.organisationId ?? 'all'}:${month}`);
      if (wantsCsv(request.headers.accept)) {
        const c = csvReply(`performed-vs-granted-${month}`);
        return reply
          .type(c.type)
          .header('content-disposition', c.disposition)
          .send(
            toCsv(
              ['month', 'organisation_id', 'unit_id', 'unit_name', 'individual_id', 'individual_name', 'service_type', 'granted_minutes', 'performed_minutes', 'visits', 'deviation_percent', 'flagged'],
              items.map((i) => [month, i.organisationId, i.unitId, i.unitName, i.individualId, i.individualName, i.serviceType, i.grantedMinutes, i.performedMinutes, i.visits, i.deviationPercent, i.flagged]),
            ),
          );
      }
      const body: z.infer<typeof performedVsGrantedSchema> = { month, thresholdPercent, items };
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get(
    '/compensation/reports/continuity',
    {
      schema: {
        ...common,
        operationId: 'reportContinuity',
        summary: 'Follow-up: continuity, the number of distinct staff who visited each individual in a period (per unit)',
        description: [
          'Counts the different staff members with a performed or added visit on the days `from` … `from + days − 1` (default 14 days, the usual measure), per unit and individual, and per unit the mean and the largest count.',
          READ_ACCESS_DESCRIPTION,
          'Audit-logged per individual. `Accept: text/csv` gives the per-individual rows as CSV.',
        ].join('\n\n'),
        querystring: continuityQuery,
        response: { 200: jsonOrCsv(continuitySchema, 'The report (JSON or CSV)'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { from, days, organisationId } = request.query;
      const scope = await readScope(db, p, organisationId);
      const to = addDays(from, days);
      const rows = await continuity(db, { from, to, ...scope });
      const items = rows.map((r) => ({
        organisationId: r.organisation_id,
        unitId: r.unit_id,
        unitName: r.unit_name,
        individualId: r.individual_id,
        individualName: r.individual_name,
        distinctStaff: Number(r.distinct_staff),
        visits: Number(r.visits),
      }));
      await auditIndividuals(db, request, p, items.map((i) => i.individualId), 'compensation_report', `continuity:${scope.organisationId ?? 'all'}:${from}`);
      if (wantsCsv(request.headers.accept)) {
        const c = csvReply(`continuity-${from}`);
        return reply
          .type(c.type)
          .header('content-disposition', c.disposition)
          .send(
            toCsv(
              ['from', 'to', 'organisation_id', 'unit_id', 'unit_name', 'individual_id', 'individual_name', 'distinct_staff', 'visits'],
              items.map((i) => [from, addDays(to, -1), i.organisationId, i.unitId, i.unitName, i.individualId, i.individualName, i.distinctStaff, i.visits]),
            ),
          );
      }
      const units = new Map<string, { organisationId: string; unitId: string; unitName: string; individuals: number; sum: number; maxDistinctStaff: number }>();
      for (const i of items) {
        const u = units.get(i.unitId) ?? { organisationId: i.organisationId, unitId: i.unitId, unitName: i.unitName, individuals: 0, sum: 0, maxDistinctStaff: 0 };
        u.individuals += 1;
        u.sum += i.distinctStaff;
        u.maxDistinctStaff = Math.max(u.maxDistinctStaff, i.distinctStaff);
        units.set(i.unitId, u);
      }
      const body: z.infer<typeof continuitySchema> = {
        from,
        to: addDays(to, -1),
        units: [...units.values()].map(({ sum, ...u }) => ({ ...u, averageDistinctStaff: round(sum / u.individuals, 1) })),
        items,
      };
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get(
    '/compensation/reports/declined-added',
    {
      schema: {
        ...common,
        operationId: 'reportDeclinedAndAddedVisits',
        summary: 'Follow-up: declined and added visits per unit in a month',
        description: [
          'Per unit: performed, added and declined visits that started in the month, the time of added and declined visits, and the declined share. Aggregates only (no individual is named); a district counts its own individuals’ visits.',
          READ_ACCESS_DESCRIPTION,
          '`Accept: text/csv` for CSV.',
        ].join('\n\n'),
        querystring: visitKindsQuery,
        response: { 200: jsonOrCsv(visitKindsSchema, 'The report (JSON or CSV)'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { month, organisationId } = request.query;
      const scope = await readScope(db, p, organisationId);
      const rows = await visitKinds(db, { ...monthRange(month), ...scope });
      const items = rows.map((r) => {
        const performed = Number(r.performed_visits);
        const added = Number(r.added_visits);
        const declined = Number(r.declined_visits);
        const all = performed + added + declined;
        return {
          organisationId: r.organisation_id,
          organisationName: r.organisation_name,
          unitId: r.unit_id,
          unitName: r.unit_name,
          performedVisits: performed,
          addedVisits: added,
          addedSeconds: Number(r.added_seconds),
          declinedVisits: declined,
          declinedSeconds: Number(r.declined_seconds),
          declinedPercent: all > 0 ? round((declined / all) * 100, 1) : null,
        };
      });
      if (wantsCsv(request.headers.accept)) {
        const c = csvReply(`declined-added-${month}`);
        return reply
          .type(c.type)
          .header('content-disposition', c.disposition)
          .send(
            toCsv(
              ['month', 'organisation_id', 'organisation_name', 'unit_id', 'unit_name', 'performed_visits', 'added_visits', 'added_seconds', 'declined_visits', 'declined_seconds', 'declined_percent'],
              items.map((i) => [month, i.organisationId, i.organisationName, i.unitId, i.unitName, i.performedVisits, i.addedVisits, i.addedSeconds, i.declinedVisits, i.declinedSeconds, i.declinedPercent]),
            ),
          );
      }
      const body: z.infer<typeof visitKindsSchema> = { month, items };
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
};
