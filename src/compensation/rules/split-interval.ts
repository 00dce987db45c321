import { DEFAULT_INCONVENIENT_HOURS_RULE, type InconvenientHoursRule } from './inconvenient-hours.js';
import { clockMs, dateOfDayNumber, isoWeekdayOfDayNumber, localDayNumberOf, localMidnight, wallToInstant } from '../../calendar/local-time.js';
import { holidayKindOn, type HolidayKind } from './swedish-holidays.js';

export interface Segment {
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
  /** The local calendar date (YYYY-MM-DD) the segment lies on: segments never cross local midnight. */
  localDate: string;
  inconvenient: boolean;
}

export interface Split {
  normalSeconds: number;
  inconvenientSeconds: number;
  /** In time order, contiguous from start to end. */
  segments: Segment[];
}

const DAY_MS = 86_400_000;

interface LocalDay {
  date: string;
  isoWeekday: number;
  holiday: HolidayKind | undefined;
  /** Instants of local 00:00, the start and end of normal hours, and the next local 00:00. */
  start: number;
  normalFrom: number;
  normalTo: number;
  end: number;
}

// A local day's boundary instants cost several Intl calls and are the same for every visit that day, so they are
// memoised by zone, normal hours and day.
const dayMemo = new Map<string, LocalDay>();

function localDay(rule: InconvenientHoursRule, dayNumber: number): LocalDay {
  const key = `${rule.timeZone}|${rule.weekdayNormalFrom}|${rule.weekdayNormalTo}|${dayNumber}`;
  const hit = dayMemo.get(key);
  if (hit) return hit;
  const midnightWall = dayNumber * DAY_MS;
  const tz = rule.timeZone;
  const date = dateOfDayNumber(dayNumber);
  const day: LocalDay = {
    date,
    isoWeekday: isoWeekdayOfDayNumber(dayNumber),
    holiday: holidayKindOn(date),
    start: wallToInstant(midnightWall, tz),
    normalFrom: wallToInstant(midnightWall + clockMs(rule.weekdayNormalFrom), tz),
    normalTo: wallToInstant(midnightWall + clockMs(rule.weekdayNormalTo), tz),
    end: wallToInstant(midnightWall + DAY_MS, tz),
  };
  if (dayMemo.size >= 200_000) dayMemo.clear(); // bound memory
  dayMemo.set(key, day);
  return day;
}

/**
 * Splits [start, end) into segments by the rule: at local midnight (always, so each segment has one local date
 * and a rate that changes at local midnight applies cleanly), at the start and end of normal hours on days that
 * are not inconvenient all day, and at every extra split point inside the interval (e.g. a rate change instant;
 * see rateChangeSplitPoints). Boundaries are local wall-clock times turned into instants, so a daylight-saving night
 * counts the 7 or 9 hours it really had between 22:00 and 06:00, and durations are real elapsed time.
 *
 * Seconds are the segments' milliseconds summed per kind and rounded once; time reports are whole seconds, and
 * then the counts are exact. Throws RangeError unless start < end (zero-length visits are rejected too).
 */
export function splitInterval(
  start: Date,
  end: Date,
  rule: InconvenientHoursRule = DEFAULT_INCONVENIENT_HOURS_RULE,
  extraSplitPoints: readonly Date[] = [],
): Split {
  const from = start.getTime();
  const to = end.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('start and end must be valid dates');
  if (!(to > from)) throw new RangeError('end must be after start');
  const extra = [...new Set(extraSplitPoints.map((p) => p.getTime()).filter((p) => p > from && p < to))].sort((a, b) => a - b);

  const segments: Segment[] = [];
  let normalMs = 0;
  let inconvenientMs = 0;
  let nextExtra = 0;
  const push = (a: number, b: number, date: string, inconvenient: boolean) => {
    if (inconvenient) inconvenientMs += b - a;
    else normalMs += b - a;
    // Cut at the extra split points inside (a, b).
    for (; nextExtra < extra.length && extra[nextExtra]! < b; nextExtra++) {
      const p = extra[nextExtra]!;
      if (p <= a) continue;
      segments.push({ start: new Date(a), end: new Date(p), localDate: date, inconvenient });
      a = p;
    }
    segments.push({ start: new Date(a), end: new Date(b), localDate: date, inconvenient });
  };

  let cursor = from;
  for (let dayNumber = localDayNumberOf(from, rule.timeZone); cursor < to; dayNumber++) {
    const day = localDay(rule, dayNumber);
    // Same test as isInconvenientDay, on the memoised weekday and holiday.
    const wholeDay =
      rule.inconvenientWeekdays.includes(day.isoWeekday) ||
      (day.holiday === 'public_holiday' && rule.includePublicHolidays) ||
      (day.holiday === 'eve' && rule.includeEves);
    const pieces: [number, number, boolean][] = wholeDay
      ? [[day.start, day.end, true]]
      : [
          [day.start, day.normalFrom, true],
          [day.normalFrom, day.normalTo, false],
          [day.normalTo, day.end, true],
        ];
    for (const [a, b, inconvenient] of pieces) {
      const s = Math.max(a, cursor);
      const e = Math.min(b, to);
      if (e <= s) continue;
      push(s, e, day.date, inconvenient);
    }
    // max: in a zone whose clocks go back across midnight the next day can start before this one ends.
    cursor = Math.max(cursor, day.end);
  }
  return { normalSeconds: Math.round(normalMs / 1000), inconvenientSeconds: Math.round(inconvenientMs / 1000), segments };
}

/** The instants where rates with these validFrom dates start (local midnight), to pass as extra split points. */
export function rateChangeSplitPoints(validFroms: readonly string[], timeZone: string = DEFAULT_INCONVENIENT_HOURS_RULE.timeZone): Date[] {
  return validFroms.map((d) => localMidnight(d, timeZone));
}
