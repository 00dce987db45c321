/**
 * Kö: the waiting list of a private provider that is not selectable (the city's routine "Om kö uppstår"). Strictly
 * first come first served: by `registeredOn`, ties by the order of registration. Every change is an event with who
 * and when; nothing is deleted; reads and writes of an individual's entries are audit-logged.
 */
import { and, asc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { Caller } from '../auth/roles.js';
import { localDate } from '../calendar/local-date.js';
import { areaOfIndividual } from '../areas/service.js';
import type { Db } from '../db/client.js';
import { consents, individuals, organisations, staff, units, waitingListEntries, waitingListEvents } from '../db/schema/index.js';
import { normalisePin } from '../individuals/register.js';
import { loadVisibleIndividual } from '../individuals/access.js';
import { consentInForce } from '../individuals/sharing-rule.js';
import { assignmentDto, insertAssignment, prepareAssignment } from '../individuals/service-overview.js';
import { sendSystemMessage } from '../messages/system-message.js';
import { conflict, forbidden, notFound, unprocessable } from '../http/problem.js';
import { dateAndUuid, listPage } from '../http/pagination.js';
import { iso } from '../http/sql-helpers.js';
import { actsForDistrict, actsForProvider, mayOpenWaitingList, maySeeWaitingListEntry } from './access.js';
import { availabilityOf, loadPrivateProvider, settingsOf } from './capacity.js';
import { inForceOn, queueOrder } from './rules.js';

export const OPEN = ['waiting', 'offered'] as const;
type EntryRow = typeof waitingListEntries.$inferSelect;
type Status = EntryRow['status'];
type EventName = 'registered' | 'offered' | 'assigned' | 'declined' | 'withdrawn' | 'assigned-elsewhere';

const logEvent = (db: Db, c: Caller, entryId: string, event: EventName, reason?: string | null) =>
  db.insert(waitingListEvents).values({ entryId, event, actorId: c.sub, actorOrganisationId: c.org, reason: reason ?? null });

const entryQuery = (db: Db) =>
  db
    .select({ e: waitingListEntries, individualName: individuals.name, districtId: individuals.districtId })
    .from(waitingListEntries)
    .innerJoin(individuals, eq(individuals.id, waitingListEntries.individualId));
type Joined = { e: EntryRow; individualName: string; districtId: string };

const entryDto = ({ e, individualName, districtId }: Joined, position: number | null) => ({
  id: e.id,
  organisationId: e.organisationId,
  individualId: e.individualId,
  individualName,
  districtId,
  registeredOn: e.registeredOn,
  via: e.via,
  consentId: e.consentId,
  status: e.status,
  position,
  closedReason: e.closedReason,
  assignmentId: e.assignmentId,
  registeredBy: e.registeredBy,
  registeredByOrganisationId: e.registeredByOrganisationId,
  createdAt: iso(e.createdAt),
  updatedAt: iso(e.updatedAt),
});
export type EntryDto = ReturnType<typeof entryDto>;

/** Positions (1, 2, …) of the open entries of a provider's list, strictly in queue order. */
async function positionsOf(db: Db, organisationId: string): Promise<Map<string, number>> {
  const open = await db
    .select({ id: waitingListEntries.id, registeredOn: waitingListEntries.registeredOn, seq: waitingListEntries.seq })
    .from(waitingListEntries)
    .where(and(eq(waitingListEntries.organisationId, organisationId), inArray(waitingListEntries.status, [...OPEN])));
  return new Map(open.sort(queueOrder).map((r, i) => [r.id, i + 1]));
}

/** An entry of this provider's list the caller may see (the provider, the individual's district), else 404. */
async function loadEntry(db: Db, c: Caller, organisationId: string, entryId: string, lock = false): Promise<Joined> {
  const q = entryQuery(db).where(and(eq(waitingListEntries.id, entryId), eq(waitingListEntries.organisationId, organisationId)));
  const [row] = lock ? await q.for('update', { of: waitingListEntries }) : await q;
  if (!row || !maySeeWaitingListEntry(c, { organisationId: row.e.organisationId, districtId: row.districtId })) throw notFound('The waiting-list entry');
  return row;
}

/** The staff who should hear from the service: people of `organisationId` with `role`, not left. */
async function staffWithRole(db: Db, organisationId: string, role: string, today: string) {
  const rows = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.organisationId, organisationId), sql`${role} = any(${staff.roles})`, or(isNull(staff.leftOn), sql`${staff.leftOn} >= ${today}`)));
  return rows.map((r) => r.id);
}

export interface RegisterInput {
  individualId?: string | undefined;
  personalIdentityNumber?: string | undefined;
  consentId?: string | undefined;
  contactedOn?: string | undefined;
}

/**
 * Registers an individual on a provider's list. A case worker of the individual's district does it with the
 * individual's recorded consent (in force today, covering the provider), on today's date, and the provider's
 * managers get a message; the provider itself registers that the individual contacted it, on the day of contact.
 * 422 when the provider is not in the individual's area, 409 when it is selectable and nobody waits (choose it
 * directly) or when the individual already waits there.
 */
export async function registerEntry(db: Db, request: FastifyRequest, c: Caller, organisationId: string, b: RegisterInput) {
  const provider = await loadPrivateProvider(db, organisationId);
  const today = localDate();
  let individualId: string;
  let via: 'case_worker' | 'individual_contact';
  let registeredOn: string;
  let consentId: string | null = null;
  if (c.organisationKind === 'district') {
    const person = b.individualId
      ? await loadVisibleIndividual(db, c, b.individualId)
      : (await db.select().from(individuals).where(eq(individuals.personalIdentityNumber, normalisePin(b.personalIdentityNumber ?? ''))))[0];
    if (!person || !actsForDistrict(c, person.districtId)) throw notFound('The individual');
    if (b.contactedOn) throw unprocessable('A case worker registers on the day the message reaches the provider (today).', { errors: [{ path: 'body.contactedOn', message: 'for the provider’s own registrations' }] });
    if (!b.consentId) throw unprocessable('The individual’s consent is needed to tell the provider.', { errors: [{ path: 'body.consentId', message: 'record the consent first (POST /v1/individuals/{id}/consents)' }] });
    const [consent] = await db.select().from(consents).where(and(eq(consents.id, b.consentId), eq(consents.individualId, person.id)));
    const covers = consent && consentInForce(consent, today) && (consent.limitedToOrganisationIds === null || consent.limitedToOrganisationIds.includes(organisationId));
    if (!covers) throw unprocessable('The consent is not the individual’s, not in force today, or does not cover this provider.', { errors: [{ path: 'body.consentId', message: 'no consent in force covering the provider' }] });
    individualId = person.id;
    via = 'case_worker';
    registeredOn = today;
    consentId = consent.id;
  } else {
    if (!actsForProvider(c, organisationId)) throw notFound('The private provider');
    if (!b.personalIdentityNumber) throw unprocessable('The provider names the individual who made contact by personal identity number.', { errors: [{ path: 'body.personalIdentityNumber', message: 'required' }] });
    if (!b.contactedOn) throw unprocessable('The day the individual made contact is needed.', { errors: [{ path: 'body.contactedOn', message: 'required' }] });
    if (b.contactedOn > today) throw unprocessable('The contact cannot be in the future.', { errors: [{ path: 'body.contactedOn', message: `must not be after ${today}` }] });
    const [person] = await db.select().from(individuals).where(eq(individuals.personalIdentityNumber, normalisePin(b.personalIdentityNumber)));
    if (!person) throw unprocessable('No individual with that number is registered; the district registers the individual first.', { errors: [{ path: 'body.personalIdentityNumber', message: 'not in the register' }] });
    individualId = person.id;
    via = 'individual_contact';
    registeredOn = b.contactedOn;
  }
  const setting = inForceOn(await settingsOf(db, [organisationId]), today);
  const area = await areaOfIndividual(db, individualId, today);
  if (!setting || area === null || !setting.areaCodes.includes(area)) {
    throw unprocessable(`The provider is not selectable in the individual’s area (${area ?? 'none recorded'}): there is nothing to queue for.`);
  }
  const availability = await availabilityOf(db, c, organisationId, today);
  const anyoneWaiting = (await positionsOf(db, organisationId)).size > 0;
  if (availability.selectable && !anyoneWaiting) throw conflict(`${provider.name} is selectable now: send the assignment instead of queueing.`);

  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(waitingListEntries)
      .values({ organisationId, individualId, registeredOn, via, consentId, registeredBy: c.sub, registeredByOrganisationId: c.org })
      .onConflictDoNothing()
      .returning({ id: waitingListEntries.id });
    if (!row) throw conflict('The individual already waits for this provider.');
    await logEvent(tx, c, row.id, 'registered');
    await recordAudit(tx, request, c, { action: 'create', individualId, resourceType: 'waiting_list_entry', resourceId: row.id });
    if (via === 'case_worker') {
      const managers = await staffWithRole(tx, organisationId, 'manager', today);
      // (decision) The notice carries no personal data: the provider reads the entry on its list.
      if (managers.length) {
        await sendSystemMessage(tx, {
          fromOrganisationId: c.org,
          senderId: c.sub,
          toStaffIds: managers,
          subject: 'Kö: en brukare vill stå i kö hos er',
          body: `En brukare har med sitt samtycke anmälts till er väntelista (kö) den ${registeredOn} (post ${row.id}). Se väntelistan.`,
        });
      }
    }
    return row.id;
  });
  return readEntry(db, c, organisationId, id);
}

export async function readEntry(db: Db, c: Caller, organisationId: string, entryId: string) {
  const row = await loadEntry(db, c, organisationId, entryId);
  const positions = await positionsOf(db, organisationId);
  const events = await db.select().from(waitingListEvents).where(eq(waitingListEvents.entryId, entryId)).orderBy(asc(waitingListEvents.occurredAt), asc(waitingListEvents.id));
  return {
    ...entryDto(row, positions.get(entryId) ?? null),
    events: events.map((e) => ({ event: e.event, actorId: e.actorId, actorOrganisationId: e.actorOrganisationId, reason: e.reason, occurredAt: iso(e.occurredAt) })),
  };
}

/** The provider's list in queue order: open entries by default; the district sees its own individuals only. */
export async function listEntries(db: Db, c: Caller, organisationId: string, q: { limit: number; cursor?: string | undefined; status?: 'open' | 'closed' | 'all' | undefined }) {
  await loadPrivateProvider(db, organisationId);
  if (!mayOpenWaitingList(c, organisationId)) throw notFound('The private provider');
  const positions = await positionsOf(db, organisationId);
  const status = q.status ?? 'open';
  const statusFilter = status === 'open' ? inArray(waitingListEntries.status, [...OPEN]) : status === 'closed' ? sql`${waitingListEntries.status} not in ('waiting', 'offered')` : undefined;
  return listPage<[string, number], Joined, EntryDto>(q, {
    arity: 2,
    valid: (k) => dateAndUuid([k[0]!, '00000000-0000-4000-8000-000000000000']) && Number.isSafeInteger(k[1]),
    fetch: (key, take) =>
      entryQuery(db)
        .where(
          and(
            eq(waitingListEntries.organisationId, organisationId),
            c.org === organisationId ? undefined : eq(individuals.districtId, c.org),
            statusFilter,
            key ? or(sql`${waitingListEntries.registeredOn} > ${key[0]}`, and(eq(waitingListEntries.registeredOn, key[0]), sql`${waitingListEntries.seq} > ${key[1]}`)) : undefined,
          ),
        )
        .orderBy(asc(waitingListEntries.registeredOn), asc(waitingListEntries.seq))
        .limit(take),
    map: (r) => entryDto(r, positions.get(r.e.id) ?? null),
    keyOf: (r) => [r.e.registeredOn, r.e.seq],
  });
}

/** For the provider: has it become selectable with people waiting, and who stands first. */
export async function dueOf(db: Db, c: Caller, organisationId: string) {
  await loadPrivateProvider(db, organisationId);
  if (!actsForProvider(c, organisationId)) throw notFound('The private provider');
  const availability = await availabilityOf(db, c, organisationId);
  const first = await firstWaiting(db, organisationId);
  return {
    selectable: availability.selectable,
    waitingCount: availability.waitingCount ?? 0,
    due: availability.selectable && first !== undefined,
    firstEntryId: first?.id ?? null,
  };
}

async function firstWaiting(db: Db, organisationId: string) {
  const rows = await db
    .select({ id: waitingListEntries.id, registeredOn: waitingListEntries.registeredOn, seq: waitingListEntries.seq, individualId: waitingListEntries.individualId, registeredBy: waitingListEntries.registeredBy, registeredByOrganisationId: waitingListEntries.registeredByOrganisationId })
    .from(waitingListEntries)
    .where(and(eq(waitingListEntries.organisationId, organisationId), eq(waitingListEntries.status, 'waiting')));
  return rows.sort(queueOrder)[0];
}

/**
 * The provider, selectable again, tells the district of the individual who stands first (by date) and marks the
 * entry offered. 409 when it is not selectable or nobody waits. Serialised per provider (its row lock).
 */
export async function notifyFirst(db: Db, request: FastifyRequest, c: Caller, organisationId: string) {
  const provider = await loadPrivateProvider(db, organisationId);
  if (!actsForProvider(c, organisationId)) throw notFound('The private provider');
  const today = localDate();
  const entryId = await db.transaction(async (tx) => {
    // Under the provider's lock: no assignment changes what it carries while the first is chosen.
    await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).for('update');
    const availability = await availabilityOf(tx, c, organisationId, today);
    if (!availability.selectable) throw conflict(`${provider.name} is not selectable now (cap or areas): nobody can be offered a place.`);
    const first = await firstWaiting(tx, organisationId);
    if (!first) throw conflict('Nobody waits on the list.');
    await tx.update(waitingListEntries).set({ status: 'offered', updatedAt: new Date() }).where(eq(waitingListEntries.id, first.id));
    await logEvent(tx, c, first.id, 'offered');
    const [person] = await tx.select({ districtId: individuals.districtId }).from(individuals).where(eq(individuals.id, first.individualId));
    await recordAudit(tx, request, c, { action: 'update', individualId: first.individualId, resourceType: 'waiting_list_entry', resourceId: first.id });
    // The case worker who registered the entry, while of the district; else the district's case workers.
    const districtCaseWorkers = await staffWithRole(tx, person!.districtId, 'case_worker', today);
    const to = first.registeredByOrganisationId === person!.districtId && districtCaseWorkers.includes(first.registeredBy) ? [first.registeredBy] : districtCaseWorkers;
    if (to.length) {
      await sendSystemMessage(tx, {
        fromOrganisationId: c.org,
        senderId: c.sub,
        toStaffIds: to,
        subject: `Kö: ${provider.name} är valbar igen`,
        body: `${provider.name} är valbar igen. Först på väntelistan står post ${first.id}: fråga brukaren om önskemålet att välja ${provider.name} kvarstår, och skicka i så fall uppdraget.`,
      });
    }
    return first.id;
  });
  return readEntry(db, c, organisationId, entryId);
}

export interface AssignInput {
  unitId: string;
  startDate: string;
  endDate?: string | undefined;
  grantedMinutesPerMonth: number;
  needsTwoStaff: boolean;
  startWithin24Hours: boolean;
}

/**
 * The case worker sends the assignment: the home-care assignment is created within the cap (atomically, as any new
 * assignment), the entry closes as assigned and the individual's other open entries as assigned-elsewhere. Only the
 * entry offered, or the one that stands first, may be assigned (409 otherwise: first come, first served).
 */
export async function assignFromEntry(db: Db, request: FastifyRequest, c: Caller, organisationId: string, entryId: string, b: AssignInput) {
  const row = await loadEntry(db, c, organisationId, entryId);
  if (!actsForDistrict(c, row.districtId)) throw forbidden('Only a case worker of the individual’s district sends the assignment.');
  const [unit] = await db.select({ organisationId: units.organisationId }).from(units).where(eq(units.id, b.unitId));
  if (!unit || unit.organisationId !== organisationId) throw unprocessable('The unit is not one of the provider’s.', { errors: [{ path: 'body.unitId', message: 'not a unit of the provider' }] });
  const input = { serviceType: 'home_care_day_evening' as const, ...b };
  const facts = await prepareAssignment(db, input);
  const assignmentId = await db.transaction(async (tx) => {
    // insertAssignment takes the individual's lock, then the provider's, and checks areas and cap.
    const id = await insertAssignment(tx, request, c, row.e.individualId, input, facts);
    const [current] = await tx.select().from(waitingListEntries).where(eq(waitingListEntries.id, entryId)).for('update');
    if (!current || !(OPEN as readonly Status[]).includes(current.status)) throw conflict(`The entry is ${current?.status ?? 'gone'}, not open.`);
    if (current.status !== 'offered') {
      const ahead = (await tx
        .select({ id: waitingListEntries.id, registeredOn: waitingListEntries.registeredOn, seq: waitingListEntries.seq })
        .from(waitingListEntries)
        .where(and(eq(waitingListEntries.organisationId, organisationId), inArray(waitingListEntries.status, [...OPEN]), ne(waitingListEntries.id, entryId))))
        .filter((o) => queueOrder(o, current) < 0);
      if (ahead.length) throw conflict(`${ahead.length} ${ahead.length === 1 ? 'entry stands' : 'entries stand'} ahead on the list: first come, first served.`);
    }
    await tx.update(waitingListEntries).set({ status: 'assigned', assignmentId: id, updatedAt: new Date() }).where(eq(waitingListEntries.id, entryId));
    await logEvent(tx, c, entryId, 'assigned');
    const others = await tx
      .update(waitingListEntries)
      .set({ status: 'assigned-elsewhere', closedReason: `assigned to another provider (${organisationId})`, updatedAt: new Date() })
      .where(and(eq(waitingListEntries.individualId, row.e.individualId), inArray(waitingListEntries.status, [...OPEN]), ne(waitingListEntries.id, entryId)))
      .returning({ id: waitingListEntries.id });
    for (const o of others) await logEvent(tx, c, o.id, 'assigned-elsewhere', `assigned to another provider (${organisationId})`);
    await recordAudit(tx, request, c, [entryId, ...others.map((o) => o.id)].map((id2) => ({ action: 'update' as const, individualId: row.e.individualId, resourceType: 'waiting_list_entry', resourceId: id2 })));
    return id;
  });
  return { entry: await readEntry(db, c, organisationId, entryId), assignment: await assignmentDto(db, assignmentId) };
}

/**
 * Closes an open entry with a reason: `declined` (the case worker: the individual no longer wants the provider) or
 * `withdrawn` (the district or the provider: the individual leaves the list).
 */
export async function closeEntry(db: Db, request: FastifyRequest, c: Caller, organisationId: string, entryId: string, how: 'declined' | 'withdrawn', reason: string) {
  const row = await loadEntry(db, c, organisationId, entryId);
  const mayClose = how === 'declined' ? actsForDistrict(c, row.districtId) : actsForDistrict(c, row.districtId) || actsForProvider(c, organisationId);
  if (!mayClose) throw forbidden(how === 'declined' ? 'Only a case worker of the individual’s district records that the individual declined.' : 'Only the provider or a case worker of the individual’s district withdraws an entry.');
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(waitingListEntries).where(eq(waitingListEntries.id, entryId)).for('update');
    if (!current || !(OPEN as readonly Status[]).includes(current.status)) throw conflict(`The entry is ${current?.status ?? 'gone'}, not open.`);
    await tx.update(waitingListEntries).set({ status: how, closedReason: reason, updatedAt: new Date() }).where(eq(waitingListEntries.id, entryId));
    await logEvent(tx, c, entryId, how, reason);
    await recordAudit(tx, request, c, { action: 'update', individualId: row.e.individualId, resourceType: 'waiting_list_entry', resourceId: entryId });
  });
  return readEntry(db, c, organisationId, entryId);
}
