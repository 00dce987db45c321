/**
 * The pure rules of the default provider (ickevalsalternativ, LOV 9 kap. 2 §): which policy holds on a day, whether a
 * provider is qualified and participating, and the order of the rotation (turordning). No I/O; tested directly.
 */
import { inForceOn } from '../providers/rules.js';

export interface Policy {
  id: string;
  validFrom: string;
  model: 'municipal' | 'rotation';
  participation: 'voluntary' | 'mandatory' | null;
  qualificationMonths: number | null;
}

/** The policy in force on `day`: the latest `validFrom` on or before it (one policy per day, unique). */
export function policyOn<P extends { validFrom: string }>(policies: readonly P[], day: string): P | undefined {
  return inForceOn(
    policies.map((p) => ({ ...p, seq: 0 })),
    day,
  );
}

/** `date` plus whole months, clamped to the month's last day (2020-01-31 + 1 month = 2020-02-29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface QualificationEvent {
  event: 'approved' | 'revoked';
  effectiveOn: string;
  seq: number;
}

/**
 * Qualified on `day`: the latest event on or before it is an approval, and it has not lapsed (`months` after its
 * day; null: until revoked). A lapsed approval needs a new one: the period a provider stays in the rotation.
 */
export function qualifiedOn(events: readonly QualificationEvent[], day: string, months: number | null): boolean {
  const last = inForceOn(
    events.map((e) => ({ ...e, validFrom: e.effectiveOn })),
    day,
  );
  if (!last || last.event !== 'approved') return false;
  return months === null || day < addMonths(last.effectiveOn, months);
}

export interface ParticipationRow {
  participates: 'in' | 'out';
  unitId: string | null;
  validFrom: string;
  seq: number;
}

/**
 * In the rotation of an area on `day`: voluntary, when the latest choice in force is `in`; mandatory, every
 * qualified provider selectable-in-principle in the area (its capacity areas), whatever it chose.
 */
export function participatesOn(rows: readonly ParticipationRow[], day: string, participation: 'voluntary' | 'mandatory', inCapacityAreas: boolean): boolean {
  if (participation === 'mandatory') return inCapacityAreas;
  return inForceOn(rows, day)?.participates === 'in';
}

export interface Candidate {
  organisationId: string;
  /** The seq of its last allocation in the area (null: never allocated there). */
  lastAllocationSeq: number | null;
  /** The seq of the choice that put it in the rotation (or 0), so newcomers queue in the order they joined. */
  joinedSeq: number;
}

/**
 * Turordning: the provider that has waited longest since its last allocation in the area comes first; those never
 * allocated come before all others, in the order they joined; ties by organisation id (stable, never by chance).
 */
export function turnOrder(a: Candidate, b: Candidate): number {
  if (a.lastAllocationSeq !== b.lastAllocationSeq) {
    if (a.lastAllocationSeq === null) return -1;
    if (b.lastAllocationSeq === null) return 1;
    return a.lastAllocationSeq - b.lastAllocationSeq;
  }
  if (a.joinedSeq !== b.joinedSeq) return a.joinedSeq - b.joinedSeq;
  return a.organisationId < b.organisationId ? -1 : a.organisationId > b.organisationId ? 1 : 0;
}
