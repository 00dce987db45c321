import { z } from 'zod';
import { swedishHolidays } from './swedish-holidays.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/**
 * Which hours are inconvenient (obekväm arbetstid), as data so the city can change it. The default is this
 * project's decision where the sources are silent: weekdays 19:00–07:00, all of Saturdays, Sundays, public
 * holidays and Midsummer, Christmas and New Year's eves, in Göteborg's local time.
 */
export const inconvenientHoursRuleSchema = z
  .strictObject({
    timeZone: z.string().min(1).refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone'),
    weekdayNormalFrom: clock.describe('Start of normal hours on an ordinary weekday'),
    weekdayNormalTo: clock.describe('End of normal hours on an ordinary weekday'),
    inconvenientWeekdays: z.array(z.number().int().min(1).max(7)).max(7).describe('ISO weekdays (1 = Monday) that are inconvenient all day'),
    includePublicHolidays: z.boolean(),
    includeEves: z.boolean().describe('Midsummer, Christmas and New Year’s eves (not statutory holidays)'),
  })
  .refine((r) => r.weekdayNormalFrom < r.weekdayNormalTo, { path: ['weekdayNormalTo'], message: 'must be after weekdayNormalFrom' })
  .meta({ id: 'InconvenientHoursRule' });

export type InconvenientHoursRule = z.infer<typeof inconvenientHoursRuleSchema>;

export const DEFAULT_INCONVENIENT_HOURS_RULE: InconvenientHoursRule = {
  timeZone: 'Europe/Stockholm',
  weekdayNormalFrom: '07:00',
  weekdayNormalTo: '19:00',
  inconvenientWeekdays: [6, 7],
  includePublicHolidays: true,
  includeEves: true,
};

/** The whole local day is inconvenient (weekend day, holiday or eve under the rule). */
export function isInconvenientDay(rule: InconvenientHoursRule, localDate: string): boolean {
  const dow = new Date(`${localDate}T00:00:00Z`).getUTCDay() || 7;
  if (rule.inconvenientWeekdays.includes(dow)) return true;
  return swedishHolidays(Number(localDate.slice(0, 4))).some(
    (h) => h.date === localDate && ((h.kind === 'public_holiday' && rule.includePublicHolidays) || (h.kind === 'eve' && rule.includeEves)),
  );
}
