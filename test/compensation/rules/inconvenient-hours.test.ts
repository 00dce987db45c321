import t from 'tap';
import { DEFAULT_INCONVENIENT_HOURS_RULE, inconvenientHoursRuleSchema, isInconvenientDay } from '../../../src/compensation/rules/inconvenient-hours.js';

const rule = DEFAULT_INCONVENIENT_HOURS_RULE;

t.test('the default rule is the documented data', async (t) => {
  t.same(rule, {
    timeZone: 'Europe/Stockholm',
    weekdayNormalFrom: '07:00',
    weekdayNormalTo: '19:00',
    inconvenientWeekdays: [6, 7],
    includePublicHolidays: true,
    includeEves: true,
  });
  t.same(inconvenientHoursRuleSchema.parse(JSON.parse(JSON.stringify(rule))), rule, 'survives JSON (a DB row or config)');
  t.ok(Object.isFrozen(rule) && Object.isFrozen(rule.inconvenientWeekdays), 'nobody can change the default for everyone');
});

t.test('whole inconvenient days', async (t) => {
  t.ok(isInconvenientDay(rule, '2025-11-22'), 'Saturday');
  t.ok(isInconvenientDay(rule, '2025-11-23'), 'Sunday');
  t.notOk(isInconvenientDay(rule, '2025-11-24'), 'Monday');
  t.notOk(isInconvenientDay(rule, '2025-11-21'), 'Friday');
  t.ok(isInconvenientDay(rule, '2024-06-06'), 'National Day on a Thursday');
  t.ok(isInconvenientDay(rule, '2025-06-20'), 'Midsummer eve (Friday)');
  t.ok(isInconvenientDay(rule, '2025-12-24'), 'Christmas eve (Wednesday)');
  t.ok(isInconvenientDay(rule, '2025-12-31'), 'New Year’s eve (Wednesday)');
  t.notOk(isInconvenientDay(rule, '2025-12-23'), 'the day before Christmas eve');
  t.notOk(isInconvenientDay({ ...rule, includeEves: false }, '2025-06-20'), 'eves can be excluded');
  t.ok(isInconvenientDay({ ...rule, includeEves: false }, '2024-06-06'), '…without excluding holidays');
  t.notOk(isInconvenientDay({ ...rule, includePublicHolidays: false }, '2024-06-06'), 'holidays can be excluded');
  t.ok(isInconvenientDay({ ...rule, includePublicHolidays: false }, '2025-06-20'), '…without excluding eves');
  t.notOk(isInconvenientDay({ ...rule, inconvenientWeekdays: [7] }, '2025-11-22'), 'Saturday is ordinary when not listed');
  t.ok(isInconvenientDay({ ...rule, inconvenientWeekdays: [1] }, '2025-11-24'), 'any ISO weekday can be listed');
  t.throws(() => isInconvenientDay(rule, '2025-02-30'), RangeError, 'not a date');
});

t.test('the schema refuses malformed rules', async (t) => {
  const bad = [
    { ...rule, timeZone: 'Mars/Olympus' },
    { ...rule, timeZone: '' },
    { ...rule, weekdayNormalFrom: '7:00' },
    { ...rule, weekdayNormalTo: '24:00' },
    { ...rule, weekdayNormalFrom: '19:00', weekdayNormalTo: '07:00' },
    { ...rule, weekdayNormalFrom: '07:00', weekdayNormalTo: '07:00' },
    { ...rule, inconvenientWeekdays: [0] },
    { ...rule, inconvenientWeekdays: [8] },
    { ...rule, inconvenientWeekdays: [6, 6] },
    { ...rule, inconvenientWeekdays: [6.5] },
    { ...rule, includeEves: 'yes' },
    { ...rule, extra: 1 },
    (({ includeEves: _, ...rest }) => rest)(rule),
  ];
  for (const r of bad) t.notOk(inconvenientHoursRuleSchema.safeParse(r).success, JSON.stringify(r));
  t.ok(inconvenientHoursRuleSchema.safeParse({ ...rule, timeZone: 'Europe/Helsinki', inconvenientWeekdays: [], includeEves: false }).success);
});
