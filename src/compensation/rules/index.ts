// Pure rules for compensation for performed time: holidays, the inconvenient-hours rule, splitting a visit, money.
export { amountOre, inconvenientRate, lineAmountOre, pickRate, rateStarts, type ProviderKind, type RateRow } from './money.js';
export { DEFAULT_INCONVENIENT_HOURS_RULE, inconvenientHoursRuleSchema, isInconvenientDay, type InconvenientHoursRule } from './inconvenient-hours.js';
export { localDateOf, localMidnight, offsetMs, wallToInstant, zonedToUtc } from '../../calendar/local-time.js';
export { rateChangeSplitPoints, splitInterval, type Segment, type Split } from './split-interval.js';
export { easterSunday, holidayKindOn, MAX_HOLIDAY_YEAR, MIN_HOLIDAY_YEAR, swedishHolidays, type Holiday, type HolidayKind } from './swedish-holidays.js';
export * from './adjustments.js';
