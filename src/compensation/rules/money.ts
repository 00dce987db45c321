/**
 * Money is integer öre; time is integer seconds. Products go through BigInt so nothing drifts as floats would,
 * and rounding (half up) happens once, at the end.
 */

export type ProviderKind = 'municipal' | 'private';

export interface RateRow {
  /** First local date (YYYY-MM-DD) the row applies; it applies until the next row of the same provider kind. */
  validFrom: string;
  providerKind: ProviderKind;
  hourlyOre: number;
  inconvenientOre: number;
}

function nonNegativeInteger(name: string, v: number): bigint {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative safe integer: ${v}`);
  return BigInt(v);
}

function toSafeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount exceeds Number.MAX_SAFE_INTEGER öre');
  return Number(v);
}

/** n / d rounded half up, for n ≥ 0 and d > 0: floor((2n + d) / 2d). */
const divideHalfUp = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);

/** seconds × hourly rate / 3600, rounded half up once. */
export function amountOre(seconds: number, hourlyRateOre: number): number {
  return toSafeNumber(divideHalfUp(nonNegativeInteger('seconds', seconds) * nonNegativeInteger('hourlyRateOre', hourlyRateOre), 3600n));
}

/**
 * A statement line's amount: normal and inconvenient seconds at their rates, summed exactly and rounded once
 * (half up), so a line never carries two roundings.
 */
export function lineAmountOre(normalSeconds: number, inconvenientSeconds: number, rate: { hourlyOre: number; inconvenientOre: number }): number {
  const exact =
    nonNegativeInteger('normalSeconds', normalSeconds) * nonNegativeInteger('hourlyOre', rate.hourlyOre) +
    nonNegativeInteger('inconvenientSeconds', inconvenientSeconds) * nonNegativeInteger('inconvenientOre', rate.inconvenientOre);
  return toSafeNumber(divideHalfUp(exact, 3600n));
}

/** The inconvenient-hours rate: hourly + 17 %, rounded half up to whole kronor (460 → 538, 467 → 546 SEK). */
export function inconvenientRate(hourlyOre: number): number {
  // öre × 117 / 100 is the new rate in öre; / 100 more gives kronor: öre × 117 / 10 000, rounded, back to öre.
  return toSafeNumber(divideHalfUp(nonNegativeInteger('hourlyOre', hourlyOre) * 117n, 10_000n) * 100n);
}

/**
 * The rate row in force on a local date for a provider kind: the one with the latest validFrom on or before the
 * date, or null when none has started (there is no hourly rate before 2019-05-01; the caller answers 422).
 * Rates are rows, not constants, because they change at the yearly price adjustment.
 */
export function pickRate<R extends RateRow>(rates: readonly R[], providerKind: ProviderKind, localDate: string): R | null {
  // YYYY-MM-DD compares correctly as a string; anything else would compare wrongly, so it is refused.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(localDate)) throw new RangeError(`not a YYYY-MM-DD date: ${localDate}`);
  let best: R | null = null;
  for (const r of rates) {
    if (r.providerKind === providerKind && r.validFrom <= localDate && (!best || r.validFrom > best.validFrom)) best = r;
  }
  return best;
}

/** The days on which rates start, per provider kind, in the table's order (oldest first). */
export function rateStarts(rates: readonly RateRow[]): Map<ProviderKind, string[]> {
  const starts = new Map<ProviderKind, string[]>();
  for (const r of rates) starts.set(r.providerKind, [...(starts.get(r.providerKind) ?? []), r.validFrom]);
  return starts;
}
