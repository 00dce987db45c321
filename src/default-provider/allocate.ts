/**
 * Turordning: the allocation of the default provider for an individual who has not chosen. One transaction per
 * allocation, serialised per area (a row lock on the area), so parallel allocations in an area take turns one after
 * the other: never the same turn twice, never a provider passed over without a recorded reason.
 */
import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import { areaOfIndividual } from '../areas/service.js';
import type { Caller } from '../auth/roles.js';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { areas, defaultProviderAllocations, defaultProviderSkips, individuals, organisations, units } from '../db/schema/index.js';
import { notFound, unprocessable } from '../http/problem.js';
import { keepsIndividualsOf, loadVisibleIndividual } from '../individuals/access.js';
import { assignmentDto, insertAssignment, prepareAssignment } from '../individuals/service-overview.js';
import { carriedMinutes, settingsOf } from '../providers/capacity.js';
import { decideNewAssignment, inForceOn } from '../providers/rules.js';
import { readAllocation } from './reads.js';
import { participatesOn, policyOn, qualifiedOn, turnOrder, type Candidate } from './rules.js';
import { allPolicies, participationsIn, qualificationsOf } from './standing.js';

type PolicyRow = Awaited<ReturnType<typeof allPolicies>>[number];
type Skip = { organisationId: string; position: number; reason: 'capacity-reached' | 'wrong-area' | 'no-unit'; detail: string };

export interface AllocateInput {
  individualId: string;
  startDate: string;
  endDate?: string | undefined;
  grantedMinutesPerMonth: number;
  needsTwoStaff: boolean;
  startWithin24Hours: boolean;
}

/** The first unit of an organisation, by name (a provider that never named one for the area). */
async function firstUnitOf(tx: Db, organisationId: string) {
  const [u] = await tx.select({ id: units.id }).from(units).where(eq(units.organisationId, organisationId)).orderBy(asc(units.name), asc(units.id)).limit(1);
  return u?.id ?? null;
}

/**
 * The municipal provider's unit for an area: a unit of egen regi that lists the area (by code or name), else the
 * first unit of egen regi. 422 when the city has none.
 */
async function municipalUnitFor(tx: Db, area: { code: string; name: string }) {
  const rows = await tx
    .select({ id: units.id, organisationId: units.organisationId, areas: units.areas })
    .from(units)
    .innerJoin(organisations, eq(organisations.id, units.organisationId))
    .where(eq(organisations.kind, 'municipal_provider'))
    .orderBy(asc(units.name), asc(units.id));
  const unit = rows.find((u) => u.areas.includes(area.code) || u.areas.includes(area.name)) ?? rows[0];
  if (!unit) throw unprocessable('The city has no unit of its own home care (egen regi) to take the individual.');
  return unit;
}

/** The qualified providers taking part in the area on `day`, in turn (the longest wait first), with their unit. */
async function rotationInTurn(tx: Db, areaCode: string, day: string, policy: PolicyRow) {
  const providers = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'private_provider'));
  const ids = providers.map((p) => p.id);
  // One after the other: inside a transaction there is one connection (on PGlite the only one), and pg no longer
  // queues concurrent queries on a client.
  const quals = await qualificationsOf(tx, ids);
  const settings = await settingsOf(tx, ids);
  const choices = await participationsIn(tx, { areaCode });
  const last = await (ids.length
      ? tx
          .select({ organisationId: defaultProviderAllocations.organisationId, seq: max(defaultProviderAllocations.seq).mapWith(Number) })
          .from(defaultProviderAllocations)
          .where(and(eq(defaultProviderAllocations.areaCode, areaCode), eq(defaultProviderAllocations.outcome, 'rotation'), inArray(defaultProviderAllocations.organisationId, ids)))
          .groupBy(defaultProviderAllocations.organisationId)
      : Promise.resolve([]));
  const lastSeq = new Map(last.map((r) => [r.organisationId, r.seq]));
  const inTurn: (Candidate & { unitId: string | null })[] = [];
  for (const id of ids) {
    if (!qualifiedOn(quals.filter((q) => q.organisationId === id), day, policy.qualificationMonths)) continue;
    const own = choices.filter((r) => r.organisationId === id);
    const setting = inForceOn(settings.filter((s) => s.organisationId === id), day);
    if (!participatesOn(own, day, policy.participation!, setting?.areaCodes.includes(areaCode) ?? false)) continue;
    const choice = inForceOn(own, day);
    const unitId = choice?.participates === 'in' ? choice.unitId : null;
    inTurn.push({ organisationId: id, lastAllocationSeq: lastSeq.get(id) ?? null, joinedSeq: choice?.seq ?? 0, unitId: unitId ?? (await firstUnitOf(tx, id)) });
  }
  return inTurn.sort(turnOrder);
}

/**
 * Allocates the default provider and creates the home-care assignment in one transaction. The policy in force on the
 * start date decides the model; the providers' standing, areas and caps are judged on the later of today and the
 * start (as the capacity check of every new assignment). A provider in turn that cannot take the individual (at its
 * cap, not selectable in the area, no unit) is skipped with the reason and keeps its place for the next turn; when
 * none can, the municipal provider takes it.
 */
export async function allocate(db: Db, request: FastifyRequest, c: Caller, b: AllocateInput) {
  const person = await loadVisibleIndividual(db, c, b.individualId);
  if (!keepsIndividualsOf(c, person.districtId)) throw notFound('The individual');
  if (b.endDate && b.endDate < b.startDate) throw unprocessable('The service cannot end before it starts.', { errors: [{ path: 'body.endDate', message: 'must not be before startDate' }] });
  const today = localDate();
  const day = b.startDate > today ? b.startDate : today;
  const areaCode = await areaOfIndividual(db, person.id, day);
  if (areaCode === null) throw unprocessable('The individual has no area recorded: the turordning is per area.', { errors: [{ path: 'body.individualId', message: 'record the individual’s area first' }] });
  const policy = policyOn(await allPolicies(db), b.startDate);
  if (!policy) throw unprocessable(`No policy of ickevalsalternativ is in force on ${b.startDate}.`, { errors: [{ path: 'body.startDate', message: 'before the first policy' }] });

  const id = await db.transaction(async (tx) => {
    // The area's turn: one allocation at a time (no key update: the areas' foreign keys are not blocked).
    const [area] = await tx.select({ code: areas.code, name: areas.name }).from(areas).where(eq(areas.code, areaCode)).for('no key update');
    // Then the individual, then the providers (ordered by id): the order every writer keeps, so no deadlock.
    await tx.select({ id: individuals.id }).from(individuals).where(eq(individuals.id, person.id)).for('update');
    const skips: Skip[] = [];
    let chosen: { organisationId: string; unitId: string; outcome: 'rotation' | 'municipal-policy' | 'municipal-fallback' } | undefined;
    if (policy.model === 'rotation') {
      const inTurn = await rotationInTurn(tx, areaCode, day, policy);
      if (inTurn.length) {
        const ids = inTurn.map((p) => p.organisationId);
        await tx.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, ids)).orderBy(asc(organisations.id)).for('update');
        const settings = await settingsOf(tx, ids);
        const carried = await carriedMinutes(tx, ids, b.startDate);
        for (const [i, p] of inTurn.entries()) {
          const position = i + 1;
          if (!p.unitId) {
            skips.push({ organisationId: p.organisationId, position, reason: 'no-unit', detail: 'The provider has no unit to take the assignment.' });
            continue;
          }
          const decision = decideNewAssignment(inForceOn(settings.filter((s) => s.organisationId === p.organisationId), day), areaCode, carried.get(p.organisationId) ?? 0, b.grantedMinutesPerMonth);
          if (decision.ok) {
            chosen = { organisationId: p.organisationId, unitId: p.unitId, outcome: 'rotation' };
            break;
          }
          skips.push({ organisationId: p.organisationId, position, reason: decision.reason, detail: decision.detail });
        }
      }
    }
    if (!chosen) {
      const unit = await municipalUnitFor(tx, area!);
      chosen = { organisationId: unit.organisationId, unitId: unit.id, outcome: policy.model === 'municipal' ? 'municipal-policy' : 'municipal-fallback' };
    }
    const input = { serviceType: 'home_care_day_evening' as const, unitId: chosen.unitId, startDate: b.startDate, endDate: b.endDate, grantedMinutesPerMonth: b.grantedMinutesPerMonth, needsTwoStaff: b.needsTwoStaff, startWithin24Hours: b.startWithin24Hours };
    // The same checks as any new home-care assignment (overlap 409, areas and cap), under the locks already held.
    const assignmentId = await insertAssignment(tx, request, c, person.id, input, await prepareAssignment(tx, input));
    const [row] = await tx
      .insert(defaultProviderAllocations)
      .values({
        individualId: person.id,
        districtId: person.districtId,
        areaCode,
        policyId: policy.id,
        outcome: chosen.outcome,
        organisationId: chosen.organisationId,
        unitId: chosen.unitId,
        assignmentId,
        startDate: b.startDate,
        requestedBy: c.sub,
        requestedByOrganisationId: c.org,
      })
      .returning({ id: defaultProviderAllocations.id });
    if (skips.length) await tx.insert(defaultProviderSkips).values(skips.map((s) => ({ ...s, allocationId: row!.id })));
    await recordAudit(tx, request, c, { action: 'create', individualId: person.id, resourceType: 'default_provider_allocation', resourceId: row!.id });
    return row!.id;
  });
  const allocation = await readAllocation(db, id);
  return { allocation, assignment: await assignmentDto(db, allocation.assignmentId) };
}
