import t from 'tap';
import { amountOre, inconvenientRate, lineAmountOre, pickRate, type RateRow } from '../../../src/compensation/rules/money.js';

const H = 3600;

t.test('amountOre: seconds × rate / 3600, rounded half up once, exactly', async (t) => {
  t.equal(amountOre(H, 46700), 46700, 'one hour');
  t.equal(amountOre(1, 46700), 13, '12.97… öre → 13');
  t.equal(amountOre(1, 46000), 13, '12.78 öre → 13');
  t.equal(amountOre(1, 1800), 1, '0.5 öre → 1 (half up)');
  t.equal(amountOre(1, 1799), 0, '0.4997 öre → 0');
  t.equal(amountOre(1800, 46701), 23351, '23 350.5 → 23 351 (half up)');
  t.equal(amountOre(1800, 46699), 23350, '23 349.5 → 23 350 (half up)');
  t.equal(amountOre(0, 46700), 0);
  t.equal(amountOre(1, 0), 0);
  // 0.1 h steps in floats drift; here 3 × 1200 s at 46700 öre is exactly one hour's 46700.
  t.equal(amountOre(3 * 1200, 46700), 46700);
  // A year of a large city's inconvenient hours: 10^9 s × 54 600 öre / 3600 = 15 166 666 666.67 → …667.
  t.equal(amountOre(1_000_000_000, 54600), 15_166_666_667);
  t.equal(amountOre(3_600_000_000, 54600), 54_600_000_000);
  // Beyond 2^53 the product would lose digits in floats: 9 007 199 254 740 s × 3600 / 3600 is exact here.
  t.equal(amountOre(9_007_199_254_740, 3600), 9_007_199_254_740);
  t.throws(() => amountOre(1.5, 100), RangeError, 'fractional seconds');
  t.throws(() => amountOre(-1, 100), RangeError, 'negative seconds');
  t.throws(() => amountOre(1, -100), RangeError, 'negative rate');
  t.throws(() => amountOre(2 ** 53, 1), RangeError, 'unsafe integer');
  t.throws(() => amountOre(Number.MAX_SAFE_INTEGER, 7200), RangeError, 'result beyond a safe integer');
});

t.test('lineAmountOre: normal and inconvenient time summed exactly, rounded once', async (t) => {
  const rate = { hourlyOre: 46700, inconvenientOre: 54600 };
  t.equal(lineAmountOre(1, 1, rate), 28, '12.97 + 15.17 = 28.14');
  t.equal(lineAmountOre(1, 3, rate), 58, '12.97 + 45.5 = 58.47 → 58, not 13 + 46 = 59');
  t.equal(lineAmountOre(H, H, rate), 46700 + 54600);
  t.equal(lineAmountOre(0, 0, rate), 0);
  t.equal(lineAmountOre(1, 1, { hourlyOre: 1800, inconvenientOre: 1800 }), 1, '0.5 + 0.5 = 1, not 1 + 1');
  t.equal(lineAmountOre(1, 1, { hourlyOre: 1200, inconvenientOre: 1200 }), 1, '0.33 + 0.33 = 0.67 → 1, not 0 + 0');
  t.equal(lineAmountOre(26_434, 7217, rate), 452_366, '1 628 516 000 / 3600 = 452 365.56 → 452 366');
  t.throws(() => lineAmountOre(-1, 0, rate), RangeError);
  t.throws(() => lineAmountOre(0, 0, { hourlyOre: 1.5, inconvenientOre: 1 }), RangeError);
});

t.test('inconvenientRate: +17 % rounded to whole kronor', async (t) => {
  t.equal(inconvenientRate(46000), 53800, '460 × 1.17 = 538.20 → 538 SEK (municipal)');
  t.equal(inconvenientRate(46700), 54600, '467 × 1.17 = 546.39 → 546 SEK (private)');
  t.equal(inconvenientRate(48600), 56900, '486 × 1.17 = 568.62 → 569');
  t.equal(inconvenientRate(53000), 62000, '530 × 1.17 = 620.10 → 620');
  t.equal(inconvenientRate(50000), 58500, '500 × 1.17 = 585.00');
  t.equal(inconvenientRate(50), 100, '0.50 × 1.17 = 0.585 → 1 SEK');
  t.equal(inconvenientRate(42735), 50000, '427.35 × 1.17 = 499.9995 → 500');
  t.equal(inconvenientRate(1282), 1500, '12.82 × 1.17 = 14.9994 → 15');
  t.equal(inconvenientRate(1239), 1400, '12.39 × 1.17 = 14.4963 → 14');
  t.throws(() => inconvenientRate(-1), RangeError);
  t.throws(() => inconvenientRate(460.5), RangeError);
});

t.test('pickRate: the latest row on or before the date, per provider kind', async (t) => {
  const rates: RateRow[] = [
    { validFrom: '2021-04-01', providerKind: 'private', hourlyOre: 53000, inconvenientOre: 62000 },
    { validFrom: '2019-05-01', providerKind: 'municipal', hourlyOre: 46000, inconvenientOre: 53800 },
    { validFrom: '2019-05-01', providerKind: 'private', hourlyOre: 46700, inconvenientOre: 54600 },
    { validFrom: '2020-01-01', providerKind: 'private', hourlyOre: 48600, inconvenientOre: 56900 },
  ];
  t.equal(pickRate(rates, 'private', '2019-04-30'), null, 'no hourly rate before 2019-05-01');
  t.equal(pickRate(rates, 'municipal', '2019-04-30'), null);
  t.equal(pickRate(rates, 'private', '2019-05-01'), rates[2], 'applies from its first day');
  t.equal(pickRate(rates, 'private', '2019-12-31'), rates[2]);
  t.equal(pickRate(rates, 'private', '2020-01-01'), rates[3], 'a later row applies from its date');
  t.equal(pickRate(rates, 'private', '2021-03-31')?.hourlyOre, 48600, '486 SEK until 2021-03-31');
  t.equal(pickRate(rates, 'private', '2021-04-01')?.hourlyOre, 53000, '530 SEK from 2021-04-01 (rows need not be sorted)');
  t.equal(pickRate(rates, 'municipal', '2025-01-01'), rates[1], 'kinds do not mix');
  t.equal(pickRate([], 'private', '2025-01-01'), null);
  t.throws(() => pickRate(rates, 'private', '2021-4-1'), RangeError, 'a date that would compare wrongly as text');
});
