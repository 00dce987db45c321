/**
 * A private provider's areas and capacity cap (with history), what it carries, whether it is selectable, and the
 * check of a new home-care assignment against them. The rules are pure (rules.ts); this module reads and writes.
 */
import { and, asc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Caller } from '../auth/roles.js';
import { localDate } from '../calendar/local-date.js';
import { areaOfIndividual } from '../areas/service.js';
import type { Db } from '../db/client.js';
import { areas, organisations, providerCapacitySettings, serviceAssignments, waitingListEntries } from '../db/schema/index.js';
import { capacityReached, forbidden, notFound, unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { maySetCapacity, seesCapacityFigures } from './access.js';
import { decideNewAssignment, hours, inForceOn, isSelectable } from './rules.js';

type SettingRow = typeof providerCapacitySettings.$inferSelect;

/** A private provider, or 404 (any other organisation is not one that can be chosen). */
export async function loadPrivateProvider(db: Db, organisationId: string) {
  const [org] = await db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(eq(organisations.id, organisationId));
  if (!org || org.kind !== 'private_provider') throw notFound('The private provider');
  return org;
}

export const settingsOf = (db: Db, organisationIds: string[]) =>
  organisationIds.length === 0
    ? Promise.resolve([] as SettingRow[])
    : db.select().from(providerCapacitySettings).where(inArray(providerCapacitySettings.organisationId, organisationIds)).orderBy(asc(providerCapacitySettings.validFrom), asc(providerCapacitySettings.seq));

/**
 * Granted minutes a month of home care day/evening the providers carry from `day` on: every assignment not ended
 * before it (those starting later are promised already). Granted time missing counts as none.
 */
export async function carriedMinutes(db: Db, organisationIds: string[], day: string): Promise<Map<string, number>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db
    .select({ organisationId: serviceAssignments.organisationId, minutes: sql<number>`coalesce(sum(${serviceAssignments.grantedMinutesPerMonth}), 0)`.mapWith(Number) })
    .from(serviceAssignments)
    .where(
      and(
        inArray(serviceAssignments.organisationId, organisationIds),
        eq(serviceAssignments.serviceType, 'home_care_day_evening'),
        or(isNull(serviceAssignments.endDate), gte(serviceAssignments.endDate, day)),
      ),
    )
    .groupBy(serviceAssignments.organisationId);
  return new Map(rows.map((r) => [r.organisationId, r.minutes]));
}

async function waitingCounts(db: Db, organisationIds: string[]) {
  if (organisationIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ organisationId: waitingListEntries.organisationId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(waitingListEntries)
    .where(and(inArray(waitingListEntries.organisationId, organisationIds), eq(waitingListEntries.status, 'waiting')))
    .groupBy(waitingListEntries.organisationId);
  return new Map(rows.map((r) => [r.organisationId, r.n]));
}

/** Availability of private providers on `day` (all private providers when `ids` is absent). */
async function availabilities(db: Db, day: string, ids?: string[]) {
  const orgs = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, 'private_provider'), ids ? inArray(organisations.id, ids) : undefined))
    .orderBy(asc(organisations.name), asc(organisations.id));
  const orgIds = orgs.map((o) => o.id);
  // One after the other: `db` may be a transaction (one connection).
  const settings = await settingsOf(db, orgIds);
  const carried = await carriedMinutes(db, orgIds, day);
  const waiting = await waitingCounts(db, orgIds);
  return orgs.map((o) => {
    const s = inForceOn(settings.filter((r) => r.organisationId === o.id), day);
    const minutes = carried.get(o.id) ?? 0;
    const selectable = isSelectable(s, minutes);
    const waitingCount = waiting.get(o.id) ?? 0;
    return {
      organisationId: o.id,
      name: o.name,
      on: day,
      selectable,
      areaCodes: s ? [...s.areaCodes] : [],
      capHoursPerMonth: s?.capHoursPerMonth ?? null,
      carriedHoursPerMonth: hours(minutes),
      settingValidFrom: s?.validFrom ?? null,
      waitingCount,
      waitingListDue: selectable && waitingCount > 0,
    };
  });
}
export type Availability = Awaited<ReturnType<typeof availabilities>>[number];

/** The figures (carried hours, cap, queue) only for the provider itself and the city; others see selectable and areas. */
const forCaller = (c: Caller, a: Availability) =>
  seesCapacityFigures(c, a.organisationId) ? a : { ...a, capHoursPerMonth: null, carriedHoursPerMonth: null, waitingCount: null, waitingListDue: null };

export async function availabilityOf(db: Db, c: Caller, organisationId: string, day = localDate()) {
  await loadPrivateProvider(db, organisationId);
  const [a] = await availabilities(db, day, [organisationId]);
  return forCaller(c, a!);
}

/** The providers an individual living in `areaCode` can choose now (`selectable`), or all private providers in it. */
export async function listProviders(db: Db, c: Caller, q: { areaCode?: string | undefined; selectable?: boolean | undefined }, day = localDate()) {
  const all = await availabilities(db, day);
  return all
    .filter((a) => (q.areaCode === undefined || a.areaCodes.includes(q.areaCode)) && (q.selectable === undefined || a.selectable === q.selectable))
    .map((a) => forCaller(c, a));
}

const settingDto = (r: SettingRow) => ({
  id: r.id,
  organisationId: r.organisationId,
  validFrom: r.validFrom,
  areaCodes: r.areaCodes,
  capHoursPerMonth: r.capHoursPerMonth,
  setBy: r.setBy,
  setByOrganisationId: r.setByOrganisationId,
  setAt: iso(r.setAt),
});

/** Every setting ever made, oldest first (who, when, from which day). */
export async function capacityHistory(db: Db, c: Caller, organisationId: string) {
  await loadPrivateProvider(db, organisationId);
  if (!maySetCapacity(c, organisationId)) throw notFound('The private provider');
  return (await settingsOf(db, [organisationId])).map(settingDto);
}

/**
 * Sets a provider's areas and cap from a day on (today or later: the past stays as it was). Lowering the cap below
 * what it carries is allowed and makes it not selectable. Returns the availability on the day it takes effect.
 */
export async function setCapacity(db: Db, c: Caller, organisationId: string, b: { areaCodes: string[]; capHoursPerMonth: number | null; validFrom?: string | undefined }) {
  if (!maySetCapacity(c, organisationId)) {
    // Another provider's manager learns nothing of it.
    if (c.organisationKind !== 'contract_unit') throw notFound('The private provider');
    throw forbidden('Only the provider’s own manager, or the contract unit’s admin, sets its areas and cap.');
  }
  await loadPrivateProvider(db, organisationId);
  const today = localDate();
  const validFrom = b.validFrom ?? today;
  if (validFrom < today) throw unprocessable('A setting takes effect today or later; the history is not rewritten.', { errors: [{ path: 'body.validFrom', message: `must not be before ${today}` }] });
  const codes = [...new Set(b.areaCodes)];
  if (codes.length) {
    const found = await db.select({ code: areas.code }).from(areas).where(inArray(areas.code, codes));
    const missing = codes.filter((code) => !found.some((f) => f.code === code));
    if (missing.length) throw unprocessable('An area does not exist.', { errors: missing.map((m) => ({ path: 'body.areaCodes', message: `no area ${m}` })) });
  }
  await db.insert(providerCapacitySettings).values({ organisationId, validFrom, areaCodes: codes, capHoursPerMonth: b.capHoursPerMonth, setBy: c.sub, setByOrganisationId: c.org });
  const [a] = await availabilities(db, validFrom, [organisationId]);
  return a!;
}

/**
 * In the caller's transaction, before a new home-care assignment to a private provider is stored: takes the
 * provider's lock (a row lock on the organisation, so two assignments racing for its last hours run one after the
 * other), then refuses with 422 when the individual's area is not one of its areas and 409 capacity-reached when
 * the granted time would pass its cap. Settings and area are those in force on the later of today and the start.
 */
export async function checkNewHomeCareAssignment(tx: Db, a: { organisationId: string; individualId: string; startDate: string; grantedMinutesPerMonth: number | null }) {
  await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, a.organisationId)).for('update');
  const today = localDate();
  const day = a.startDate > today ? a.startDate : today;
  const setting = inForceOn(await settingsOf(tx, [a.organisationId]), day);
  if (!setting) return;
  const area = await areaOfIndividual(tx, a.individualId, day);
  const carried = (await carriedMinutes(tx, [a.organisationId], a.startDate)).get(a.organisationId) ?? 0;
  const decision = decideNewAssignment(setting, area, carried, a.grantedMinutesPerMonth ?? 0);
  if (decision.ok) return;
  if (decision.reason === 'wrong-area') throw unprocessable(decision.detail, { errors: [{ path: 'body.unitId', message: 'the provider is not selectable in the individual’s area' }] });
  throw capacityReached(decision.detail, { carriedHoursPerMonth: hours(decision.carriedMinutes), capHoursPerMonth: decision.capMinutes / 60 });
}
