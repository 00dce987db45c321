/** Wall-clock conversions in a time zone with Intl only (no tz library), correct across daylight-saving changes. */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

// Offsets change only at transitions on a quarter hour in every zone in use, so one lookup per quarter hour
// serves every instant in it (formatToParts is the cost of splitting a visit).
const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, number>();

/** The zone's offset from UTC at an instant, in milliseconds. */
export function offsetMs(instant: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instant / QUARTER_HOUR)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  if (offsetCache.size > 200_000) offsetCache.clear();
  const offset = computeOffsetMs(Math.floor(instant / QUARTER_HOUR) * QUARTER_HOUR, timeZone);
  offsetCache.set(key, offset);
  return offset;
}

function computeOffsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The local calendar date at an instant, YYYY-MM-DD. */
export function localDateOf(instant: number, timeZone: string): string {
  return new Date(instant + offsetMs(instant, timeZone)).toISOString().slice(0, 10);
}

/**
 * The instant of a local wall-clock time on a local date. Two passes settle the offset; a time that does not
 * exist (the skipped hour in spring) resolves to the instant after the gap.
 */
export function zonedToUtc(localDate: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, min);
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return guess;
}

export const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
