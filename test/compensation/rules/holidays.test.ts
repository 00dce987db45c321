import Holidays from 'date-holidays';
import t from 'tap';
import { easterSunday, holidayKindOn, swedishHolidays, type Holiday } from '../../../src/compensation/rules/swedish-holidays.js';

// date-holidays (an independent implementation) types the statutory days 'public' and the three eves 'bank';
// its names are lower-case and one differs from ours.
const theirName: Record<string, string> = {
  Nyårsdagen: 'nyårsdagen',
  'Trettondedag jul': 'trettondedag jul',
  Långfredagen: 'långfredagen',
  Påskdagen: 'påskdagen',
  'Annandag påsk': 'annandag påsk',
  'Första maj': 'första maj',
  'Kristi himmelsfärdsdag': 'Kristi himmelsfärdsdag',
  Pingstdagen: 'pingstdagen',
  'Sveriges nationaldag': 'nationaldagen',
  Midsommarafton: 'midsommarafton',
  Midsommardagen: 'midsommardagen',
  'Alla helgons dag': 'alla helgons dag',
  Julafton: 'julafton',
  Juldagen: 'juldagen',
  'Annandag jul': 'annandag jul',
  Nyårsafton: 'nyårsafton',
};
const hd = new Holidays('SE');
const theirs = (year: number) =>
  hd
    .getHolidays(year)
    .filter((h) => h.type === 'public' || h.type === 'bank')
    .map((h) => `${h.date.slice(0, 10)} ${h.type === 'public' ? 'public_holiday' : 'eve'} ${h.name}`)
    .sort();
const ours = (year: number) => swedishHolidays(year).map((h: Holiday) => `${h.date} ${h.kind} ${theirName[h.name]}`).sort();

t.test('every year 2005–2100 (covering 2019–2040) equals date-holidays: dates, kinds and names', async (t) => {
  // From 2005, when the National Day replaced Whit Monday; date-holidays models that change, we do not need to.
  for (let year = 2005; year <= 2100; year++) t.same(ours(year), theirs(year), `${year}`);
  t.equal(swedishHolidays(2024).length, 16, '13 public holidays and 3 eves');
  t.equal(swedishHolidays(2024).filter((h) => h.kind === 'eve').length, 3);
});

t.test('Easter Sunday: known dates, and every year 1900–2100 against date-holidays', async (t) => {
  t.equal(easterSunday(2019), '2019-04-21');
  t.equal(easterSunday(2024), '2024-03-31');
  t.equal(easterSunday(2025), '2025-04-20');
  t.equal(easterSunday(2038), '2038-04-25', 'the latest possible date');
  t.equal(easterSunday(2285), '2285-03-22', 'the earliest possible date');
  t.equal(easterSunday(1900), '1900-04-15');
  for (let year = 1900; year <= 2100; year++) {
    const p = hd.getHolidays(year).find((h) => h.name === 'påskdagen');
    t.equal(easterSunday(year), p?.date.slice(0, 10), `${year}`);
  }
});

t.test('2024 in full, in date order', async (t) => {
  t.same(
    swedishHolidays(2024).map((h) => [h.date, h.name, h.kind]),
    [
      ['2024-01-01', 'Nyårsdagen', 'public_holiday'],
      ['2024-01-06', 'Trettondedag jul', 'public_holiday'],
      ['2024-03-29', 'Långfredagen', 'public_holiday'],
      ['2024-03-31', 'Påskdagen', 'public_holiday'],
      ['2024-04-01', 'Annandag påsk', 'public_holiday'],
      ['2024-05-01', 'Första maj', 'public_holiday'],
      ['2024-05-09', 'Kristi himmelsfärdsdag', 'public_holiday'],
      ['2024-05-19', 'Pingstdagen', 'public_holiday'],
      ['2024-06-06', 'Sveriges nationaldag', 'public_holiday'],
      ['2024-06-21', 'Midsommarafton', 'eve'],
      ['2024-06-22', 'Midsommardagen', 'public_holiday'],
      ['2024-11-02', 'Alla helgons dag', 'public_holiday'],
      ['2024-12-24', 'Julafton', 'eve'],
      ['2024-12-25', 'Juldagen', 'public_holiday'],
      ['2024-12-26', 'Annandag jul', 'public_holiday'],
      ['2024-12-31', 'Nyårsafton', 'eve'],
    ],
  );
});

t.test('Midsummer and All Saints at both ends of their week', async (t) => {
  const on = (year: number, name: string) => swedishHolidays(year).find((h) => h.name === name)?.date;
  t.equal(on(2026, 'Midsommardagen'), '2026-06-20', 'earliest: 20 June');
  t.equal(on(2026, 'Midsommarafton'), '2026-06-19', 'the eve can be 19 June');
  t.equal(on(2021, 'Midsommardagen'), '2021-06-26', 'latest: 26 June');
  t.equal(on(2025, 'Alla helgons dag'), '2025-11-01');
  t.equal(on(2026, 'Alla helgons dag'), '2026-10-31', 'earliest: 31 October');
  t.equal(on(2027, 'Alla helgons dag'), '2027-11-06', 'latest: 6 November');
});

t.test('holidayKindOn, coinciding holidays, memo and invalid years', async (t) => {
  t.equal(holidayKindOn('2024-06-06'), 'public_holiday');
  t.equal(holidayKindOn('2024-12-24'), 'eve');
  t.equal(holidayKindOn('2024-12-23'), undefined);
  t.equal(holidayKindOn('2008-05-01'), 'public_holiday', 'Ascension Day on 1 May');
  t.equal(swedishHolidays(2008).filter((h) => h.date === '2008-05-01').length, 2, 'both are listed');
  t.equal(swedishHolidays(2031), swedishHolidays(2031), 'memoised per year');
  t.ok(Object.isFrozen(swedishHolidays(2031)) && Object.isFrozen(swedishHolidays(2031)[0]), 'the shared list cannot be changed');
  t.throws(() => swedishHolidays(2024.5), RangeError);
  t.throws(() => swedishHolidays(1700), RangeError);
  t.throws(() => easterSunday(10_000), RangeError);
  t.throws(() => holidayKindOn('garbage'), RangeError);
});
