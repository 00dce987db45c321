import { and, asc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/plugin.js';
import { hasRole, type Principal } from '../auth/roles.js';
import { recordAudit } from '../audit/record.js';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { individuals, organisations, serviceAssignments, units } from '../db/schema/index.js';
import { conflict, forbidden, notFound, problemResponses, unprocessable } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { iso } from '../http/sql-helpers.js';
import { loadVisibleIndividual } from './access.js';
import { createServiceBody, endServiceBody, overviewQuery, serviceAssignmentSchema, serviceParams } from './schemas.js';
import { mayPerform, periodsOverlap, takesGrantedTime } from './service-rules.js';

/** Assignments are commissioned by the individual's district (beställare) or an admin. */
function requireCommissioner(p: Principal, districtId: string) {
  if (hasRole(p, 'admin') || (hasRole(p, 'case_worker') && p.org === districtId)) return;
  throw forbidden('Only a case worker of the individual’s district (or an admin) changes the service overview.');
}

function overviewQueryOf(db: Db) {
  return db
    .select({ a: serviceAssignments, unitName: units.name, organisationName: organisations.name })
    .from(serviceAssignments)
    .innerJoin(units, eq(units.id, serviceAssignments.unitId))
    .innerJoin(organisations, eq(organisations.id, serviceAssignments.organisationId));
}
type OverviewRow = Awaited<ReturnType<ReturnType<typeof overviewQueryOf>['execute']>>[number];
const toDto = ({ a, unitName, organisationName }: OverviewRow) => ({
  ...a,
  unitName,
  organisationName,
  createdAt: iso(a.createdAt),
  endedAt: a.endedAt ? iso(a.endedAt) : null,
});

export const serviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['service overview'], security: [{ bearerAuth: [] }] };

  app.post(
    '/individuals/:id/services',
    {
      schema: {
        ...common,
        operationId: 'createServiceAssignment',
        summary: 'Assign a service (insats) to a unit for an individual (case worker of the district, admin)',
        description:
          'Night, safety alarm and camera supervision are the city’s; home care day/evening a private or the municipal provider; relief and escort the city or the provider chosen for home care. An overlapping assignment of the same service is refused (409) unless the earlier one ends first.',
        params: idParams,
        body: createServiceBody,
        response: { 201: serviceAssignmentSchema, ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const person = await loadVisibleIndividual(db, p, request.params.id);
      requireCommissioner(p, person.districtId);
      const b = request.body;
      if (b.endDate && b.endDate < b.startDate) {
        throw unprocessable('The service cannot end before it starts.', { errors: [{ path: 'body.endDate', message: 'must not be before startDate' }] });
      }
      if (b.grantedMinutesPerMonth !== undefined && !takesGrantedTime(b.serviceType)) {
        throw unprocessable('Granted time belongs to home care only.', { errors: [{ path: 'body.grantedMinutesPerMonth', message: `not used for ${b.serviceType}` }] });
      }
      const [unit] = await db
        .select({ id: units.id, organisationId: units.organisationId, kind: organisations.kind })
        .from(units)
        .innerJoin(organisations, eq(organisations.id, units.organisationId))
        .where(eq(units.id, b.unitId));
      if (!unit) throw unprocessable('The unit does not exist.', { errors: [{ path: 'body.unitId', message: 'no such unit' }] });

      const id = await db.transaction(async (tx) => {
        // Serialises assignments per individual so two concurrent requests cannot both pass the overlap check.
        await tx.select({ id: individuals.id }).from(individuals).where(eq(individuals.id, person.id)).for('update');
        const existing = await tx.select().from(serviceAssignments).where(eq(serviceAssignments.individualId, person.id));
        const chosenHomeCare = existing.some(
          (a) =>
            a.serviceType === 'home_care_day_evening' &&
            a.organisationId === unit.organisationId &&
            periodsOverlap(a, { startDate: b.startDate, endDate: b.endDate ?? null }),
        );
        const allowed = mayPerform(unit.kind, b.serviceType, chosenHomeCare);
        if (!allowed.ok) throw unprocessable(`The unit’s organisation may not perform this service: ${allowed.reason}.`, { errors: [{ path: 'body.unitId', message: allowed.reason }] });
        const clash = existing.find((a) => a.serviceType === b.serviceType && periodsOverlap(a, { startDate: b.startDate, endDate: b.endDate ?? null }));
        if (clash) {
          throw conflict(`The individual already has ${b.serviceType} from ${clash.startDate}${clash.endDate ? ` to ${clash.endDate}` : ' (ongoing)'}; end it first.`, {
            conflictingServiceId: clash.id,
          });
        }
        const [row] = await tx
          .insert(serviceAssignments)
          .values({
            individualId: person.id,
            serviceType: b.serviceType,
            unitId: unit.id,
            organisationId: unit.organisationId,
            startDate: b.startDate,
            endDate: b.endDate ?? null,
            grantedMinutesPerMonth: b.grantedMinutesPerMonth ?? null,
            needsTwoStaff: b.needsTwoStaff,
            createdBy: p.sub,
          })
          .returning({ id: serviceAssignments.id });
        await recordAudit(tx, request, p, { action: 'create', individualId: person.id, resourceType: 'service_assignment', resourceId: row!.id });
        return row!.id;
      });
      const [row] = await overviewQueryOf(db).where(eq(serviceAssignments.id, id));
      return reply.code(201).send(toDto(row!));
    },
  );

  app.post(
    '/individuals/:id/services/:serviceId/end',
    {
      schema: {
        ...common,
        operationId: 'endServiceAssignment',
        summary: 'End a service assignment on a date (case worker of the district, admin)',
        description: 'Sets the last day. The row stays in the history. An end date can be moved earlier, never later.',
        params: serviceParams,
        body: endServiceBody,
        response: { 200: serviceAssignmentSchema, ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const person = await loadVisibleIndividual(db, p, request.params.id);
      requireCommissioner(p, person.districtId);
      const { endDate } = request.body;
      await db.transaction(async (tx) => {
        const [a] = await tx
          .select()
          .from(serviceAssignments)
          .where(and(eq(serviceAssignments.id, request.params.serviceId), eq(serviceAssignments.individualId, person.id)))
          .for('update');
        if (!a) throw notFound('The service assignment');
        if (endDate < a.startDate) throw unprocessable('The service cannot end before it starts.', { errors: [{ path: 'body.endDate', message: `must not be before ${a.startDate}` }] });
        if (a.endDate !== null && a.endDate <= endDate) throw conflict(`The service already ends on ${a.endDate}.`);
        await tx.update(serviceAssignments).set({ endDate, endedBy: p.sub, endedAt: new Date() }).where(eq(serviceAssignments.id, a.id));
        await recordAudit(tx, request, p, { action: 'update', individualId: person.id, resourceType: 'service_assignment', resourceId: a.id });
      });
      const [row] = await overviewQueryOf(db).where(eq(serviceAssignments.id, request.params.serviceId));
      return toDto(row!);
    },
  );

  app.get(
    '/individuals/:id/services',
    {
      schema: {
        ...common,
        operationId: 'getServiceOverview',
        summary: 'The service overview (insatsöversikt) of an individual on a day',
        description: 'Each service in force on the day with the performing unit and organisation; `history=true` lists every assignment ever recorded. Audit-logged.',
        params: idParams,
        querystring: overviewQuery,
        response: { 200: z.object({ on: z.iso.date(), items: z.array(serviceAssignmentSchema) }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const person = await loadVisibleIndividual(db, p, request.params.id);
      const on = request.query.on ?? localDate();
      const rows = await overviewQueryOf(db)
        .where(
          and(
            eq(serviceAssignments.individualId, person.id),
            request.query.history === 'true'
              ? undefined
              : and(lte(serviceAssignments.startDate, on), or(isNull(serviceAssignments.endDate), gte(serviceAssignments.endDate, on))),
          ),
        )
        .orderBy(asc(serviceAssignments.serviceType), asc(serviceAssignments.startDate), asc(sql`${serviceAssignments.id}`));
      await recordAudit(db, request, p, { action: 'read', individualId: person.id, resourceType: 'service_overview', resourceId: person.id });
      return { on, items: rows.map(toDto) };
    },
  );
};
