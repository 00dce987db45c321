import t from 'tap';
import { amountOre, inconvenientRate, pickRate, type RateRow } from '../../../src/compensation/rules/money.js';
import { splitInterval } from '../../../src/compensation/rules/split-interval.js';

const H = 3600;

t.test('splitting visits into normal and inconvenient time (Europe/Stockholm)', async (t) => {
  const cases: [string, string, string, number, number][] = [
    ['weekday day (Tue)', '2025-11-18T10:00:00+01:00', '2025-11-18T11:00:00+01:00', H, 0],
    ['weekday evening', '2025-11-18T19:30:00+01:00', '2025-11-18T20:30:00+01:00', 0, H],
    ['crossing 19:00', '2025-11-18T18:30:00+01:00', '2025-11-18T19:30:00+01:00', 1800, 1800],
    ['crossing 07:00', '2025-11-18T06:30:00+01:00', '2025-11-18T07:15:00+01:00', 900, 1800],
    ['overnight Tue–Wed', '2025-11-18T22:00:00+01:00', '2025-11-19T08:00:00+01:00', H, 9 * H],
    ['Friday evening into Saturday', '2025-11-21T18:00:00+01:00', '2025-11-22T10:00:00+01:00', H, 15 * H],
    ['Saturday daytime', '2025-11-22T10:00:00+01:00', '2025-11-22T12:00:00+01:00', 0, 2 * H],
    ['Sunday night into Monday morning', '2025-11-23T22:00:00+01:00', '2025-11-24T08:00:00+01:00', H, 9 * H],
    ['public holiday (National Day, Thu)', '2024-06-06T10:00:00+02:00', '2024-06-06T12:00:00+02:00', 0, 2 * H],
    ['Midsummer eve', '2025-06-20T10:00:00+02:00', '2025-06-20T11:00:00+02:00', 0, H],
    ['Christmas eve on a Wednesday', '2025-12-24T09:00:00+01:00', '2025-12-24T10:00:00+01:00', 0, H],
    ['spring DST night (Sat–Sun, 23 real hours)', '2024-03-30T22:00:00+01:00', '2024-03-31T06:00:00+02:00', 0, 7 * H],
    ['autumn DST night (Sat–Sun, 25 real hours)', '2024-10-26T22:00:00+02:00', '2024-10-27T06:00:00+01:00', 0, 9 * H],
    ['Sunday night into Monday after the spring change', '2025-03-30T23:00:00+02:00', '2025-03-31T08:00:00+02:00', H, 8 * H],
    ['Easter Monday is a holiday', '2024-03-31T23:00:00+02:00', '2024-04-01T08:00:00+02:00', 0, 9 * H],
    ['weekday day in summer time', '2024-07-02T06:00:00+02:00', '2024-07-02T08:00:00+02:00', H, H],
  ];
  for (const [name, start, end, normal, inconvenient] of cases) {
    const s = splitInterval(new Date(start), new Date(end));
    t.same([s.normalSeconds, s.inconvenientSeconds], [normal, inconvenient], name);
    t.equal(s.normalSeconds + s.inconvenientSeconds, (Date.parse(end) - Date.parse(start)) / 1000, `${name}: real elapsed time`);
  }
  const overnight = splitInterval(new Date('2025-11-18T22:00:00+01:00'), new Date('2025-11-19T08:00:00+01:00'));
  t.same(
    overnight.segments.map((s) => [s.localDate, s.inconvenient, (s.end.getTime() - s.start.getTime()) / 1000]),
    [['2025-11-18', true, 2 * H], ['2025-11-19', true, 7 * H], ['2025-11-19', false, H]],
    'split at midnight and 07:00',
  );
  const rateChange = new Date('2025-11-19T00:00:00+01:00');
  const withRate = splitInterval(new Date('2025-11-18T18:00:00+01:00'), new Date('2025-11-19T01:00:00+01:00'), undefined, [rateChange]);
  t.ok(withRate.segments.some((s) => s.start.getTime() === rateChange.getTime()), 'split at a rate change');
  t.throws(() => splitInterval(new Date('2025-01-01T10:00:00Z'), new Date('2025-01-01T10:00:00Z')), RangeError);
  t.throws(() => splitInterval(new Date('2025-01-01T11:00:00Z'), new Date('2025-01-01T10:00:00Z')), RangeError);
});

t.test('money in öre: rounded once, half up, exactly', async (t) => {
  t.equal(inconvenientRate(46000), 53800);
  t.equal(inconvenientRate(46700), 54600);
  t.equal(inconvenientRate(48600), 56900, '486 × 1.17 = 568.62 → 569');
  t.equal(inconvenientRate(53000), 62000, '530 × 1.17 = 620.10 → 620');
  t.equal(amountOre(H, 46700), 46700);
  t.equal(amountOre(1, 46700), 13, '12.97 öre → 13');
  t.equal(amountOre(1800, 46701), 23351, '23350.5 → half up');
  t.equal(amountOre(0, 46700), 0);
  t.equal(amountOre(3_600_000_000, 54600), 54_600_000_000, 'large sums stay exact');
  t.throws(() => amountOre(1.5, 100));
  const rates: RateRow[] = [
    { validFrom: '2019-05-01', providerKind: 'municipal', hourlyOre: 46000, inconvenientOre: 53800 },
    { validFrom: '2019-05-01', providerKind: 'private', hourlyOre: 46700, inconvenientOre: 54600 },
    { validFrom: '2021-04-01', providerKind: 'private', hourlyOre: 53000, inconvenientOre: 62000 },
  ];
  t.equal(pickRate(rates, 'private', '2019-04-30'), null, 'no rate before 2019-05-01');
  t.equal(pickRate(rates, 'private', '2019-05-01')?.hourlyOre, 46700);
  t.equal(pickRate(rates, 'private', '2021-03-31')?.hourlyOre, 46700);
  t.equal(pickRate(rates, 'private', '2021-04-01')?.hourlyOre, 53000, 'a new row applies from its date');
  t.equal(pickRate(rates, 'municipal', '2025-01-01')?.hourlyOre, 46000);
});

t.test('a line is rounded once', async (t) => {
  const { lineAmountOre } = await import('../../../src/compensation/rules/money.js');
  const rate = { hourlyOre: 46700, inconvenientOre: 54600 };
  t.equal(lineAmountOre(1, 1, rate), 28);
  t.equal(lineAmountOre(3, 1, rate), 54, '38.92 + 15.17 = 54.08 → 54 (parts rounded: 39 + 15 = 54)');
  t.equal(lineAmountOre(1, 3, rate), 58, '12.97 + 45.5 = 58.47 → 58 (parts rounded: 13 + 46 = 59)');
  t.equal(lineAmountOre(3600, 3600, rate), 46700 + 54600);
  t.throws(() => lineAmountOre(-1, 0, rate));
});
