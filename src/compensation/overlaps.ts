import { countsTime, type Accepted, type Rejection } from './visit-checks.js';

/** A stored counting visit that overlaps a visit of the batch (found by one query, ingest.sql.ts). */
export interface StoredOverlap {
  /** The batch position of the visit it overlaps. */
  index: number;
  reportingSystem: string;
  externalId: string;
  staffId: string;
}

type OverlapVisit = Pick<Accepted, 'index' | 'visit' | 'checkIn' | 'checkOut' | 'needsTwoStaff'>;

/**
 * Step 4, double staffing (dubbelbemanning). A performed or added visit is rejected when it overlaps another
 * counting visit for the same individual and service, unless the assignment needs two staff and the other visit is
 * by someone else. The other visit is a stored one (`stored`), or an earlier visit of the batch that was itself
 * kept: the earlier one stands. Stored versions that this batch re-sends are compared in their new form only.
 * Touching ends (one ends as the other starts) do not overlap. Returns the rejections, in batch order.
 */
export function findOverlaps(visits: readonly OverlapVisit[], stored: readonly StoredOverlap[], reportingSystem: string): Rejection[] {
  const resent = new Set(visits.map((a) => a.visit.externalId));
  const clashes = new Map<number, { externalId: string; staffId: string }[]>();
  for (const s of stored) {
    if (s.reportingSystem === reportingSystem && resent.has(s.externalId)) continue;
    const list = clashes.get(s.index);
    if (list) list.push({ externalId: s.externalId, staffId: s.staffId });
    else clashes.set(s.index, [{ externalId: s.externalId, staffId: s.staffId }]);
  }
  const rejections: Rejection[] = [];
  const kept = new Map<string, OverlapVisit[]>();
  for (const a of visits) {
    if (!countsTime(a.visit)) continue;
    const key = `${a.visit.individualId}|${a.visit.serviceType}`;
    const earlier = (kept.get(key) ?? []).filter((b) => b.checkIn < a.checkOut && b.checkOut > a.checkIn);
    const others = [...(clashes.get(a.index) ?? []), ...earlier.map((b) => ({ externalId: b.visit.externalId, staffId: b.visit.staffId }))];
    const blocking = others.find((o) => !a.needsTwoStaff || o.staffId === a.visit.staffId);
    if (blocking) {
      rejections.push({
        index: a.index,
        reason:
          blocking.staffId === a.visit.staffId
            ? `overlaps visit ${blocking.externalId} by the same staff member for the same individual and service`
            : `overlaps visit ${blocking.externalId} for the same individual and service, which does not need two staff (dubbelbemanning)`,
      });
      continue;
    }
    const list = kept.get(key);
    if (list) list.push(a);
    else kept.set(key, [a]);
  }
  return rejections;
}
