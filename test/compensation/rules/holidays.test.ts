import Holidays from 'date-holidays';
import t from 'tap';
import { easterSunday, swedishHolidays } from '../../../src/compensation/rules/swedish-holidays.js';
import { DEFAULT_INCONVENIENT_HOURS_RULE, inconvenientHoursRuleSchema, isInconvenientDay } from '../../../src/compensation/rules/inconvenient-hours.js';

t.test('every year 2019–2040 matches an independent calendar (date-holidays, Sweden)', async (t) => {
  const hd = new Holidays('SE');
  for (let year = 2019; year <= 2040; year++) {
    const theirs = hd.getHolidays(year);
    const pub = theirs.filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)).sort();
    // date-holidays marks the three eves as bank holidays.
    const eves = theirs.filter((h) => h.type === 'bank').map((h) => h.date.slice(0, 10)).sort();
    const ours = swedishHolidays(year);
    t.same(ours.filter((h) => h.kind === 'public_holiday').map((h) => h.date).sort(), pub, `${year} public holidays`);
    t.same(ours.filter((h) => h.kind === 'eve').map((h) => h.date).sort(), eves, `${year} eves`);
  }
});

t.test('Easter', async (t) => {
  t.equal(easterSunday(2019), '2019-04-21');
  t.equal(easterSunday(2024), '2024-03-31');
  t.equal(easterSunday(2025), '2025-04-20');
  t.equal(easterSunday(2038), '2038-04-25');
  t.equal(easterSunday(2285), '2285-03-22', 'the earliest possible date');
});

t.test('whole inconvenient days under the default rule, and the rule is data', async (t) => {
  const r = DEFAULT_INCONVENIENT_HOURS_RULE;
  t.ok(isInconvenientDay(r, '2025-11-22'), 'Saturday');
  t.ok(isInconvenientDay(r, '2025-11-23'), 'Sunday');
  t.notOk(isInconvenientDay(r, '2025-11-24'), 'Monday');
  t.ok(isInconvenientDay(r, '2024-06-06'), 'National Day on a Thursday');
  t.ok(isInconvenientDay(r, '2025-06-20'), 'Midsummer eve');
  t.notOk(isInconvenientDay({ ...r, includeEves: false }, '2025-06-20'), 'eves can be excluded');
  t.notOk(isInconvenientDay({ ...r, includePublicHolidays: false }, '2024-06-06'));
  t.ok(inconvenientHoursRuleSchema.safeParse(r).success);
  t.notOk(inconvenientHoursRuleSchema.safeParse({ ...r, timeZone: 'Mars/Olympus' }).success);
  t.notOk(inconvenientHoursRuleSchema.safeParse({ ...r, weekdayNormalFrom: '19:00', weekdayNormalTo: '07:00' }).success);
});
