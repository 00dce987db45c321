import { DEFAULT_INCONVENIENT_HOURS_RULE, isInconvenientDay, type InconvenientHoursRule } from './inconvenient-hours.js';
import { localDateOf, nextDate, zonedToUtc } from './local-time.js';

export interface Segment {
  start: Date;
  end: Date;
  /** The local calendar date the segment lies on. */
  localDate: string;
  inconvenient: boolean;
}

export interface Split {
  normalSeconds: number;
  inconvenientSeconds: number;
  segments: Segment[];
}

/**
 * Splits [start, end) into segments at every boundary where the classification changes (the local start and end
 * of normal hours, local midnight) and at any extra split points (e.g. the instant a new rate starts). Seconds are
 * real elapsed time, so a night when the clocks change counts the hour it really had.
 */
export function splitInterval(start: Date, end: Date, rule: InconvenientHoursRule = DEFAULT_INCONVENIENT_HOURS_RULE, extraSplitPoints: Date[] = []): Split {
  const from = start.getTime();
  const to = end.getTime();
  if (!(to > from)) throw new RangeError('end must be after start');
  const tz = rule.timeZone;
  const cuts = new Set<number>();
  for (let day = localDateOf(from, tz); ; day = nextDate(day)) {
    const dayStart = zonedToUtc(day, '00:00', tz);
    if (dayStart >= to) break;
    cuts.add(dayStart);
    cuts.add(zonedToUtc(day, rule.weekdayNormalFrom, tz));
    cuts.add(zonedToUtc(day, rule.weekdayNormalTo, tz));
  }
  for (const p of extraSplitPoints) cuts.add(p.getTime());
  const points = [from, ...[...cuts].filter((c) => c > from && c < to).sort((a, b) => a - b), to];

  const segments: Segment[] = [];
  let normalMs = 0;
  let inconvenientMs = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const localDate = localDateOf(a, tz);
    const normalFrom = zonedToUtc(localDate, rule.weekdayNormalFrom, tz);
    const normalTo = zonedToUtc(localDate, rule.weekdayNormalTo, tz);
    const inconvenient = isInconvenientDay(rule, localDate) || a < normalFrom || a >= normalTo;
    if (inconvenient) inconvenientMs += b - a;
    else normalMs += b - a;
    const last = segments[segments.length - 1];
    // Merge neighbours of the same kind on the same date that were cut only by an unrelated boundary.
    if (last && last.inconvenient === inconvenient && last.localDate === localDate && last.end.getTime() === a && !extraSplitPoints.some((p) => p.getTime() === a)) {
      last.end = new Date(b);
    } else {
      segments.push({ start: new Date(a), end: new Date(b), localDate, inconvenient });
    }
  }
  return { normalSeconds: Math.round(normalMs / 1000), inconvenientSeconds: Math.round(inconvenientMs / 1000), segments };
}
