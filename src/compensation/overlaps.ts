import { slicer } from './slices.js';
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
 * The kept visits of each group (an individual and service; or those and one staff member), asked "does a kept visit
 * of my group overlap me?" while visits are kept in batch order. A group's check-ins are known up front, so each visit
 * has a slot in its group in check-in order, and a Fenwick tree per group keeps, for every prefix of slots, the kept
 * visit that ends last: a kept visit overlaps `[checkIn, checkOut)` when one that checked in before our check-out
 * ends after our check-in. Keeping and asking are O(log n): a batch of 5,000 visits of one individual no longer
 * compares every pair of them (that took seconds of CPU while the whole service waited).
 */
class KeptByGroup {
  private readonly group: Int32Array;
  private readonly slot: Int32Array;
  private readonly starts: number[][] = [];
  /** Per group, 1-based: the position (+1) of the kept visit that ends last in the slot range; 0 none. */
  private readonly trees: Int32Array[] = [];

  constructor(
    private readonly checkIn: readonly number[],
    private readonly checkOut: readonly number[],
    keys: readonly string[],
  ) {
    const ids = new Map<string, number>();
    const members: number[][] = [];
    this.group = new Int32Array(keys.length);
    this.slot = new Int32Array(keys.length);
    keys.forEach((key, position) => {
      let id = ids.get(key);
      if (id === undefined) {
        id = members.length;
        ids.set(key, id);
        members.push([]);
      }
      this.group[position] = id;
      members[id]!.push(position);
    });
    for (const list of members) {
      list.sort((a, b) => checkIn[a]! - checkIn[b]! || a - b);
      list.forEach((position, slot) => (this.slot[position] = slot));
      this.starts.push(list.map((position) => checkIn[position]!));
      this.trees.push(new Int32Array(list.length + 1));
    }
  }

  keep(position: number) {
    const tree = this.trees[this.group[position]!]!;
    const end = this.checkOut[position]!;
    for (let i = this.slot[position]! + 1; i < tree.length; i += i & -i) {
      const cur = tree[i]!;
      if (cur === 0 || this.checkOut[cur - 1]! < end) tree[i] = position + 1;
    }
  }

  /** The position of a kept visit of the same group that overlaps `position` (touching ends do not), or -1. */
  overlapping(position: number): number {
    const g = this.group[position]!;
    const tree = this.trees[g]!;
    const starts = this.starts[g]!;
    // Slots whose check-in is before our check-out (binary search).
    const until = this.checkOut[position]!;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! < until) lo = mid + 1;
      else hi = mid;
    }
    let last = 0;
    for (let i = lo; i > 0; i -= i & -i) {
      const cur = tree[i]!;
      if (cur !== 0 && (last === 0 || this.checkOut[cur - 1]! > this.checkOut[last - 1]!)) last = cur;
    }
    return last !== 0 && this.checkOut[last - 1]! > this.checkIn[position]! ? last - 1 : -1;
  }
}

const sameStaffReason = (externalId: string) => `overlaps visit ${externalId} by the same staff member for the same individual and service`;
const notTwoStaffReason = (externalId: string) => `overlaps visit ${externalId} for the same individual and service, which does not need two staff (dubbelbemanning)`;

/**
 * Step 4, double staffing (dubbelbemanning). A performed or added visit is rejected when it overlaps another
 * counting visit for the same individual and service, unless the assignment needs two staff and the other visit is
 * by someone else. The other visit is a stored one (`stored`), or an earlier visit of the batch that was itself
 * kept: the earlier one stands. Stored versions that this batch re-sends are compared in their new form only.
 * Touching ends (one ends as the other starts) do not overlap. Returns the rejections, in batch order.
 * O(n log n) in the batch (plus the stored overlaps), whatever the batch holds.
 */
export function findOverlaps(visits: readonly OverlapVisit[], stored: readonly StoredOverlap[], reportingSystem: string): Rejection[] {
  const steps = overlapSteps(visits, stored, reportingSystem);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** findOverlaps in slices that let other requests run (a batch of 5,000 visits is milliseconds of CPU). */
export async function findOverlapsInSlices(visits: readonly OverlapVisit[], stored: readonly StoredOverlap[], reportingSystem: string): Promise<Rejection[]> {
  const slice = slicer();
  const steps = overlapSteps(visits, stored, reportingSystem);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slice.due()) await slice.yield();
  }
}

/** The check, one visit per step. */
function* overlapSteps(visits: readonly OverlapVisit[], stored: readonly StoredOverlap[], reportingSystem: string): Generator<void, Rejection[]> {
  const resent = new Set(visits.map((a) => a.visit.externalId));
  const clashes = new Map<number, { externalId: string; staffId: string }[]>();
  for (const s of stored) {
    if (s.reportingSystem === reportingSystem && resent.has(s.externalId)) continue;
    const list = clashes.get(s.index);
    if (list) list.push({ externalId: s.externalId, staffId: s.staffId });
    else clashes.set(s.index, [{ externalId: s.externalId, staffId: s.staffId }]);
  }
  const counting = visits.filter((a) => countsTime(a.visit));
  const checkIn = counting.map((a) => a.checkIn);
  const checkOut = counting.map((a) => a.checkOut);
  const serviceKeys = counting.map((a) => `${a.visit.individualId}|${a.visit.serviceType}`);
  // Kept visits per individual and service, and per individual, service and staff member.
  const byService = new KeptByGroup(checkIn, checkOut, serviceKeys);
  const byStaff = new KeptByGroup(checkIn, checkOut, counting.map((a, i) => `${serviceKeys[i]}|${a.visit.staffId}`));

  yield;

  const rejections: Rejection[] = [];
  for (let i = 0; i < counting.length; i++) {
    yield;
    const a = counting[i]!;
    const blocking = (clashes.get(a.index) ?? []).find((o) => !a.needsTwoStaff || o.staffId === a.visit.staffId);
    if (blocking) {
      rejections.push({ index: a.index, reason: blocking.staffId === a.visit.staffId ? sameStaffReason(blocking.externalId) : notTwoStaffReason(blocking.externalId) });
      continue;
    }
    // The same staff member twice at once never counts; someone else at once only when two staff are granted.
    const sameStaff = byStaff.overlapping(i);
    const other = sameStaff >= 0 ? sameStaff : a.needsTwoStaff ? -1 : byService.overlapping(i);
    if (other >= 0) {
      const externalId = counting[other]!.visit.externalId;
      rejections.push({ index: a.index, reason: sameStaff >= 0 ? sameStaffReason(externalId) : notTwoStaffReason(externalId) });
      continue;
    }
    byStaff.keep(i);
    byService.keep(i);
  }
  // In batch order (stored clashes and in-batch ones are found in the same pass, in batch order already).
  return rejections;
}
