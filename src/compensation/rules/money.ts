/** Money is integer öre. Pure. */

export type ProviderKind = 'municipal' | 'private';

export interface RateRow {
  validFrom: string;
  providerKind: ProviderKind;
  hourlyOre: number;
  inconvenientOre: number;
}

/** seconds × rate / 3600, rounded half up once, in exact integer arithmetic. */
export function amountOre(seconds: number, hourlyRateOre: number): number {
  if (!Number.isInteger(seconds) || !Number.isInteger(hourlyRateOre) || seconds < 0) throw new RangeError('integer, non-negative seconds and rate');
  const product = BigInt(seconds) * BigInt(hourlyRateOre);
  return Number((product * 2n + 3600n) / 7200n);
}

/**
 * A statement line's amount: normal and inconvenient seconds at their rates, summed exactly and rounded once
 * (half up), so a line never carries two roundings.
 */
export function lineAmountOre(normalSeconds: number, inconvenientSeconds: number, rate: { hourlyOre: number; inconvenientOre: number }): number {
  for (const v of [normalSeconds, inconvenientSeconds, rate.hourlyOre, rate.inconvenientOre]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError('integer, non-negative seconds and rates');
  }
  const product = BigInt(normalSeconds) * BigInt(rate.hourlyOre) + BigInt(inconvenientSeconds) * BigInt(rate.inconvenientOre);
  return Number((product * 2n + 3600n) / 7200n);
}

/** The inconvenient-hours rate: +17 % rounded to whole kronor (460 → 538, 467 → 546 SEK). */
export function inconvenientRate(hourlyOre: number): number {
  // hourly × 117 / 100, in kronor rounded half up, back to öre: exact integers.
  const kronorTimes10000 = BigInt(hourlyOre) * 117n; // öre × 117 = kronor × 10 000
  return Number(((kronorTimes10000 * 2n + 10_000n) / 20_000n) * 100n);
}

/** The rate row in force on a local date for a provider kind: the latest validFrom on or before it, or null. */
export function pickRate<R extends RateRow>(rates: R[], providerKind: ProviderKind, localDate: string): R | null {
  let best: R | null = null;
  for (const r of rates) {
    if (r.providerKind === providerKind && r.validFrom <= localDate && (!best || r.validFrom > best.validFrom)) best = r;
  }
  return best;
}
