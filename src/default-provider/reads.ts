/**
 * The record of the rotation: allocations with the providers skipped, for the follow-up of equal treatment
 * (likabehandling). The contract unit reads all; a district its own individuals'.
 */
import { and, asc, eq, gt, gte, inArray, lt } from 'drizzle-orm';
import type { Caller } from '../auth/roles.js';
import { addDays } from '../calendar/add-days.js';
import { localMidnight } from '../calendar/local-time.js';
import type { Db } from '../db/client.js';
import { defaultProviderAllocations, defaultProviderPolicies, defaultProviderSkips, organisations } from '../db/schema/index.js';
import { listPage } from '../http/pagination.js';
import { unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { TIME_ZONE } from '../providers/rules.js';
import { seesAllAllocations } from './access.js';

const allocationQuery = (db: Db) =>
  db
    .select({ a: defaultProviderAllocations, organisationName: organisations.name, policyValidFrom: defaultProviderPolicies.validFrom })
    .from(defaultProviderAllocations)
    .innerJoin(organisations, eq(organisations.id, defaultProviderAllocations.organisationId))
    .innerJoin(defaultProviderPolicies, eq(defaultProviderPolicies.id, defaultProviderAllocations.policyId));
type Row = Awaited<ReturnType<ReturnType<typeof allocationQuery>['execute']>>[number];

async function skipsOf(db: Db, allocationIds: string[]) {
  if (allocationIds.length === 0) return [];
  return db
    .select({ s: defaultProviderSkips, organisationName: organisations.name })
    .from(defaultProviderSkips)
    .innerJoin(organisations, eq(organisations.id, defaultProviderSkips.organisationId))
    .where(inArray(defaultProviderSkips.allocationId, allocationIds))
    .orderBy(asc(defaultProviderSkips.position));
}

async function withSkips(db: Db, rows: Row[]) {
  const skips = await skipsOf(
    db,
    rows.map((r) => r.a.id),
  );
  return rows.map(({ a, organisationName, policyValidFrom }) => ({
    id: a.id,
    seq: a.seq,
    individualId: a.individualId,
    districtId: a.districtId,
    areaCode: a.areaCode,
    policyId: a.policyId,
    policyValidFrom,
    outcome: a.outcome,
    organisationId: a.organisationId,
    organisationName,
    unitId: a.unitId,
    assignmentId: a.assignmentId,
    startDate: a.startDate,
    requestedBy: a.requestedBy,
    requestedByOrganisationId: a.requestedByOrganisationId,
    allocatedAt: iso(a.allocatedAt),
    skipped: skips
      .filter((s) => s.s.allocationId === a.id)
      .map(({ s, organisationName: name }) => ({ organisationId: s.organisationId, organisationName: name, position: s.position, reason: s.reason, detail: s.detail })),
  }));
}
export type AllocationDto = Awaited<ReturnType<typeof withSkips>>[number];

export async function readAllocation(db: Db, id: string) {
  const rows = await allocationQuery(db).where(eq(defaultProviderAllocations.id, id));
  return (await withSkips(db, rows))[0]!;
}

/** Allocations in turn order (seq), optionally of one area and between two days (Göteborg time, inclusive). */
export async function listAllocations(db: Db, c: Caller, q: { limit: number; cursor?: string | undefined; areaCode?: string | undefined; from?: string | undefined; to?: string | undefined }) {
  if (q.from && q.to && q.to < q.from) throw unprocessable('The period ends before it starts.', { errors: [{ path: 'query.to', message: 'must not be before from' }] });
  const page = await listPage<[number], Row, Row>(q, {
    arity: 1,
    valid: (k) => Number.isSafeInteger(k[0]),
    fetch: (key, take) =>
      allocationQuery(db)
        .where(
          and(
            seesAllAllocations(c) ? undefined : eq(defaultProviderAllocations.districtId, c.org),
            q.areaCode ? eq(defaultProviderAllocations.areaCode, q.areaCode) : undefined,
            q.from ? gte(defaultProviderAllocations.allocatedAt, localMidnight(q.from, TIME_ZONE)) : undefined,
            q.to ? lt(defaultProviderAllocations.allocatedAt, localMidnight(addDays(q.to, 1), TIME_ZONE)) : undefined,
            key ? gt(defaultProviderAllocations.seq, key[0]) : undefined,
          ),
        )
        .orderBy(asc(defaultProviderAllocations.seq))
        .limit(take),
    map: (r) => r,
    keyOf: (r) => [r.a.seq],
  });
  return { items: await withSkips(db, page.items), nextCursor: page.nextCursor };
}
