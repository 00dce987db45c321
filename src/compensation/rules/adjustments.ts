import { lineAmountOre } from './money.js';

// Justering (adjustment) of a closed month, as pure arithmetic. A statement line is rounded once from its exact sums
// of seconds, so a visit's own amount is not what it adds to a line. A visit's adjustment is the change it makes to
// the amounts of the lines it touches: the line before it minus the line after it, in the order the changes come.
// The differences telescope, so the frozen statement plus its adjustments always equals the statement over the current
// versions, to the öre.

export interface Seconds {
  normalSeconds: number;
  inconvenientSeconds: number;
}

export interface Rate {
  hourlyOre: number;
  inconvenientOre: number;
}

/** What one version of a visit adds to one statement line (declined versions add no seconds). */
export interface Contribution extends Seconds {
  /** The line: month, unit, individual, provider kind and rate period. */
  lineKey: string;
}

/** One visit changing in one closed month: what its old version added there, and what its new version adds. */
export interface VisitChange {
  before: readonly Contribution[];
  after: readonly Contribution[];
}

export interface AdjustmentAmount extends Seconds {
  /** Signed: negative when the change lowers what the month pays. */
  amountOre: number;
}

const sum = (cs: readonly Seconds[]): Seconds => cs.reduce((a, c) => ({ normalSeconds: a.normalSeconds + c.normalSeconds, inconvenientSeconds: a.inconvenientSeconds + c.inconvenientSeconds }), { normalSeconds: 0, inconvenientSeconds: 0 });

/**
 * The amount of each change, applied in order to the lines as they stand (`lines`: the current sums per line key,
 * before any of the changes; not modified). `rateOf` gives the rate of a line key.
 */
export function adjustmentAmounts(lines: ReadonlyMap<string, Seconds>, rateOf: (lineKey: string) => Rate, changes: readonly VisitChange[]): AdjustmentAmount[] {
  const state = new Map<string, Seconds>();
  const current = (key: string) => state.get(key) ?? lines.get(key) ?? { normalSeconds: 0, inconvenientSeconds: 0 };
  return changes.map((change) => {
    const keys = new Set([...change.before, ...change.after].map((c) => c.lineKey));
    let amountOre = 0;
    for (const key of keys) {
      const was = current(key);
      const removed = sum(change.before.filter((c) => c.lineKey === key));
      const added = sum(change.after.filter((c) => c.lineKey === key));
      const now = { normalSeconds: was.normalSeconds - removed.normalSeconds + added.normalSeconds, inconvenientSeconds: was.inconvenientSeconds - removed.inconvenientSeconds + added.inconvenientSeconds };
      if (now.normalSeconds < 0 || now.inconvenientSeconds < 0) throw new RangeError(`line ${key} would have negative seconds`);
      const rate = rateOf(key);
      amountOre += lineAmountOre(now.normalSeconds, now.inconvenientSeconds, rate) - lineAmountOre(was.normalSeconds, was.inconvenientSeconds, rate);
      state.set(key, now);
    }
    const before = sum(change.before);
    const after = sum(change.after);
    return { normalSeconds: after.normalSeconds - before.normalSeconds, inconvenientSeconds: after.inconvenientSeconds - before.inconvenientSeconds, amountOre };
  });
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Where an adjustment of closed month `month` is paid: the first month after it that is not closed. */
export function firstOpenMonthAfter(month: string, closed: ReadonlySet<string>): string {
  let m = nextMonth(month);
  while (closed.has(m)) m = nextMonth(m);
  return m;
}

/**
 * The first day of the rate period a local day falls in within its month (as the statement query cuts it): the latest
 * rate start after the month's first day and on or before the day, else the month's first day.
 */
export function ratePeriodStart(day: string, monthFrom: string, rateStarts: readonly string[]): string {
  let start = monthFrom;
  for (const s of rateStarts) if (s > monthFrom && s <= day && s > start) start = s;
  return start;
}
