import { localDate } from '../calendar/local-date.js';
import type { OrganisationKind } from '../db/schema/kinds.js';
import type { FieldError } from '../http/problem.js';
import { providerKindOf, type ProviderKind } from './common.js';
import { visitSchema, type Visit, type VisitInput } from './schemas.js';
import { parsePersonalIdentityNumber } from '../directory/personal-identity-number.js';
import { mapInSlices } from './slices.js';

// The pure checks of a time-report batch: each visit on its own, then each against what the database says of it.
// No I/O here: ingest.ts reads the context (ingest.sql.ts) and writes what these checks accept.

const MAX_VISIT_SECONDS = 24 * 3600;

/** A visit that passed its own checks, times in whole epoch seconds (fractions dropped). */
export interface Candidate {
  /** Position in the batch. */
  index: number;
  visit: Visit;
  checkIn: number;
  checkOut: number;
  plannedStart: number | null;
  plannedEnd: number | null;
  /** The local date (Europe/Stockholm) of check-in: the day the service overview must cover. */
  day: string;
}

/**
 * A visit that passed its own checks but names its individual by personal identity number or its unit by its
 * external code: a Candidate once both are looked up (resolveVisits).
 */
export interface Pending extends Omit<Candidate, 'visit'> {
  visit: VisitInput;
  /** The 12-digit form to look up, or null when the visit names the individual by id. Never logged. */
  personalIdentityNumber: string | null;
  /** The unit's external code to look up, or null when the visit names the unit by id. */
  unitCode: string | null;
}

export interface Rejection {
  index: number;
  reason: string;
  errors?: FieldError[];
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The externalId as the batch sent it (trimmed), for the outcome of a visit that is not even well formed. */
export function externalIdOf(item: unknown): string | null {
  const id = (item as { externalId?: unknown } | null)?.externalId;
  return typeof id === 'string' ? id.trim() : null;
}

const at = (index: number, field: string) => `body.visits.${index}.${field}`;

/**
 * Step 1 for one visit: its shape (the schema: fields, formats, the visit window, no NUL), an externalId already
 * seen earlier in the batch (`seen`, updated), check-out after check-in, less than 24 hours, planned end after
 * planned start. Field errors name their path in the request (`body.visits.17.checkIn`).
 */
export function checkVisit(item: unknown, index: number, seen: Set<string>): Candidate | Pending | Rejection {
  const reject = (reason: string, errors?: FieldError[]): Rejection => ({ index, reason, ...(errors ? { errors } : {}) });
  const parsed = visitSchema.safeParse(item);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: ['body', 'visits', index, ...i.path].join('.'), message: i.message }));
    return reject(`not a valid visit: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
  }
  const visit = parsed.data;
  if (seen.has(visit.externalId)) {
    return reject('the externalId appears more than once in this batch; send corrections in a later batch', [{ path: at(index, 'externalId'), message: 'repeated in this batch' }]);
  }
  seen.add(visit.externalId);
  const checkIn = seconds(visit.checkIn);
  const checkOut = seconds(visit.checkOut);
  if (checkOut <= checkIn) return reject('checkOut must be after checkIn', [{ path: at(index, 'checkOut'), message: 'must be after checkIn' }]);
  if (checkOut - checkIn >= MAX_VISIT_SECONDS) return reject('a visit must last less than 24 hours', [{ path: at(index, 'checkOut'), message: 'less than 24 hours after checkIn' }]);
  const plannedStart = visit.plannedStart ? seconds(visit.plannedStart) : null;
  const plannedEnd = visit.plannedEnd ? seconds(visit.plannedEnd) : null;
  if (plannedStart !== null && plannedEnd !== null && plannedEnd <= plannedStart) {
    return reject('plannedEnd must be after plannedStart', [{ path: at(index, 'plannedEnd'), message: 'must be after plannedStart' }]);
  }
  const times = { index, checkIn, checkOut, plannedStart, plannedEnd, day: localDate(new Date(checkIn * 1000)) };
  const { individualId, personalIdentityNumber, unitId, unitCode, ...rest } = visit;
  if (individualId !== undefined && unitId !== undefined) return { ...times, visit: { ...rest, individualId, unitId } };
  // The schema checked the number; here only its 12-digit form is taken.
  const pin = personalIdentityNumber === undefined ? null : parsePersonalIdentityNumber(personalIdentityNumber);
  return { ...times, visit, personalIdentityNumber: pin?.ok ? pin.normalised : null, unitCode: unitCode ?? null };
}

const isRejection = (c: Candidate | Pending | Rejection): c is Rejection => !('visit' in c);
const isPending = (c: Candidate | Pending): c is Pending => 'unitCode' in c;

export interface CheckedBatch {
  /** Named by ids: ready for step 3. */
  candidates: Candidate[];
  /** Named by personal identity number or unit code: to look up (resolveVisits), then step 3. */
  pending: Pending[];
  rejections: Rejection[];
}

/** Step 1 for a whole batch, in batch order. */
export function checkVisits(raw: readonly unknown[]): CheckedBatch {
  const seen = new Set<string>();
  return split(raw.map((item, index) => checkVisit(item, index, seen)));
}

/** Step 1 for a whole batch, in slices that let other requests run (5,000 visits are tens of milliseconds). */
export async function checkVisitsInSlices(raw: readonly unknown[]): Promise<CheckedBatch> {
  const seen = new Set<string>();
  return split(await mapInSlices(raw, (item, index) => checkVisit(item, index, seen)));
}

function split(checked: (Candidate | Pending | Rejection)[]): CheckedBatch {
  const out: CheckedBatch = { candidates: [], pending: [], rejections: [] };
  for (const c of checked) {
    if (isRejection(c)) out.rejections.push(c);
    else if (isPending(c)) out.pending.push(c);
    else out.candidates.push(c);
  }
  return out;
}

/** What the directory says of the numbers and codes a batch names: the individual's id by number, the unit's by code. */
export interface References {
  individualByPin: ReadonlyMap<string, string>;
  unitByCode: ReadonlyMap<string, string>;
}

/**
 * Step 2, pure: a pending visit with its individual and unit named by id, or its own rejection when the number or the
 * code names no one. The reason never repeats the number.
 */
export function resolveVisit(p: Pending, refs: References): Candidate | Rejection {
  const { personalIdentityNumber, unitCode, visit, ...times } = p;
  const individualId = personalIdentityNumber === null ? visit.individualId : refs.individualByPin.get(personalIdentityNumber);
  if (individualId === undefined) {
    return { index: p.index, reason: 'no individual is registered with this personal identity number', errors: [{ path: at(p.index, 'personalIdentityNumber'), message: 'not in the register' }] };
  }
  const unitId = unitCode === null ? visit.unitId : refs.unitByCode.get(unitCode);
  if (unitId === undefined) {
    return { index: p.index, reason: 'no unit is registered with this unitCode', errors: [{ path: at(p.index, 'unitCode'), message: 'no unit has this code' }] };
  }
  const { individualId: _i, personalIdentityNumber: _p, unitId: _u, unitCode: _c, ...rest } = visit;
  return { ...times, visit: { ...rest, individualId, unitId } };
}

/** Step 2 for the pending visits of a batch: candidates and rejections, in batch order. */
export function resolveVisits(pending: readonly Pending[], refs: References): { candidates: Candidate[]; rejections: Rejection[] } {
  const candidates: Candidate[] = [];
  const rejections: Rejection[] = [];
  for (const p of pending) {
    const r = resolveVisit(p, refs);
    if (isRejection(r)) rejections.push(r);
    else candidates.push(r);
  }
  return { candidates, rejections };
}

/** The counting version of a visit as stored (same reporting system and externalId), times in epoch seconds. */
export interface StoredVersion {
  id: string;
  version: number;
  reportingOrganisationId: string;
  individualId: string;
  unitId: string;
  staffId: string;
  serviceType: string;
  status: string;
  checkIn: number;
  checkOut: number;
  plannedStart: number | null;
  plannedEnd: number | null;
}

/** What the database says of a candidate: its unit, its staff member, the assignment that covers it, its current version. */
export interface VisitContext {
  /** Null: no such unit. */
  unitOrganisationId: string | null;
  organisationKind: OrganisationKind | null;
  /** Null: no such staff member. */
  staffOrganisationId: string | null;
  /** The service assignment (insats) of this unit, individual and service on the day; null: none. */
  assignmentId: string | null;
  needsTwoStaff: boolean;
  current: StoredVersion | null;
}

/** A visit to store: a new visit or a correction of the current version. */
export interface Accepted extends Candidate {
  version: number;
  outcome: 'created' | 'corrected';
  /** The version it replaces. */
  supersedes: string | null;
  organisationId: string;
  providerKind: ProviderKind;
  assignmentId: string;
  needsTwoStaff: boolean;
}

export type Verdict =
  | { outcome: 'unchanged'; timeReportId: string; version: number }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'accepted'; visit: Accepted };

/** The same visit re-sent (a retry): every reported field equal to the current version's. */
export function isSameVisit(c: Candidate, cur: StoredVersion): boolean {
  const v = c.visit;
  return (
    cur.individualId === v.individualId &&
    cur.unitId === v.unitId &&
    cur.staffId === v.staffId &&
    cur.serviceType === v.serviceType &&
    cur.status === v.status &&
    cur.checkIn === c.checkIn &&
    cur.checkOut === c.checkOut &&
    cur.plannedStart === c.plannedStart &&
    cur.plannedEnd === c.plannedEnd
  );
}

/**
 * Step 3, a candidate against its context, for a reporting system bound to `reportingOrganisationId`: unchanged
 * (a retry), rejected with the reason, or accepted as a new visit or a correction.
 */
export function classifyVisit(c: Candidate, ctx: VisitContext, reportingOrganisationId: string): Verdict {
  const cur = ctx.current;
  // A correction never moves a visit between organisations: the version in force was reported for another one.
  if (cur && cur.reportingOrganisationId !== reportingOrganisationId) return { outcome: 'rejected', reason: 'the visit was reported for another organisation' };
  if (cur && isSameVisit(c, cur)) return { outcome: 'unchanged', timeReportId: cur.id, version: cur.version };
  const reject = (reason: string): Verdict => ({ outcome: 'rejected', reason });
  if (!ctx.unitOrganisationId || !ctx.organisationKind) return reject('unknown unit');
  if (ctx.unitOrganisationId !== reportingOrganisationId) return reject('the unit belongs to another organisation than the reporting system’s');
  if (!ctx.staffOrganisationId) return reject('unknown staff member');
  if (ctx.staffOrganisationId !== ctx.unitOrganisationId) return reject('the staff member does not belong to the unit’s organisation');
  if (!ctx.assignmentId) return reject(`the unit does not perform ${c.visit.serviceType} for this individual on ${c.day} (service overview)`);
  return {
    outcome: 'accepted',
    visit: {
      ...c,
      version: (cur?.version ?? 0) + 1,
      outcome: cur ? 'corrected' : 'created',
      supersedes: cur?.id ?? null,
      organisationId: ctx.unitOrganisationId,
      providerKind: providerKindOf(ctx.organisationKind),
      assignmentId: ctx.assignmentId,
      needsTwoStaff: ctx.needsTwoStaff,
    },
  };
}

/** Declined visits pay nothing and never overlap. */
export const countsTime = (v: { status: string }) => v.status !== 'declined';
