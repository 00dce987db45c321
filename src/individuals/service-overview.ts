import { and, asc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { individuals, organisations, serviceAssignments, units } from '../db/schema/index.js';
import { conflict, forbidden, notFound, unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import type { OrganisationKind } from '../db/schema/kinds.js';
import { checkNewHomeCareAssignment } from '../providers/capacity.js';
import { recordReceipt } from '../providers/starts.js';
import { keepsIndividualsOf, loadVisibleIndividual } from './access.js';
import type { createServiceBody } from './schemas.js';
import { mayPerform, periodsOverlap, takesGrantedTime } from './service-rules.js';

// The service overview (insatsöversikt): which unit performs which service for an individual, since when. The
// checks are the pure rules of service-rules.ts; this module reads and writes the rows.

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

export async function assignmentDto(db: Db, id: string) {
  const [row] = await overviewQueryOf(db).where(eq(serviceAssignments.id, id));
  return toDto(row!);
}

/**
 * The individual whose overview the caller changes: one they may see (else 404), of a district they commission for
 * (else 403): the individual's district's case worker, or the city's admin.
 */
export async function loadForCommissioning(db: Db, caller: Caller, individualId: string) {
  const person = await loadVisibleIndividual(db, caller, individualId);
  if (!keepsIndividualsOf(caller, person.districtId)) {
    throw forbidden('Only a case worker of the individual’s district (or an admin) changes the service overview.');
  }
  return person;
}

/** The services in force on `on` (every assignment ever recorded with `history`), by service type then start. */
export async function overviewOf(db: Db, individualId: string, on: string, history: boolean) {
  const rows = await overviewQueryOf(db)
    .where(
      and(
        eq(serviceAssignments.individualId, individualId),
        history ? undefined : and(lte(serviceAssignments.startDate, on), or(isNull(serviceAssignments.endDate), gte(serviceAssignments.endDate, on))),
      ),
    )
    .orderBy(asc(serviceAssignments.serviceType), asc(serviceAssignments.startDate), asc(sql`${serviceAssignments.id}`));
  return rows.map(toDto);
}

type ServiceInput = z.output<typeof createServiceBody>;
type UnitFacts = { id: string; organisationId: string; kind: OrganisationKind };

/** The checks that need no lock: dates, granted time, the unit (422). Run before the transaction. */
export async function prepareAssignment(db: Db, b: ServiceInput): Promise<UnitFacts> {
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
  return unit;
}

/**
 * Stores an assignment in the caller's transaction: 422 when the unit's organisation may not perform it, 409 when it
 * overlaps the same service; a home-care assignment to a private provider is checked against its areas and cap
 * (422, 409 capacity-reached), and every new home-care assignment records when the provider received it.
 */
export async function insertAssignment(tx: Db, request: FastifyRequest, caller: Caller, individualId: string, b: ServiceInput, unit: UnitFacts): Promise<string> {
  const period = { startDate: b.startDate, endDate: b.endDate ?? null };
  // Serialises assignments per individual so two concurrent requests cannot both pass the overlap check.
  await tx.select({ id: individuals.id }).from(individuals).where(eq(individuals.id, individualId)).for('update');
  const existing = await tx.select().from(serviceAssignments).where(eq(serviceAssignments.individualId, individualId));
  const chosenHomeCare = existing.some((a) => a.serviceType === 'home_care_day_evening' && a.organisationId === unit.organisationId && periodsOverlap(a, period));
  const allowed = mayPerform(unit.kind, b.serviceType, chosenHomeCare);
  if (!allowed.ok) throw unprocessable(`The unit’s organisation may not perform this service: ${allowed.reason}.`, { errors: [{ path: 'body.unitId', message: allowed.reason }] });
  const clash = existing.find((a) => a.serviceType === b.serviceType && periodsOverlap(a, period));
  if (clash) {
    throw conflict(`The individual already has ${b.serviceType} from ${clash.startDate}${clash.endDate ? ` to ${clash.endDate}` : ' (ongoing)'}; end it first.`, {
      conflictingServiceId: clash.id,
    });
  }
  const homeCare = b.serviceType === 'home_care_day_evening';
  // Then the provider's lock (always after the individual's: one order, no deadlock).
  if (homeCare && unit.kind === 'private_provider') {
    await checkNewHomeCareAssignment(tx, { organisationId: unit.organisationId, individualId, startDate: b.startDate, grantedMinutesPerMonth: b.grantedMinutesPerMonth ?? null });
  }
  const [row] = await tx
    .insert(serviceAssignments)
    .values({
      individualId,
      serviceType: b.serviceType,
      unitId: unit.id,
      organisationId: unit.organisationId,
      ...period,
      grantedMinutesPerMonth: b.grantedMinutesPerMonth ?? null,
      needsTwoStaff: b.needsTwoStaff,
      createdBy: caller.sub,
    })
    .returning({ id: serviceAssignments.id });
  if (homeCare) await recordReceipt(tx, { assignmentId: row!.id, organisationId: unit.organisationId, startWithin24Hours: b.startWithin24Hours });
  await recordAudit(tx, request, caller, { action: 'create', individualId, resourceType: 'service_assignment', resourceId: row!.id });
  return row!.id;
}

/** Assigns a service to a unit (see insertAssignment). */
export async function assignService(db: Db, request: FastifyRequest, caller: Caller, individualId: string, b: ServiceInput) {
  const unit = await prepareAssignment(db, b);
  const id = await db.transaction((tx) => insertAssignment(tx, request, caller, individualId, b, unit));
  return assignmentDto(db, id);
}

/** Sets the last day of an assignment: earlier only, never before its start; the row stays in the history. */
export async function endService(db: Db, request: FastifyRequest, caller: Caller, individualId: string, serviceId: string, endDate: string) {
  await db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(serviceAssignments)
      .where(and(eq(serviceAssignments.id, serviceId), eq(serviceAssignments.individualId, individualId)))
      .for('update');
    if (!a) throw notFound('The service assignment');
    if (endDate < a.startDate) throw unprocessable('The service cannot end before it starts.', { errors: [{ path: 'body.endDate', message: `must not be before ${a.startDate}` }] });
    if (a.endDate !== null && a.endDate <= endDate) throw conflict(`The service already ends on ${a.endDate}.`);
    await tx.update(serviceAssignments).set({ endDate, endedBy: caller.sub, endedAt: new Date() }).where(eq(serviceAssignments.id, a.id));
    await recordAudit(tx, request, caller, { action: 'update', individualId, resourceType: 'service_assignment', resourceId: a.id });
  });
  return assignmentDto(db, serviceId);
}
