import t from 'tap';
import { feeRatesFor, individualCeilingFor, monthlyFee, type FeeRateRow } from '../../src/fees/rules.js';

// The fee rule as a pure function, by hand. 2020: 213 SEK/h, maxtaxa 2 125 SEK; an alarm fee of 208 SEK.
const rates2020 = { hourlyOre: 21300, maxtaxaOre: 212500, alarmMonthlyOre: 20800 };

t.test('monthlyFee: each part before the cap, the cap, the fee', async (t) => {
  const table: [string, Parameters<typeof monthlyFee>[0], Partial<ReturnType<typeof monthlyFee>>][] = [
    ['under the ceiling', { performedSeconds: 7200, hasAlarm: false, individualCeilingOre: null }, { hoursOre: 42600, alarmOre: 0, beforeCapOre: 42600, capOre: 212500, capSource: 'maxtaxa', capApplied: false, feeOre: 42600 }],
    ['exactly at maxtaxa (9 h + alarm)', { performedSeconds: 32400, hasAlarm: true, individualCeilingOre: null }, { beforeCapOre: 212500, capApplied: false, feeOre: 212500 }],
    ['over maxtaxa', { performedSeconds: 43200, hasAlarm: false, individualCeilingOre: null }, { beforeCapOre: 255600, capApplied: true, feeOre: 212500 }],
    ['the alarm inside the high-cost protection', { performedSeconds: 36000, hasAlarm: true, individualCeilingOre: null }, { hoursOre: 213000, alarmOre: 20800, beforeCapOre: 233800, feeOre: 212500 }],
    ['an individual ceiling below maxtaxa', { performedSeconds: 10800, hasAlarm: false, individualCeilingOre: 50000 }, { capOre: 50000, capSource: 'individual_ceiling', capApplied: true, feeOre: 50000 }],
    ['an individual ceiling above maxtaxa: maxtaxa caps', { performedSeconds: 43200, hasAlarm: false, individualCeilingOre: 300000 }, { capOre: 212500, capSource: 'maxtaxa', feeOre: 212500 }],
    ['a ceiling of 0: nothing to pay', { performedSeconds: 3600, hasAlarm: true, individualCeilingOre: 0 }, { beforeCapOre: 42100, capOre: 0, feeOre: 0 }],
    ['half an öre rounds up once (18 s = 106.5)', { performedSeconds: 18, hasAlarm: false, individualCeilingOre: null }, { hoursOre: 107 }],
    ['36 s = 213 exactly', { performedSeconds: 36, hasAlarm: false, individualCeilingOre: null }, { hoursOre: 213 }],
  ];
  for (const [name, input, expect] of table) t.match(monthlyFee(input, rates2020), expect, name);
  t.throws(() => monthlyFee({ performedSeconds: 0, hasAlarm: true, individualCeilingOre: null }, { ...rates2020, alarmMonthlyOre: null }), RangeError, 'an alarm month needs the alarm fee');
  t.equal(monthlyFee({ performedSeconds: 3600, hasAlarm: false, individualCeilingOre: null }, { ...rates2020, alarmMonthlyOre: null }).feeOre, 21300, 'no alarm fee is needed without an alarm');
});

t.test('feeRatesFor: per component, the row in force on the month’s first day', async (t) => {
  const rows: FeeRateRow[] = [
    { component: 'hourly', validFrom: '2020-01-01', amountOre: 21300 },
    { component: 'hourly', validFrom: '2020-07-01', amountOre: 22000 },
    { component: 'monthly_ceiling', validFrom: '2020-01-01', amountOre: 212500 },
    { component: 'alarm_monthly', validFrom: '2020-04-01', amountOre: 20800 },
  ];
  const amounts = (from: string) => {
    const r = feeRatesFor(from, rows);
    return [r.hourly?.amountOre ?? null, r.monthlyCeiling?.amountOre ?? null, r.alarmMonthly?.amountOre ?? null];
  };
  t.same(amounts('2019-12-01'), [null, null, null], 'before the first rows');
  t.same(amounts('2020-03-01'), [21300, 212500, null], 'no alarm fee yet');
  t.same(amounts('2020-06-01'), [21300, 212500, 20800]);
  t.same(amounts('2020-07-01'), [22000, 212500, 20800], 'the mid-year change from its month');
});

t.test('individualCeilingFor: the least valid on any day of the month', async (t) => {
  const ceilings = [
    { validFrom: '2020-01-01', validTo: '2020-03-10', monthlyOre: 90000 },
    { validFrom: '2020-03-20', validTo: null, monthlyOre: 120000 },
  ];
  t.equal(individualCeilingFor('2020-02-01', '2020-02-29', ceilings), 90000);
  t.equal(individualCeilingFor('2020-03-01', '2020-03-31', ceilings), 90000, 'both touch March: the least');
  t.equal(individualCeilingFor('2020-04-01', '2020-04-30', ceilings), 120000);
  t.equal(individualCeilingFor('2019-12-01', '2019-12-31', ceilings), null, 'none');
});
