export { amountOre, inconvenientRate, lineAmountOre, pickRate, type ProviderKind, type RateRow } from './money.js';
export { DEFAULT_INCONVENIENT_HOURS_RULE, inconvenientHoursRuleSchema, isInconvenientDay, type InconvenientHoursRule } from './inconvenient-hours.js';
export { localDateOf, zonedToUtc } from './local-time.js';
export { splitInterval, type Segment, type Split } from './split-interval.js';
export { easterSunday, swedishHolidays, type Holiday } from './swedish-holidays.js';
