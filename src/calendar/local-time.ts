/**
 * Wall-clock conversions in an IANA time zone with Intl only (no tz library), correct across daylight-saving
 * changes. Pure apart from memoisation.
 */

const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23: 'en-US' with hour12: false prints midnight as "24" in some ICU versions.
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** A UTC wall clock as epoch ms; unlike Date.UTC it does not map years 0–99 to 1900–1999. */
function utcMs(y: number, month: number, d: number, h = 0, min = 0, s = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, d, h, min, s));
  date.setUTCFullYear(y, month - 1, d);
  return date.getTime();
}

/** Offset (local − UTC) in ms at an instant, straight from Intl. Offsets are whole seconds, so the ms are dropped. */
function computeOffsetMs(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(whole))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return utcMs(p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!) - whole;
}

// formatToParts dominates the cost of splitting a visit, so offsets are memoised per quarter hour of instants.
// A quarter hour is only memoised when its first and last second agree (no transition inside), so the memo is
// exact even for zones whose historical transitions are not on a quarter hour.
const MIXED = Number.NaN;
const offsetMemo = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at an instant, in milliseconds (local = UTC + offset). */
export function offsetMs(instant: number, timeZone: string): number {
  let memo = offsetMemo.get(timeZone);
  if (!memo) offsetMemo.set(timeZone, (memo = new Map()));
  const bucket = Math.floor(instant / QUARTER_HOUR_MS);
  const hit = memo.get(bucket);
  if (hit !== undefined && !Number.isNaN(hit)) return hit;
  if (hit === undefined) {
    const first = computeOffsetMs(bucket * QUARTER_HOUR_MS, timeZone);
    const last = computeOffsetMs(bucket * QUARTER_HOUR_MS + QUARTER_HOUR_MS - 1, timeZone);
    if (memo.size >= 500_000) memo.clear(); // bound memory; ~14 years of quarter hours per zone
    memo.set(bucket, first === last ? first : MIXED);
    if (first === last) return first;
  }
  return computeOffsetMs(instant, timeZone);
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (calendar arithmetic without time zones). */
export function dayNumberOf(localDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${localDate}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = utcMs(y, mo, d);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw new RangeError(`no such date: ${localDate}`);
  return ms / DAY_MS;
}

/** The YYYY-MM-DD date of a day number (years 0–9999). */
export function dateOfDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export function isoWeekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7 + 1;
}

/** The local day number (days since 1970-01-01 on the local calendar) at an instant. */
export function localDayNumberOf(instant: number, timeZone: string): number {
  return Math.floor((instant + offsetMs(instant, timeZone)) / DAY_MS);
}

/** The local calendar date at an instant, YYYY-MM-DD. */
export function localDateOf(instant: number, timeZone: string): string {
  return dateOfDayNumber(localDayNumberOf(instant, timeZone));
}

/**
 * The instant a local wall clock reaches `wallMs` (a local date and time written as if it were UTC).
 * - Ordinary time: the one instant showing it.
 * - Repeated time (autumn, e.g. 02:30 in Stockholm on the last Sunday of October): the FIRST occurrence, the
 *   moment the clock first reaches it, so time between two boundaries is the real elapsed time.
 * - Skipped time (spring, e.g. 02:30 on the last Sunday of March): the transition itself (03:00 CEST), the first
 *   instant whose clock is at or past it — a boundary inside the gap takes effect when the gap ends.
 */
export function wallToInstant(wallMs: number, timeZone: string): number {
  // Offsets a day either side cover every instant that can show this wall clock (offsets are within ±18 h) and
  // at most one transition, so they are the only candidates.
  const offsets = new Set([offsetMs(wallMs - DAY_MS, timeZone), offsetMs(wallMs, timeZone), offsetMs(wallMs + DAY_MS, timeZone)]);
  let best: number | undefined;
  for (const o of offsets) {
    const u = wallMs - o;
    if (offsetMs(u, timeZone) === o && (best === undefined || u < best)) best = u;
  }
  if (best !== undefined) return best;
  // In a gap: the transition lies in (wall − larger offset, wall − smaller offset]; wall clock (u + offset(u)) is
  // non-decreasing there, so search for the first instant at or past wallMs.
  const sorted = [...offsets].sort((a, b) => a - b);
  let lo = wallMs - sorted[sorted.length - 1]!; // clock before wallMs
  let hi = wallMs - sorted[0]!; // clock past wallMs
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (mid + offsetMs(mid, timeZone) >= wallMs) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Parses HH:MM (00:00–23:59) to ms after midnight. */
export function clockMs(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`not an HH:MM time: ${hhmm}`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/** The instant of a local wall-clock time (HH:MM) on a local date; see wallToInstant for skipped and repeated times. */
export function zonedToUtc(localDate: string, hhmm: string, timeZone: string): number {
  return wallToInstant(dayNumberOf(localDate) * DAY_MS + clockMs(hhmm), timeZone);
}

/** Local midnight (start of the local day) of a date: where a rate with that validFrom starts. */
export function localMidnight(localDate: string, timeZone: string): Date {
  return new Date(wallToInstant(dayNumberOf(localDate) * DAY_MS, timeZone));
}
