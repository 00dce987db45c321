import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/plugin.js';
import { hasRole } from '../auth/roles.js';
import { recordAudit } from '../audit/record.js';
import { timeReports } from '../db/schema/index.js';
import { problemResponses } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { ingestVisits } from './ingest.js';
import { MAX_BATCH, timeReportBatchBody, timeReportBatchResult, timeReportEnvelope, timeReportVersionSchema, timeReportVersionsQuery } from './schemas.js';

export const TIME_REPORT_RULES = [
  `A batch holds 1–${MAX_BATCH} visits (more is 400). Each visit gets its own outcome: \`created\`, \`unchanged\` (the same visit re-sent: retries are safe), \`corrected\` (same \`externalId\` from the same reporting system, other content: the old version is kept, the new one counts) or \`rejected\` with the reason. A bad visit never blocks the others, and the accepted ones are stored together.`,
  'A visit is rejected when: it is not well formed; its `externalId` occurs twice in the batch; check-out is not after check-in; it lasts 24 hours or more; the unit is unknown or belongs to another organisation than the token’s `org`; the staff member is unknown or not of the unit’s organisation; the service overview has no assignment of that service to that unit for that individual on the local day of check-in.',
  'Double staffing (dubbelbemanning): when the assignment needs two staff, overlapping visits by different staff each count. **Decision:** when it does not, a performed or added visit that overlaps another counting visit for the same individual and service (by anyone) is rejected, and so is a visit that overlaps one of the same staff member’s own: the city pays for one staff member unless two were granted. The earlier-stored visit stands; the provider corrects one of them or asks the district for double staffing. Declined visits never overlap.',
  'Times are instants; fractions of a second are dropped. The reporting system is the token’s `sub`.',
].join('\n\n');

export const timeReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['time reports'], security: [{ bearerAuth: [] }] };

  app.post(
    '/time-reports',
    {
      schema: {
        ...common,
        operationId: 'reportVisits',
        summary: 'Report visits (besök) from the time-reporting system (role time_reporter)',
        description: TIME_REPORT_RULES,
        body: timeReportBatchBody,
        response: { 200: timeReportBatchResult, ...problemResponses(400, 401, 403, 413, 415) },
      },
      // The documented body is the full visit schema; only the envelope is checked up front, each visit on its own.
      validatorCompiler: (route) => validatorCompiler({ ...route, schema: (route.httpPart === 'body' ? timeReportEnvelope : route.schema) as z.ZodType }),
    },
    async (request) => {
      const p = requireRole(request, 'time_reporter');
      return ingestVisits(db, { reportingSystem: p.sub, reportingOrganisationId: p.org }, request.body.visits as unknown[]);
    },
  );

  app.get(
    '/time-reports',
    {
      schema: {
        ...common,
        operationId: 'listVisitVersions',
        summary: 'Every version of one visit, the counting one marked current (time_reporter: its own; admin)',
        description: 'A time reporter sees the visits its own system reported; admin names the `reportingSystem`. Audit-logged.',
        querystring: timeReportVersionsQuery,
        response: { 200: z.object({ items: z.array(timeReportVersionSchema) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const p = requireRole(request, 'time_reporter', 'admin');
      const system = hasRole(p, 'admin') && request.query.reportingSystem ? request.query.reportingSystem : p.sub;
      const rows = await db
        .select()
        .from(timeReports)
        .where(and(eq(timeReports.reportingSystem, system), eq(timeReports.externalId, request.query.externalId)))
        .orderBy(asc(timeReports.version));
      await recordAudit(
        db,
        request,
        p,
        rows.map((r) => ({ action: 'read' as const, individualId: r.individualId, resourceType: 'time_report', resourceId: r.id })),
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          externalId: r.externalId,
          version: r.version,
          current: r.supersededAt === null,
          individualId: r.individualId,
          unitId: r.unitId,
          organisationId: r.organisationId,
          staffId: r.staffId,
          serviceType: r.serviceType,
          status: r.status,
          checkIn: iso(r.checkIn),
          checkOut: iso(r.checkOut),
          plannedStart: r.plannedStart ? iso(r.plannedStart) : null,
          plannedEnd: r.plannedEnd ? iso(r.plannedEnd) : null,
          receivedAt: iso(r.receivedAt),
          supersededAt: r.supersededAt ? iso(r.supersededAt) : null,
        })),
      };
    },
  );
};
