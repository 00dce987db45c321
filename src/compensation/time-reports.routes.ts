import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { problemResponses } from '../http/problem.js';
import { sendJsonText } from './common.js';
import { reportingSystemOf, TIME_REPORT_READERS, TIME_REPORTERS } from './access.js';
import { ingestVisits, reporterOf } from './ingest.js';
import { MAX_BATCH, timeReportBatchBody, VISIT_WINDOW_TEXT, timeReportBatchResult, timeReportEnvelope, timeReportVersionSchema, timeReportVersionsQuery } from './schemas.js';
import { toVersionDto, visitVersions } from './time-reports.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

export const TIME_REPORT_RULES = [
  `A batch holds 1–${MAX_BATCH} visits (more is 400). Each visit gets its own outcome: \`created\`, \`unchanged\` (the same visit re-sent: retries are safe), \`corrected\` (same \`externalId\` from the same reporting system, other content: the old version is kept, the new one counts), \`corrected-after-close\` (a new or corrected visit with time in a closed month, stängd månad: the closed statement stays as it was and the difference is an adjustment, justering, in the first open month) or \`rejected\` with the reason. A bad visit never blocks the others, and the accepted ones are stored together.`,
  'A visit names the individual by `individualId` or by `personalIdentityNumber` (personnummer or samordningsnummer; never echoed back), and the unit by `unitId` or by `unitCode`, the external code the directory admin registered for the unit (its HSA id or the reporting system’s own code): exactly one of each pair. Instants carry their offset (RFC 3339, e.g. `2026-03-05T08:00:00+01:00`, or `Z`); a local time without one is rejected with a reason that names this form.',
  'A visit is rejected when: it is not well formed; its personal identity number or unit code names no one in the directory; its `externalId` occurs twice in the batch; check-out is not after check-in; it lasts 24 hours or more; the unit is unknown or belongs to another organisation than the reporting system’s; the staff member is unknown or not of the unit’s organisation; the service overview has no assignment of that service to that unit for that individual on the local day of check-in; it corrects a visit that was reported for another organisation.',
  'Double staffing (dubbelbemanning): when the assignment needs two staff, overlapping visits by different staff each count. **Decision:** when it does not, a performed or added visit that overlaps another counting visit for the same individual and service (by anyone) is rejected, and so is a visit that overlaps one of the same staff member’s own: the city pays for one staff member unless two were granted. The earlier-stored visit stands; the provider corrects one of them or asks the district for double staffing. Declined visits never overlap.',
  `Each visit is checked on its own: a visit that does not match the schema (a missing or malformed field, a NUL character, an instant outside the window below) is \`rejected\` with \`errors\` naming its fields (\`body.visits.17.checkIn\`); only a malformed envelope (no \`visits\` array, 0 or more than ${MAX_BATCH} visits, other fields) refuses the whole request. **Decision:** instants lie ${VISIT_WINDOW_TEXT}.`,
  'Overlaps are checked per individual, whoever reports: two reporting systems posting overlapping visits of one individual at once are serialised, and the later one is rejected.',
  'Times are instants; fractions of a second are dropped. The reporting system is the token’s `sub`, a registered API client (tidsregistreringssystem): its tokens are honoured only with the organisation it is registered for in `org`, and it reports for that organisation’s units only.',
].join('\n\n');

export const timeReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['time reports'], security: [{ bearerAuth: [] }] };

  app.post(
    '/time-reports',
    {
      config: { access: TIME_REPORTERS },
      schema: {
        ...common,
        operationId: 'reportVisits',
        summary: 'Report visits (besök) from the time-reporting system (role time_reporter)',
        description: TIME_REPORT_RULES,
        body: withExample(timeReportBatchBody, ex.reportVisitsExample),
        response: { 200: answer('The outcome of each visit (created, unchanged, corrected or rejected with its reason)', timeReportBatchResult, ex.reportVisitsResultExample), ...problemResponses(400, 401, 403, 413, 415) },
      },
      // The documented body is the full visit schema; only the envelope is checked up front, each visit on its own.
      validatorCompiler: (route) => validatorCompiler({ ...route, schema: (route.httpPart === 'body' ? timeReportEnvelope : route.schema) as z.ZodType }),
    },
    async (request, reply) => {
      const result = await ingestVisits(db, reporterOf(request.caller), request.body.visits as unknown[]);
      return sendJsonText(reply, result);
    },
  );

  app.get(
    '/time-reports',
    {
      config: { access: TIME_REPORT_READERS },
      schema: {
        ...common,
        operationId: 'listVisitVersions',
        summary: 'Every version of one visit, the counting one marked current (time_reporter: its own; admin)',
        description: 'A time reporter sees the visits its own system reported; the contract unit’s admin names the `reportingSystem`. Audit-logged.',
        querystring: timeReportVersionsQuery,
        response: { 200: answer('Every version of the visit, oldest first', z.object({ items: z.array(timeReportVersionSchema) }), ex.visitVersionsExample), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const rows = await visitVersions(db, reportingSystemOf(request.caller, request.query.reportingSystem), request.query.externalId);
      const audit = rows.map((r) => ({ action: 'read' as const, individualId: r.individualId, resourceType: 'time_report', resourceId: r.id }));
      await recordAudit(db, request, request.caller, audit);
      return { items: rows.map(toVersionDto) };
    },
  );
};
