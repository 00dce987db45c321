/** Swedish public holidays (allmänna helgdagar) and the eves this project treats alike, for any year. Pure. */

export type HolidayKind = 'public_holiday' | 'eve';
export interface Holiday {
  date: string;
  name: string;
  kind: HolidayKind;
}

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The Saturday in [from, from + 6]. */
const saturdayFrom = (y: number, m: number, d: number) => {
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return iso(y, m, d + ((6 - dow + 7) % 7));
};

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

const cache = new Map<number, Holiday[]>();

/** Holidays of a year in date order: the statutory ones (lagen om allmänna helgdagar) and the three eves. */
export function swedishHolidays(year: number): Holiday[] {
  const hit = cache.get(year);
  if (hit) return hit;
  const easter = easterSunday(year);
  const midsummerDay = saturdayFrom(year, 6, 20);
  const list: Holiday[] = [
    { date: iso(year, 1, 1), name: 'Nyårsdagen', kind: 'public_holiday' },
    { date: iso(year, 1, 6), name: 'Trettondedag jul', kind: 'public_holiday' },
    { date: addDays(easter, -2), name: 'Långfredagen', kind: 'public_holiday' },
    { date: easter, name: 'Påskdagen', kind: 'public_holiday' },
    { date: addDays(easter, 1), name: 'Annandag påsk', kind: 'public_holiday' },
    { date: iso(year, 5, 1), name: 'Första maj', kind: 'public_holiday' },
    { date: addDays(easter, 39), name: 'Kristi himmelsfärdsdag', kind: 'public_holiday' },
    { date: addDays(easter, 49), name: 'Pingstdagen', kind: 'public_holiday' },
    { date: iso(year, 6, 6), name: 'Sveriges nationaldag', kind: 'public_holiday' },
    { date: addDays(midsummerDay, -1), name: 'Midsommarafton', kind: 'eve' },
    { date: midsummerDay, name: 'Midsommardagen', kind: 'public_holiday' },
    { date: saturdayFrom(year, 10, 31), name: 'Alla helgons dag', kind: 'public_holiday' },
    { date: iso(year, 12, 24), name: 'Julafton', kind: 'eve' },
    { date: iso(year, 12, 25), name: 'Juldagen', kind: 'public_holiday' },
    { date: iso(year, 12, 26), name: 'Annandag jul', kind: 'public_holiday' },
    { date: iso(year, 12, 31), name: 'Nyårsafton', kind: 'eve' },
  ].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0)) as Holiday[];
  cache.set(year, list);
  return list;
}
