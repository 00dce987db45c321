import { z } from 'zod';
import { dayNumberOf, isoWeekdayOfDayNumber } from '../../calendar/local-time.js';
import { holidayKindOn } from './swedish-holidays.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (00:00–23:59)');

/**
 * Which hours are inconvenient (obekväm arbetstid), kept as plain serialisable data so it can live in a DB row or
 * configuration rather than in code. Hours are local wall-clock time in `timeZone`; holidays are Sweden's.
 */
export const inconvenientHoursRuleSchema = z
  .strictObject({
    timeZone: z
      .string()
      .min(1)
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'unknown IANA time zone')
      .describe('IANA time zone of the wall-clock hours, e.g. Europe/Stockholm'),
    weekdayNormalFrom: clock.describe('Start of normal hours on an ordinary weekday (local time, inclusive)'),
    weekdayNormalTo: clock.describe('End of normal hours on an ordinary weekday (local time, exclusive)'),
    inconvenientWeekdays: z
      .array(z.number().int().min(1).max(7))
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'no repeated weekdays')
      .describe('ISO weekdays (1 = Monday … 7 = Sunday) that are inconvenient all day'),
    includePublicHolidays: z.boolean().describe('Swedish public holidays are inconvenient all day'),
    includeEves: z.boolean().describe('Midsummer, Christmas and New Year’s eves (not statutory holidays) are inconvenient all day'),
  })
  .refine((r) => r.weekdayNormalFrom < r.weekdayNormalTo, { path: ['weekdayNormalTo'], message: 'must be after weekdayNormalFrom' })
  .meta({ id: 'InconvenientHoursRule' });

export type InconvenientHoursRule = z.infer<typeof inconvenientHoursRuleSchema>;

/**
 * The project's default where the sources only say "evening and night hours, weekends, public holidays":
 * weekdays 19:00–07:00, all of Saturdays, Sundays, public holidays and the three eves, in Göteborg's time.
 * Frozen so no caller can change the default for everyone.
 */
export const DEFAULT_INCONVENIENT_HOURS_RULE: InconvenientHoursRule = Object.freeze({
  timeZone: 'Europe/Stockholm',
  weekdayNormalFrom: '07:00',
  weekdayNormalTo: '19:00',
  inconvenientWeekdays: Object.freeze([6, 7]) as number[],
  includePublicHolidays: true,
  includeEves: true,
});

/** Whether a whole local date (YYYY-MM-DD) is inconvenient: an inconvenient weekday, or a holiday/eve the rule includes. */
export function isInconvenientDay(rule: InconvenientHoursRule, localDate: string): boolean {
  if (rule.inconvenientWeekdays.includes(isoWeekdayOfDayNumber(dayNumberOf(localDate)))) return true;
  const kind = holidayKindOn(localDate);
  return (kind === 'public_holiday' && rule.includePublicHolidays) || (kind === 'eve' && rule.includeEves);
}
