/**
 * The rules as data and the providers' standing in the rotation: policies with a start date, the contract unit's
 * approvals and revocations of qualification, the providers' opt-ins and opt-outs per area. All kept with history
 * (who, when); nothing is rewritten.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Caller } from '../auth/roles.js';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { areas, defaultProviderParticipations, defaultProviderPolicies, defaultProviderQualifications, units } from '../db/schema/index.js';
import { conflict, notFound, unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { loadPrivateProvider, settingsOf } from '../providers/capacity.js';
import { inForceOn } from '../providers/rules.js';
import { actsForProvider, seesStanding } from './access.js';
import { participatesOn, policyOn, qualifiedOn } from './rules.js';

type PolicyRow = typeof defaultProviderPolicies.$inferSelect;

export const allPolicies = (db: Db) => db.select().from(defaultProviderPolicies).orderBy(asc(defaultProviderPolicies.validFrom));

export const policyDto = (p: PolicyRow, inForceId: string | undefined) => ({ ...p, createdAt: iso(p.createdAt), inForce: p.id === inForceId });

export async function listPolicies(db: Db, on = localDate()) {
  const rows = await allPolicies(db);
  const current = policyOn(rows, on);
  return rows.map((p) => policyDto(p, current?.id));
}

const notBefore = (day: string, today: string, path: string) => {
  if (day < today) throw unprocessable('It takes effect today or later; the history is not rewritten.', { errors: [{ path, message: `must not be before ${today}` }] });
};

export async function createPolicy(
  db: Db,
  c: Caller,
  b: { validFrom: string; model: 'municipal' | 'rotation'; participation?: 'voluntary' | 'mandatory' | undefined; criteria: string[]; qualificationMonths: number | null; description: string },
) {
  notBefore(b.validFrom, localDate(), 'body.validFrom');
  if (b.model === 'rotation' && !b.participation) throw unprocessable('A rotation names how providers take part.', { errors: [{ path: 'body.participation', message: 'required for rotation' }] });
  if (b.model === 'municipal' && (b.participation || b.criteria.length || b.qualificationMonths !== null)) {
    throw unprocessable('The municipal default has no participation, criteria or period.', { errors: [{ path: 'body.model', message: 'municipal takes no rotation fields' }] });
  }
  const [row] = await db
    .insert(defaultProviderPolicies)
    .values({ validFrom: b.validFrom, model: b.model, participation: b.participation ?? null, criteria: b.criteria, qualificationMonths: b.qualificationMonths, description: b.description, createdBy: c.sub })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict(`A policy from ${b.validFrom} exists already; policies are not changed, add one from a later day.`);
  return policyDto(row, policyOn(await allPolicies(db), localDate())?.id);
}

const qualificationsOf = (db: Db, organisationIds: string[]) =>
  organisationIds.length === 0
    ? Promise.resolve([] as (typeof defaultProviderQualifications.$inferSelect)[])
    : db.select().from(defaultProviderQualifications).where(inArray(defaultProviderQualifications.organisationId, organisationIds)).orderBy(asc(defaultProviderQualifications.seq));

export const participationsIn = (db: Db, where: { areaCode?: string; organisationId?: string }) =>
  db
    .select()
    .from(defaultProviderParticipations)
    .where(
      and(
        where.areaCode ? eq(defaultProviderParticipations.areaCode, where.areaCode) : undefined,
        where.organisationId ? eq(defaultProviderParticipations.organisationId, where.organisationId) : undefined,
      ),
    )
    .orderBy(asc(defaultProviderParticipations.seq));

/** The contract unit approves a provider as qualified (a full alternative) or revokes it (with a reason). */
export async function recordQualification(db: Db, c: Caller, organisationId: string, b: { event: 'approved' | 'revoked'; effectiveOn?: string | undefined; criteriaMet: string[]; reason?: string | undefined }) {
  await loadPrivateProvider(db, organisationId);
  const today = localDate();
  const effectiveOn = b.effectiveOn ?? today;
  notBefore(effectiveOn, today, 'body.effectiveOn');
  if (b.event === 'revoked' && !b.reason) throw unprocessable('A revocation says why.', { errors: [{ path: 'body.reason', message: 'required when revoked' }] });
  if (b.event === 'revoked' && b.criteriaMet.length) throw unprocessable('Criteria belong to an approval.', { errors: [{ path: 'body.criteriaMet', message: 'only when approved' }] });
  await db.insert(defaultProviderQualifications).values({
    organisationId,
    event: b.event,
    effectiveOn,
    criteriaMet: b.criteriaMet,
    reason: b.reason ?? null,
    recordedBy: c.sub,
    recordedByOrganisationId: c.org,
  });
  return standingOf(db, c, organisationId, effectiveOn);
}

/**
 * The provider's manager opts in (naming its unit for the area) or out, from a day on. Opting out is refused (409)
 * where the policy in force then makes participation mandatory.
 */
export async function setParticipation(db: Db, c: Caller, organisationId: string, b: { areaCode: string; participates: 'in' | 'out'; unitId?: string | undefined; validFrom?: string | undefined }) {
  if (!actsForProvider(c, organisationId)) throw notFound('The private provider');
  await loadPrivateProvider(db, organisationId);
  const today = localDate();
  const validFrom = b.validFrom ?? today;
  notBefore(validFrom, today, 'body.validFrom');
  const [area] = await db.select({ code: areas.code }).from(areas).where(eq(areas.code, b.areaCode));
  if (!area) throw unprocessable('The area does not exist.', { errors: [{ path: 'body.areaCode', message: 'no such area (see GET /v1/areas)' }] });
  if (b.participates === 'in') {
    if (!b.unitId) throw unprocessable('Name the unit that takes the assignments in the area.', { errors: [{ path: 'body.unitId', message: 'required to opt in' }] });
    const [unit] = await db.select({ organisationId: units.organisationId }).from(units).where(eq(units.id, b.unitId));
    if (unit?.organisationId !== organisationId) throw unprocessable('The unit is not one of the provider’s.', { errors: [{ path: 'body.unitId', message: 'not a unit of the provider' }] });
  } else if (b.unitId) {
    throw unprocessable('A unit is named only to opt in.', { errors: [{ path: 'body.unitId', message: 'only with participates=in' }] });
  }
  const policy = policyOn(await allPolicies(db), validFrom);
  if (b.participates === 'out' && policy?.participation === 'mandatory') {
    throw conflict(`Under the policy in force from ${policy.validFrom} every qualified provider takes part (tvingande); opting out is not possible.`);
  }
  await db.insert(defaultProviderParticipations).values({ organisationId, areaCode: b.areaCode, participates: b.participates, unitId: b.unitId ?? null, validFrom, setBy: c.sub, setByOrganisationId: c.org });
  return standingOf(db, c, organisationId, validFrom);
}

/** The areas where a provider takes its turn on `day` under `policy`. */
export async function rotationAreasOf(db: Db, organisationId: string, day: string, policy: PolicyRow | undefined, qualified: boolean): Promise<string[]> {
  if (!policy || policy.model !== 'rotation' || !qualified) return [];
  const setting = inForceOn(await settingsOf(db, [organisationId]), day);
  const rows = await participationsIn(db, { organisationId });
  const codes = new Set([...rows.map((r) => r.areaCode), ...(policy.participation === 'mandatory' ? (setting?.areaCodes ?? []) : [])]);
  return [...codes]
    .filter((code) =>
      participatesOn(
        rows.filter((r) => r.areaCode === code),
        day,
        policy.participation!,
        setting?.areaCodes.includes(code) ?? false,
      ),
    )
    .sort();
}

export { qualificationsOf };

/** The provider's standing on a day: qualified, the areas it is in turn for, and the whole history. */
export async function standingOf(db: Db, c: Caller, organisationId: string, on = localDate()) {
  const provider = await loadPrivateProvider(db, organisationId);
  if (!seesStanding(c, organisationId)) throw notFound('The private provider');
  const policy = policyOn(await allPolicies(db), on);
  const quals = await qualificationsOf(db, [organisationId]);
  const qualified = policy?.model === 'rotation' && qualifiedOn(quals, on, policy.qualificationMonths);
  const participations = await participationsIn(db, { organisationId });
  return {
    organisationId,
    name: provider.name,
    on,
    policyId: policy?.id ?? null,
    model: policy?.model ?? null,
    qualified,
    inRotationAreaCodes: await rotationAreasOf(db, organisationId, on, policy, qualified),
    qualifications: quals.map((q) => ({
      id: q.id,
      event: q.event,
      effectiveOn: q.effectiveOn,
      criteriaMet: q.criteriaMet,
      reason: q.reason,
      recordedBy: q.recordedBy,
      recordedByOrganisationId: q.recordedByOrganisationId,
      recordedAt: iso(q.recordedAt),
    })),
    participations: participations.map((p) => ({
      id: p.id,
      areaCode: p.areaCode,
      participates: p.participates,
      unitId: p.unitId,
      validFrom: p.validFrom,
      setBy: p.setBy,
      setByOrganisationId: p.setByOrganisationId,
      setAt: iso(p.setAt),
    })),
  };
}
