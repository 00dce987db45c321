import { DEFAULT_INCONVENIENT_HOURS_RULE, splitInterval, type InconvenientHoursRule } from './rules/index.js';

export interface DaySegment {
  localDate: string;
  normalSeconds: number;
  inconvenientSeconds: number;
}

/**
 * A visit's time per local date (Europe/Stockholm), in normal and inconvenient seconds, by the pure calendar rule.
 * Computed once when the visit is stored; rates are joined by date in SQL, so a rate change (at local midnight) needs
 * no recomputation. The first element is the day of check-in.
 */
export function segmentsOf(checkIn: Date, checkOut: Date, rule: InconvenientHoursRule = DEFAULT_INCONVENIENT_HOURS_RULE): DaySegment[] {
  const days: DaySegment[] = [];
  for (const s of splitInterval(checkIn, checkOut, rule).segments) {
    let day = days[days.length - 1];
    if (!day || day.localDate !== s.localDate) days.push((day = { localDate: s.localDate, normalSeconds: 0, inconvenientSeconds: 0 }));
    const seconds = Math.round((s.end.getTime() - s.start.getTime()) / 1000);
    if (s.inconvenient) day.inconvenientSeconds += seconds;
    else day.normalSeconds += seconds;
  }
  return days;
}
