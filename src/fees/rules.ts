import { amountOre } from '../compensation/rules/money.js';

// The individual's fee (avgift) for a month, as pure arithmetic. Money in öre, rounded once (half up) per line.
//   hours part  = performed seconds × hourly fee / 3600   (declined visits are not performed time)
//   alarm part  = the monthly safety-alarm fee (trygghetslarm), for a month with an alarm service
//   fee         = min(hours part + alarm part, maxtaxa, the individual's own ceiling (avgiftsutrymme), if any)
// The alarm fee is inside the high-cost protection (högkostnadsskydd): the cap covers the whole sum.

export type FeeComponent = 'hourly' | 'monthly_ceiling' | 'alarm_monthly';

/** (decision) Services charged per performed hour: home care, day/evening and night. Relief, escort, alarm and camera supervision are not. */
export const HOURLY_FEE_SERVICES = ['home_care_day_evening', 'home_care_night'] as const;

export interface FeeRateRow {
  component: FeeComponent;
  /** First day of a month (YYYY-MM-01). */
  validFrom: string;
  amountOre: number;
}

export interface MonthFeeRates {
  hourly: FeeRateRow | null;
  monthlyCeiling: FeeRateRow | null;
  alarmMonthly: FeeRateRow | null;
}

/** Per component, the row in force on the month's first day (the latest `validFrom` on or before it), or null. */
export function feeRatesFor(monthFrom: string, rows: readonly FeeRateRow[]): MonthFeeRates {
  const pick = (component: FeeComponent) => {
    let best: FeeRateRow | null = null;
    for (const r of rows) if (r.component === component && r.validFrom <= monthFrom && (!best || r.validFrom > best.validFrom)) best = r;
    return best;
  };
  return { hourly: pick('hourly'), monthlyCeiling: pick('monthly_ceiling'), alarmMonthly: pick('alarm_monthly') };
}

export interface FeeCeilingRow {
  validFrom: string;
  validTo: string | null;
  monthlyOre: number;
}

/**
 * The individual's own ceiling (avgiftsutrymme) for a month: (decision) the least of those valid on any day of the
 * month, or null when none is. A ceiling that starts mid-month applies to that whole month: the individual's favour.
 */
export function individualCeilingFor(monthFrom: string, monthLast: string, ceilings: readonly FeeCeilingRow[]): number | null {
  let least: number | null = null;
  for (const c of ceilings) {
    if (c.validFrom <= monthLast && (c.validTo === null || c.validTo >= monthFrom) && (least === null || c.monthlyOre < least)) least = c.monthlyOre;
  }
  return least;
}

export interface FeeInput {
  performedSeconds: number;
  hasAlarm: boolean;
  individualCeilingOre: number | null;
}

export interface FeeRates {
  hourlyOre: number;
  maxtaxaOre: number;
  /** Null: the city has not set it (only a month with an alarm needs it). */
  alarmMonthlyOre: number | null;
}

export interface FeeBreakdown {
  hoursOre: number;
  alarmOre: number;
  beforeCapOre: number;
  capOre: number;
  capSource: 'maxtaxa' | 'individual_ceiling';
  capApplied: boolean;
  feeOre: number;
}

/** The fee of one individual's month. A month with an alarm and no alarm fee set is the caller's error (RangeError). */
export function monthlyFee(input: FeeInput, rates: FeeRates): FeeBreakdown {
  const hoursOre = amountOre(input.performedSeconds, rates.hourlyOre);
  if (input.hasAlarm && rates.alarmMonthlyOre === null) throw new RangeError('an alarm month needs the alarm fee');
  const alarmOre = input.hasAlarm ? rates.alarmMonthlyOre! : 0;
  const beforeCapOre = hoursOre + alarmOre;
  const individual = input.individualCeilingOre;
  const capSource = individual !== null && individual < rates.maxtaxaOre ? 'individual_ceiling' : 'maxtaxa';
  const capOre = capSource === 'individual_ceiling' ? individual! : rates.maxtaxaOre;
  return { hoursOre, alarmOre, beforeCapOre, capOre, capSource, capApplied: beforeCapOre > capOre, feeOre: Math.min(beforeCapOre, capOre) };
}
