/** The city's areas and where each individual lives (history kept): reads and writes behind the routes. */
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { Caller } from '../auth/roles.js';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { areas, individualAreas, organisations } from '../db/schema/index.js';
import { listPage } from '../http/pagination.js';
import { assertIfMatch, type Precondition } from '../http/preconditions.js';
import { conflict, notFound, unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { inForceOn } from '../providers/rules.js';

type AreaRow = typeof areas.$inferSelect;
export const areaDto = (r: AreaRow) => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

async function requireDistrict(db: Db, districtId: string) {
  const [d] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, districtId));
  if (d?.kind !== 'district') throw unprocessable('The district does not exist.', { errors: [{ path: 'body.districtId', message: 'no such district (organisation of kind district)' }] });
}

export async function createArea(db: Db, b: { code: string; name: string; districtId: string }) {
  await requireDistrict(db, b.districtId);
  const [row] = await db.insert(areas).values(b).onConflictDoNothing().returning();
  if (!row) throw conflict(`An area with code ${b.code} already exists.`);
  return areaDto(row);
}

export async function updateArea(db: Db, code: string, b: { name?: string | undefined; districtId?: string | undefined }, precondition: Precondition = undefined) {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(areas).where(eq(areas.code, code)).for('update');
    if (!current) throw notFound('The area');
    assertIfMatch(precondition, areaDto(current));
    if (b.districtId) await requireDistrict(tx, b.districtId);
    const [row] = await tx
      .update(areas)
      .set({ ...(b.name ? { name: b.name } : {}), ...(b.districtId ? { districtId: b.districtId } : {}), updatedAt: new Date() })
      .where(eq(areas.code, code))
      .returning();
    return areaDto(row!);
  });
}

export async function getArea(db: Db, code: string) {
  const [row] = await db.select().from(areas).where(eq(areas.code, code));
  if (!row) throw notFound('The area');
  return areaDto(row);
}

export const listAreas = (db: Db, q: { limit: number; cursor?: string | undefined; districtId?: string | undefined }) =>
  listPage<[string], AreaRow, ReturnType<typeof areaDto>>(q, {
    arity: 1,
    valid: (k) => typeof k[0] === 'string',
    fetch: (key, take) =>
      db
        .select()
        .from(areas)
        .where(and(q.districtId ? eq(areas.districtId, q.districtId) : undefined, key ? gt(areas.code, key[0]) : undefined))
        .orderBy(asc(areas.code))
        .limit(take),
    map: areaDto,
    keyOf: (r) => [r.code],
  });

/** Every area the individual has lived in, latest first; `current` marks the one in force on `today`. */
export async function areaHistoryOf(db: Db, individualId: string, today = localDate()) {
  const rows = await db
    .select({ a: individualAreas, areaName: areas.name })
    .from(individualAreas)
    .innerJoin(areas, eq(areas.code, individualAreas.areaCode))
    .where(eq(individualAreas.individualId, individualId))
    .orderBy(desc(individualAreas.validFrom), desc(individualAreas.seq));
  const current = inForceOn(rows.map((r) => r.a), today);
  return rows.map(({ a, areaName }) => ({
    id: a.id,
    individualId: a.individualId,
    areaCode: a.areaCode,
    areaName,
    validFrom: a.validFrom,
    setBy: a.setBy,
    setByOrganisationId: a.setByOrganisationId,
    setAt: iso(a.setAt),
    current: a.id === current?.id,
  }));
}

/**
 * The area of an individual on a day (null when none was recorded). A named public function: the capacity check of a
 * new home-care assignment reads it.
 */
export async function areaOfIndividual(db: Db, individualId: string, day: string): Promise<string | null> {
  const rows = await db
    .select({ areaCode: individualAreas.areaCode, validFrom: individualAreas.validFrom, seq: individualAreas.seq })
    .from(individualAreas)
    .where(eq(individualAreas.individualId, individualId));
  return inForceOn(rows, day)?.areaCode ?? null;
}

/**
 * Records where an individual lives from a day on, in the caller's transaction when `db` is one: the area must exist
 * (422 on `path`). Earlier rows stay.
 */
export async function setAreaOfIndividual(db: Db, request: FastifyRequest, caller: Caller, individualId: string, areaCode: string, validFrom: string, path = 'body.areaCode') {
  const [area] = await db.select({ code: areas.code }).from(areas).where(eq(areas.code, areaCode));
  if (!area) throw unprocessable('The area does not exist.', { errors: [{ path, message: 'no such area (see GET /v1/areas)' }] });
  const [row] = await db
    .insert(individualAreas)
    .values({ individualId, areaCode, validFrom, setBy: caller.sub, setByOrganisationId: caller.org })
    .returning({ id: individualAreas.id });
  await recordAudit(db, request, caller, { action: 'update', individualId, resourceType: 'individual_area', resourceId: row!.id });
}
