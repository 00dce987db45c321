import t from 'tap';
import { adjustmentAmounts, firstOpenMonthAfter, lineAmountOre, nextMonth, ratePeriodStart, type Contribution } from '../../src/compensation/rules/index.js';

// Adjustments (justeringar) as pure arithmetic: each visit's change to the lines of a closed month, rounded per line,
// so that frozen + adjustments = the lines over the current versions, to the öre.
const rate = { hourlyOre: 46700, inconvenientOre: 54600 };
const c = (lineKey: string, normalSeconds: number, inconvenientSeconds = 0): Contribution => ({ lineKey, normalSeconds, inconvenientSeconds });

t.test('adjustmentAmounts: per line, rounded once, telescoping', async (t) => {
  const lines = new Map([['L', { normalSeconds: 3618, inconvenientSeconds: 0 }]]);
  const changes = [
    { before: [c('L', 18)], after: [c('L', 36)] }, // 3 618 → 3 636 s
    { before: [c('L', 3600)], after: [c('L', 0)] }, // declined
    { before: [], after: [c('L', 1800)] }, // reported after the closing
  ];
  const out = adjustmentAmounts(lines, () => rate, changes);
  t.same(out.map((a) => [a.normalSeconds, a.amountOre]), [[18, 233], [-3600, -46700], [1800, 23350]]);
  t.equal(lineAmountOre(3618, 0, rate) + out.reduce((s, a) => s + a.amountOre, 0), lineAmountOre(1836, 0, rate), 'frozen + adjustments = current');
  t.same(lines.get('L'), { normalSeconds: 3618, inconvenientSeconds: 0 }, 'the input is not modified');
});

t.test('a visit moving between lines, and inconvenient hours', async (t) => {
  const lines = new Map([
    ['A', { normalSeconds: 3600, inconvenientSeconds: 0 }],
    ['B', { normalSeconds: 0, inconvenientSeconds: 0 }],
  ]);
  const [moved] = adjustmentAmounts(lines, () => rate, [{ before: [c('A', 3600)], after: [c('B', 0, 3600)] }]);
  t.same(moved, { normalSeconds: -3600, inconvenientSeconds: 3600, amountOre: 54600 - 46700 });
  t.throws(() => adjustmentAmounts(lines, () => rate, [{ before: [c('A', 7200)], after: [] }]), RangeError, 'a line never goes negative');
});

t.test('months: the next, the first open one, the rate period of a day', async (t) => {
  t.equal(nextMonth('2020-12'), '2021-01');
  t.equal(nextMonth('2020-02'), '2020-03');
  t.equal(firstOpenMonthAfter('2020-02', new Set(['2020-02', '2020-03', '2020-05'])), '2020-04');
  t.equal(firstOpenMonthAfter('2020-02', new Set()), '2020-03');
  t.equal(ratePeriodStart('2021-04-15', '2021-04-01', ['2019-05-01', '2021-04-01']), '2021-04-01', 'a rate from the month’s first day is the month');
  t.equal(ratePeriodStart('2021-04-15', '2021-04-01', ['2019-05-01', '2021-04-10']), '2021-04-10', 'a rate change inside the month');
  t.equal(ratePeriodStart('2021-04-05', '2021-04-01', ['2019-05-01', '2021-04-10']), '2021-04-01', 'before it');
});
