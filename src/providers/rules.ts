/**
 * The pure rules of choosing a provider (förfrågningsunderlaget 1.8.8 and the city's waiting-list routine): which
 * setting holds on a day, whether a provider is selectable, whether a new home-care assignment fits, and when a new
 * assignment must be started. No I/O; tested directly.
 */
import { addDays } from '../calendar/add-days.js';
import { dayNumberOf, isoWeekdayOfDayNumber, localDateOf, localMidnight } from '../calendar/local-time.js';
import { holidayKindOn } from '../compensation/rules/swedish-holidays.js';

export const TIME_ZONE = 'Europe/Stockholm';

/** A row of history that holds from `validFrom`; among rows of the same day the later registration (`seq`) wins. */
export interface FromDay {
  validFrom: string;
  seq: number;
}

/** The row in force on `day`: the latest `validFrom` on or before it, ties to the later registration. */
export function inForceOn<T extends FromDay>(rows: readonly T[], day: string): T | undefined {
  let best: T | undefined;
  for (const r of rows) {
    if (r.validFrom > day) continue;
    if (!best || r.validFrom > best.validFrom || (r.validFrom === best.validFrom && r.seq > best.seq)) best = r;
  }
  return best;
}

export interface CapacitySetting {
  areaCodes: readonly string[];
  /** Granted hours of home care day/evening per month; null: no cap. */
  capHoursPerMonth: number | null;
}

/** Selectable (valbar): it has chosen at least one area and carries less than its cap. */
export function isSelectable(s: CapacitySetting | undefined, carriedMinutes: number): boolean {
  if (!s || s.areaCodes.length === 0) return false;
  return s.capHoursPerMonth === null || carriedMinutes < s.capHoursPerMonth * 60;
}

export type CapacityDecision =
  | { ok: true }
  | { ok: false; reason: 'wrong-area'; detail: string }
  | { ok: false; reason: 'capacity-reached'; detail: string; carriedMinutes: number; capMinutes: number };

/**
 * May a private provider be given a new home-care assignment of `grantedMinutes` a month for an individual living in
 * `areaCode`? Only in its areas (else wrong-area), and only while the granted time it carries plus the new one stays
 * within its cap (else capacity-reached). Below the cap, in its areas, it cannot refuse. A provider that has never
 * set its areas and cap is not limited (nothing to enforce).
 */
export function decideNewAssignment(s: CapacitySetting | undefined, areaCode: string | null, carriedMinutes: number, grantedMinutes: number): CapacityDecision {
  if (!s) return { ok: true };
  if (areaCode === null) return { ok: false, reason: 'wrong-area', detail: 'The individual has no area recorded; the provider is selectable only in its chosen areas.' };
  if (!s.areaCodes.includes(areaCode)) {
    return { ok: false, reason: 'wrong-area', detail: `The provider is not selectable in area ${areaCode} (its areas: ${s.areaCodes.join(', ') || 'none'}).` };
  }
  if (s.capHoursPerMonth === null) return { ok: true };
  const capMinutes = s.capHoursPerMonth * 60;
  if (carriedMinutes + grantedMinutes > capMinutes) {
    return {
      ok: false,
      reason: 'capacity-reached',
      detail: `The provider carries ${hours(carriedMinutes)} granted hours a month of its cap of ${s.capHoursPerMonth}; ${hours(grantedMinutes)} more would pass it. The individual may queue (waiting list).`,
      carriedMinutes,
      capMinutes,
    };
  }
  return { ok: true };
}

export const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/**
 * The start deadline rule, as data (1.8.8): start within `startWithinHours` of receipt when the need requires it;
 * otherwise contact the individual on the next weekday. (decision) Weekdays are Monday–Friday that are not Swedish
 * public holidays; Midsummer, Christmas and New Year's eves are not weekdays either (as in lagen 1930:173 on
 * computing statutory time limits) unless `evesAreWeekdays`.
 */
export const START_RULE = { startWithinHours: 24, evesAreWeekdays: false } as const;

/** Is `date` (YYYY-MM-DD) a weekday (vardag)? */
export function isWeekday(date: string, rule: { evesAreWeekdays: boolean } = START_RULE): boolean {
  const weekday = isoWeekdayOfDayNumber(dayNumberOf(date));
  if (weekday > 5) return false;
  const holiday = holidayKindOn(date);
  if (holiday === 'public_holiday') return false;
  if (holiday === 'eve' && !rule.evesAreWeekdays) return false;
  return true;
}

/** The first weekday after `date` (never `date` itself). */
export function nextWeekday(date: string, rule: { evesAreWeekdays: boolean } = START_RULE): string {
  let d = addDays(date, 1);
  while (!isWeekday(d, rule)) d = addDays(d, 1);
  return d;
}

export interface StartDeadline {
  /** start: the first visit is due; contact: the provider must contact the individual to agree the first visit. */
  kind: 'start' | 'contact';
  /** The instant by which it is due. */
  dueBy: Date;
  /** For contact: the weekday (local date) on which to contact the individual. */
  contactOn: string | null;
}

/** The deadline of a new assignment received at `receivedAt`. */
export function startDeadline(receivedAt: Date, startWithin24Hours: boolean, rule: { startWithinHours: number; evesAreWeekdays: boolean } = START_RULE): StartDeadline {
  if (startWithin24Hours) return { kind: 'start', dueBy: new Date(receivedAt.getTime() + rule.startWithinHours * 3_600_000), contactOn: null };
  const contactOn = nextWeekday(localDateOf(receivedAt.getTime(), TIME_ZONE), rule);
  return { kind: 'contact', dueBy: localMidnight(addDays(contactOn, 1), TIME_ZONE), contactOn };
}

/** When the deadline was met: a start by the first visit; a contact by the first contact (or a first visit, which is one). */
export function metAt(d: StartDeadline, done: { firstContactAt: Date | null; firstVisitAt: Date | null }): Date | null {
  if (d.kind === 'start') return done.firstVisitAt;
  const times = [done.firstContactAt, done.firstVisitAt].filter((t): t is Date => t !== null);
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
}

/** Overdue: not met, and the deadline has passed. */
export function isOverdue(d: StartDeadline, done: { firstContactAt: Date | null; firstVisitAt: Date | null }, now: Date): boolean {
  return metAt(d, done) === null && now.getTime() > d.dueBy.getTime();
}

/** The waiting-list order: registeredOn, ties by the earlier registration. */
export function queueOrder(a: { registeredOn: string; seq: number }, b: { registeredOn: string; seq: number }): number {
  return a.registeredOn < b.registeredOn ? -1 : a.registeredOn > b.registeredOn ? 1 : a.seq - b.seq;
}
