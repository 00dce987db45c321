import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { principalOf } from '../auth/plugin.js';
import { problemResponses } from '../http/problem.js';
import { auditIndividuals, READ_ACCESS_DESCRIPTION, readScope } from './access.js';
import { monthRange, noRateProblem, toCsv, wantsCsv, type ProviderKind } from './common.js';
import { lineAmountOre } from './rules/index.js';
import { jsonOrCsv, statementQuery, statementSchema } from './schemas.js';
import { firstRateDate, statementLines, type StatementLineRow } from './statement.sql.js';

type Statement = z.infer<typeof statementSchema>;
type Line = Statement['lines'][number];
type Totals = Statement['total'];

const zero = (): Totals => ({
  normalSeconds: 0,
  inconvenientSeconds: 0,
  performedVisits: 0,
  addedVisits: 0,
  declinedVisits: 0,
  declinedSeconds: 0,
  amountOre: 0,
});
function add(into: Totals, l: Totals) {
  into.normalSeconds += l.normalSeconds;
  into.inconvenientSeconds += l.inconvenientSeconds;
  into.performedVisits += l.performedVisits;
  into.addedVisits += l.addedVisits;
  into.declinedVisits += l.declinedVisits;
  into.declinedSeconds += l.declinedSeconds;
  into.amountOre += l.amountOre;
}

const CSV_COLUMNS = [
  'month',
  'organisation_id',
  'organisation_name',
  'unit_id',
  'unit_name',
  'individual_id',
  'individual_name',
  'provider_kind',
  'rate_valid_from',
  'hourly_ore',
  'inconvenient_ore',
  'normal_seconds',
  'inconvenient_seconds',
  'performed_visits',
  'added_visits',
  'declined_visits',
  'declined_seconds',
  'amount_ore',
];

/** A line of the statement; the amount is rounded once, from the exact sums of seconds. */
function toLine(r: StatementLineRow & { hourly_ore: number; inconvenient_ore: number; rate_valid_from: string }): Line {
  return {
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    individualId: r.individual_id,
    individualName: r.individual_name,
    providerKind: r.provider_kind,
    rateValidFrom: r.rate_valid_from,
    hourlyOre: r.hourly_ore,
    inconvenientOre: r.inconvenient_ore,
    normalSeconds: Number(r.normal_seconds),
    inconvenientSeconds: Number(r.inconvenient_seconds),
    performedVisits: Number(r.performed_visits),
    addedVisits: Number(r.added_visits),
    declinedVisits: Number(r.declined_visits),
    declinedSeconds: Number(r.declined_seconds),
    amountOre: lineAmountOre(Number(r.normal_seconds), Number(r.inconvenient_seconds), { hourlyOre: r.hourly_ore, inconvenientOre: r.inconvenient_ore }),
  };
}

export const statementRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/compensation/statements',
    {
      schema: {
        tags: ['compensation'],
        security: [{ bearerAuth: [] }],
        operationId: 'getCompensationStatement',
        summary: 'The compensation statement of a month: performed time, normal and inconvenient, and the amount per unit and individual',
        description: [
          'Per unit, individual and rate period: performed and added seconds split into normal and inconvenient hours (weekdays 19:00–07:00, weekends and Swedish public holidays, Europe/Stockholm local time; a visit that crosses 19:00, 07:00, midnight, a weekend or a rate change is split at the boundary), the rates that applied and the amount in öre. Seconds are summed exactly and rounded once per line, half up. Declined visits pay nothing and are counted apart; added visits pay. Visits are counted in the month they start; their time is counted on the days it falls on. Totals per unit, per organisation and overall are sums of the lines.',
          'Rates come from the rate table as it is now: a rate row added later (POST /v1/compensation/rates) applies to every statement of its period. A month before the first rate (2019-05) is 422: compensation then followed granted time.',
          '`Accept: text/csv` gives the same lines as CSV.',
          READ_ACCESS_DESCRIPTION,
          'Every individual in the result is recorded in the access log.',
        ].join('\n\n'),
        querystring: statementQuery,
        response: { 200: jsonOrCsv(statementSchema, 'The statement (JSON), or its lines as CSV'), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { month, organisationId } = request.query;
      const scope = await readScope(db, p, organisationId);
      const { from, to } = monthRange(month);
      const first = await firstRateDate(db);
      if (first === null || from < first) throw noRateProblem(from, first);
      const rows = await statementLines(db, { from, to, ...scope });
      const unrated = rows.find((r) => r.hourly_ore === null || r.inconvenient_ore === null || r.rate_valid_from === null);
      if (unrated) throw noRateProblem(from, first);
      const lines = rows.map((r) => toLine(r as Parameters<typeof toLine>[0]));
      await auditIndividuals(db, request, p, lines.map((l) => l.individualId), 'compensation_statement', `${scope.organisationId ?? 'all'}:${month}`);

      if (wantsCsv(request.headers.accept)) {
        const csv = toCsv(
          CSV_COLUMNS,
          lines.map((l) => [
            month,
            l.organisationId,
            l.organisationName,
            l.unitId,
            l.unitName,
            l.individualId,
            l.individualName,
            l.providerKind,
            l.rateValidFrom,
            l.hourlyOre,
            l.inconvenientOre,
            l.normalSeconds,
            l.inconvenientSeconds,
            l.performedVisits,
            l.addedVisits,
            l.declinedVisits,
            l.declinedSeconds,
            l.amountOre,
          ]),
        );
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="statement-${month}.csv"`).send(csv);
      }

      const units = new Map<string, Statement['units'][number]>();
      const orgs = new Map<string, Statement['organisations'][number]>();
      const total = zero();
      for (const l of lines) {
        let u = units.get(l.unitId);
        if (!u) units.set(l.unitId, (u = { unitId: l.unitId, unitName: l.unitName, organisationId: l.organisationId, ...zero() }));
        let o = orgs.get(l.organisationId);
        if (!o) orgs.set(l.organisationId, (o = { organisationId: l.organisationId, organisationName: l.organisationName, providerKind: l.providerKind as ProviderKind, ...zero() }));
        add(u, l);
        add(o, l);
        add(total, l);
      }
      const statement: Statement = {
        month,
        organisationId: scope.organisationId ?? null,
        currency: 'SEK',
        lines,
        units: [...units.values()],
        organisations: [...orgs.values()],
        total,
      };
      return reply.type('application/json; charset=utf-8').send(statement);
    },
  );
};
