/**
 * Swedish public holidays (allmänna helgdagar, lagen 1989:253) and the three eves this project treats alike.
 * Pure, computed from the date of Easter; memoised per year.
 *
 * The set is today's law (since 2005: Sveriges nationaldag instead of Annandag pingst) applied to every year;
 * compensation for performed time only starts in 2019, so earlier law is not modelled.
 */

export type HolidayKind = 'public_holiday' | 'eve';

export interface Holiday {
  /** Local calendar date, YYYY-MM-DD. */
  readonly date: string;
  /** Swedish name. */
  readonly name: string;
  /** Eves (Midsummer, Christmas and New Year's eve) are not statutory; configuration may exclude them. */
  readonly kind: HolidayKind;
}

/** Years the Gregorian Easter rule covers and dates print as YYYY (Sweden has been Gregorian since 1753). */
export const MIN_HOLIDAY_YEAR = 1753;
export const MAX_HOLIDAY_YEAR = 9999;

const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a calendar date; setUTCFullYear keeps years below 100 literal. */
function dayNumber(y: number, m: number, d: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getTime() / DAY_MS;
}
const dateOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** Day number of the Saturday in [date, date + 6]; 1970-01-01 (day 0) was a Thursday, so Saturdays are ≡ 2 mod 7. */
const saturdayOnOrAfter = (n: number) => n + ((((2 - n) % 7) + 7) % 7);

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_HOLIDAY_YEAR || year > MAX_HOLIDAY_YEAR) {
    throw new RangeError(`year must be an integer in ${MIN_HOLIDAY_YEAR}–${MAX_HOLIDAY_YEAR}: ${year}`);
  }
}

/** Day number of Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterDayNumber(year: number): number {
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
  return dayNumber(year, month, day);
}

/** Easter Sunday of a Gregorian year, YYYY-MM-DD. */
export function easterSunday(year: number): string {
  checkYear(year);
  return dateOf(easterDayNumber(year));
}

const memo = new Map<number, readonly Holiday[]>();

/** A year's holidays in date order: the statutory ones and (kind 'eve') Midsommarafton, Julafton, Nyårsafton. */
export function swedishHolidays(year: number): readonly Holiday[] {
  const hit = memo.get(year);
  if (hit) return hit;
  checkYear(year);
  const easter = easterDayNumber(year);
  const midsummerDay = saturdayOnOrAfter(dayNumber(year, 6, 20));
  const fixed = (m: number, d: number) => dayNumber(year, m, d);
  const list: [number, string, HolidayKind][] = [
    [fixed(1, 1), 'Nyårsdagen', 'public_holiday'],
    [fixed(1, 6), 'Trettondedag jul', 'public_holiday'],
    [easter - 2, 'Långfredagen', 'public_holiday'],
    [easter, 'Påskdagen', 'public_holiday'],
    [easter + 1, 'Annandag påsk', 'public_holiday'],
    [fixed(5, 1), 'Första maj', 'public_holiday'],
    [easter + 39, 'Kristi himmelsfärdsdag', 'public_holiday'],
    [easter + 49, 'Pingstdagen', 'public_holiday'],
    [fixed(6, 6), 'Sveriges nationaldag', 'public_holiday'],
    [midsummerDay - 1, 'Midsommarafton', 'eve'],
    [midsummerDay, 'Midsommardagen', 'public_holiday'],
    [saturdayOnOrAfter(fixed(10, 31)), 'Alla helgons dag', 'public_holiday'],
    [fixed(12, 24), 'Julafton', 'eve'],
    [fixed(12, 25), 'Juldagen', 'public_holiday'],
    [fixed(12, 26), 'Annandag jul', 'public_holiday'],
    [fixed(12, 31), 'Nyårsafton', 'eve'],
  ];
  // Frozen because the memoised array is shared by every caller. Two entries can share a date (Kristi
  // himmelsfärdsdag on Första maj, e.g. 2008; Pingstdagen on the National Day, e.g. 2049); both are kept.
  const holidays = Object.freeze(
    list
      .sort((x, y) => x[0] - y[0])
      .map(([n, name, kind]) => Object.freeze({ date: dateOf(n), name, kind })),
  );
  memo.set(year, holidays);
  return holidays;
}

const byDateMemo = new Map<number, ReadonlyMap<string, HolidayKind>>();

/** The kind of holiday on a local date, or undefined. Only public holidays can coincide, so the kind is unique. */
export function holidayKindOn(localDate: string): HolidayKind | undefined {
  const year = Number(localDate.slice(0, 4));
  let byDate = byDateMemo.get(year);
  if (!byDate) {
    byDate = new Map(swedishHolidays(year).map((h) => [h.date, h.kind]));
    byDateMemo.set(year, byDate);
  }
  return byDate.get(localDate);
}
