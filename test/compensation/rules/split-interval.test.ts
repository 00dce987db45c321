import Holidays from 'date-holidays';
import t from 'tap';
import { DEFAULT_INCONVENIENT_HOURS_RULE, type InconvenientHoursRule } from '../../../src/compensation/rules/inconvenient-hours.js';
import { localMidnight } from '../../../src/calendar/local-time.js';
import { rateChangeSplitPoints, splitInterval, type Split } from '../../../src/compensation/rules/split-interval.js';

const H = 3600;
const rule = DEFAULT_INCONVENIENT_HOURS_RULE;
const d = (s: string) => new Date(s);
const seconds = (s: Split) => s.segments.map((x) => [x.localDate, x.inconvenient, (x.end.getTime() - x.start.getTime()) / 1000]);

t.test('default rule, Europe/Stockholm: normal and inconvenient seconds', async (t) => {
  // [name, start, end (with the local offset), normal seconds, inconvenient seconds]
  const cases: [string, string, string, number, number][] = [
    ['weekday day (Tue 10–11)', '2025-11-18T10:00:00+01:00', '2025-11-18T11:00:00+01:00', H, 0],
    ['weekday evening (Tue 19:30–20:30)', '2025-11-18T19:30:00+01:00', '2025-11-18T20:30:00+01:00', 0, H],
    ['crossing 19:00 (18:30–19:30)', '2025-11-18T18:30:00+01:00', '2025-11-18T19:30:00+01:00', 1800, 1800],
    ['crossing 07:00 (06:30–07:15)', '2025-11-18T06:30:00+01:00', '2025-11-18T07:15:00+01:00', 900, 1800],
    ['ending exactly at 19:00', '2025-11-18T18:00:00+01:00', '2025-11-18T19:00:00+01:00', H, 0],
    ['starting exactly at 19:00', '2025-11-18T19:00:00+01:00', '2025-11-18T19:00:01+01:00', 0, 1],
    ['one second before 07:00', '2025-11-18T06:59:59+01:00', '2025-11-18T07:00:00+01:00', 0, 1],
    ['overnight Tue 22:00–Wed 08:00', '2025-11-18T22:00:00+01:00', '2025-11-19T08:00:00+01:00', H, 9 * H],
    ['Friday evening into Saturday', '2025-11-21T18:00:00+01:00', '2025-11-22T10:00:00+01:00', H, 15 * H],
    ['Saturday daytime', '2025-11-22T10:00:00+01:00', '2025-11-22T12:00:00+01:00', 0, 2 * H],
    ['Sunday daytime', '2025-11-23T10:00:00+01:00', '2025-11-23T12:00:00+01:00', 0, 2 * H],
    ['Sunday night into Monday morning', '2025-11-23T22:00:00+01:00', '2025-11-24T08:00:00+01:00', H, 9 * H],
    ['public holiday (National Day, Thu 2024-06-06 10–12)', '2024-06-06T10:00:00+02:00', '2024-06-06T12:00:00+02:00', 0, 2 * H],
    ['the day after a holiday is ordinary again (Fri 2024-06-07)', '2024-06-06T18:00:00+02:00', '2024-06-07T08:00:00+02:00', H, 13 * H],
    ['Midsummer eve (Fri 2025-06-20)', '2025-06-20T10:00:00+02:00', '2025-06-20T11:00:00+02:00', 0, H],
    ['into Midsummer eve from Thursday', '2025-06-19T18:00:00+02:00', '2025-06-20T09:00:00+02:00', H, 14 * H],
    ['Christmas eve on a Wednesday', '2025-12-24T09:00:00+01:00', '2025-12-24T10:00:00+01:00', 0, H],
    ['New Year’s eve on a Wednesday', '2025-12-31T09:00:00+01:00', '2025-12-31T10:00:00+01:00', 0, H],
    ['Good Friday', '2025-04-18T09:00:00+02:00', '2025-04-18T10:00:00+02:00', 0, H],
    ['Easter Monday night into Tuesday', '2024-03-31T23:00:00+02:00', '2024-04-02T08:00:00+02:00', H, 32 * H],
    // Spring forward, Sat 2024-03-30 22:00 → Sun 06:00 local: 7 real hours (02:00–03:00 does not exist).
    ['spring DST night (7 real hours)', '2024-03-30T22:00:00+01:00', '2024-03-31T06:00:00+02:00', 0, 7 * H],
    // Fall back, Sat 2024-10-26 22:00 → Sun 06:00 local: 9 real hours (02:00–03:00 happens twice).
    ['autumn DST night (9 real hours)', '2024-10-26T22:00:00+02:00', '2024-10-27T06:00:00+01:00', 0, 9 * H],
    ['the whole autumn DST day is 25 hours', '2024-10-27T00:00:00+02:00', '2024-10-28T00:00:00+01:00', 0, 25 * H],
    ['the whole spring DST day is 23 hours', '2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00', 0, 23 * H],
    ['Sunday night into Monday after the spring change', '2025-03-30T23:00:00+02:00', '2025-03-31T08:00:00+02:00', H, 8 * H],
    ['weekday in summer time (06–08 CEST)', '2024-07-02T06:00:00+02:00', '2024-07-02T08:00:00+02:00', H, H],
    ['a whole ordinary week (Mon–Mon)', '2025-11-17T00:00:00+01:00', '2025-11-24T00:00:00+01:00', 5 * 12 * H, (7 * 24 - 60) * H],
  ];
  for (const [name, start, end, normal, inconvenient] of cases) {
    const s = splitInterval(d(start), d(end));
    t.same([s.normalSeconds, s.inconvenientSeconds], [normal, inconvenient], name);
    t.equal(s.normalSeconds + s.inconvenientSeconds, (Date.parse(end) - Date.parse(start)) / 1000, `${name}: real elapsed time`);
    t.equal(s.segments[0]!.start.getTime(), Date.parse(start), `${name}: starts at the start`);
    t.equal(s.segments.at(-1)!.end.getTime(), Date.parse(end), `${name}: ends at the end`);
    t.ok(s.segments.every((x, i) => x.end > x.start && (i === 0 || x.start.getTime() === s.segments[i - 1]!.end.getTime())), `${name}: contiguous`);
  }
});

t.test('segments: split where the kind changes and at every local midnight', async (t) => {
  t.same(seconds(splitInterval(d('2025-11-18T22:00:00+01:00'), d('2025-11-19T08:00:00+01:00'))), [
    ['2025-11-18', true, 2 * H],
    ['2025-11-19', true, 7 * H],
    ['2025-11-19', false, H],
  ]);
  t.same(seconds(splitInterval(d('2025-11-18T06:00:00+01:00'), d('2025-11-18T20:00:00+01:00'))), [
    ['2025-11-18', true, H],
    ['2025-11-18', false, 12 * H],
    ['2025-11-18', true, H],
  ]);
  t.same(seconds(splitInterval(d('2025-11-22T10:00:00+01:00'), d('2025-11-22T22:00:00+01:00'))), [['2025-11-22', true, 12 * H]], 'a Saturday is one segment');
  // Autumn DST night: the local date changes at 22:00Z, and Sunday has its extra hour.
  t.same(seconds(splitInterval(d('2024-10-26T22:00:00+02:00'), d('2024-10-27T06:00:00+01:00'))), [
    ['2024-10-26', true, 2 * H],
    ['2024-10-27', true, 7 * H],
  ]);
  const s = splitInterval(d('2024-10-26T22:00:00+02:00'), d('2024-10-27T06:00:00+01:00'));
  t.equal(s.segments[1]!.start.toISOString(), '2024-10-26T22:00:00.000Z', 'local midnight of the 27th in CEST');
});

t.test('extra split points: a rate change', async (t) => {
  // A new rate from 2021-04-01 starts at local midnight; a visit Wed 2021-03-31 18:00 → Thu 01:00.
  const points = rateChangeSplitPoints(['2021-04-01', '2019-05-01']);
  t.same(points.map((p) => p.toISOString()), ['2021-03-31T22:00:00.000Z', '2019-04-30T22:00:00.000Z']);
  const s = splitInterval(d('2021-03-31T18:00:00+02:00'), d('2021-04-01T01:00:00+02:00'), rule, points);
  t.same(seconds(s), [
    ['2021-03-31', false, H],
    ['2021-03-31', true, 5 * H],
    ['2021-04-01', true, H],
  ]);
  t.equal(s.segments[2]!.start.getTime(), localMidnight('2021-04-01', 'Europe/Stockholm').getTime(), 'a segment starts at the rate change');
  // A point inside a segment cuts it without changing its kind; duplicates and points outside are ignored.
  const p = d('2025-11-18T10:30:00+01:00');
  const cut = splitInterval(d('2025-11-18T10:00:00+01:00'), d('2025-11-18T20:00:00+01:00'), rule, [p, p, d('2030-01-01T00:00:00Z'), d('2025-11-18T10:00:00+01:00')]);
  t.same(seconds(cut), [
    ['2025-11-18', false, 1800],
    ['2025-11-18', false, 8.5 * H],
    ['2025-11-18', true, H],
  ]);
  t.same([cut.normalSeconds, cut.inconvenientSeconds], [9 * H, H], 'totals unchanged by the cut');
  const two = splitInterval(d('2025-11-18T10:00:00+01:00'), d('2025-11-18T11:00:00+01:00'), rule, [d('2025-11-18T10:40:00+01:00'), d('2025-11-18T10:20:00+01:00')]);
  t.same(seconds(two), [['2025-11-18', false, 1200], ['2025-11-18', false, 1200], ['2025-11-18', false, 1200]], 'unsorted points');
});

t.test('other rules, with boundaries on daylight-saving days', async (t) => {
  const noWholeDays: InconvenientHoursRule = { ...rule, inconvenientWeekdays: [], includePublicHolidays: false, includeEves: false };
  const run = (r: InconvenientHoursRule, a: string, b: string) => {
    const s = splitInterval(d(a), d(b), r);
    return [s.normalSeconds, s.inconvenientSeconds];
  };
  // Sunday 2024-10-27 00:00–12:00 local is 13 real hours: 00:00–07:00 has 8 of them.
  t.same(run(noWholeDays, '2024-10-27T00:00:00+02:00', '2024-10-27T12:00:00+01:00'), [5 * H, 8 * H], 'autumn');
  t.same(run(noWholeDays, '2024-03-31T00:00:00+01:00', '2024-03-31T12:00:00+02:00'), [5 * H, 6 * H], 'spring');
  // Normal hours from 02:30: skipped in spring (start at the transition, 03:00 CEST) …
  const early = { ...noWholeDays, weekdayNormalFrom: '02:30' };
  t.same(run(early, '2024-03-31T00:00:00+01:00', '2024-03-31T04:00:00+02:00'), [H, 2 * H], 'boundary in the spring gap');
  // … and repeated in autumn (start the first time the clock shows 02:30).
  t.same(run(early, '2024-10-27T00:00:00+02:00', '2024-10-27T04:00:00+01:00'), [2.5 * H, 2.5 * H], 'boundary in the autumn overlap');
  t.same(run({ ...rule, weekdayNormalFrom: '08:00', weekdayNormalTo: '17:00' }, '2025-11-18T07:00:00+01:00', '2025-11-18T18:00:00+01:00'), [9 * H, 2 * H], 'other hours');
  t.same(run({ ...rule, includeEves: false }, '2025-12-24T09:00:00+01:00', '2025-12-24T10:00:00+01:00'), [H, 0], 'eves excluded');
  t.same(run({ ...rule, includePublicHolidays: false }, '2024-06-06T10:00:00+02:00', '2024-06-06T12:00:00+02:00'), [2 * H, 0], 'holidays excluded');
  t.same(run({ ...rule, timeZone: 'Europe/Helsinki' }, '2025-11-18T18:30:00+02:00', '2025-11-18T19:30:00+02:00'), [1800, 1800], 'another zone');
  t.throws(() => splitInterval(d('2025-11-18T10:00:00Z'), d('2025-11-18T11:00:00Z'), { ...rule, weekdayNormalFrom: '7' }), RangeError, 'a malformed rule is not guessed at');
});

t.test('invalid intervals throw', async (t) => {
  t.throws(() => splitInterval(d('2025-01-01T10:00:00Z'), d('2025-01-01T10:00:00Z')), RangeError, 'zero length');
  t.throws(() => splitInterval(d('2025-01-01T11:00:00Z'), d('2025-01-01T10:00:00Z')), RangeError, 'end before start');
  t.throws(() => splitInterval(d('nonsense'), d('2025-01-01T10:00:00Z')), RangeError, 'invalid date');
  t.throws(() => splitInterval(d('2025-01-01T10:00:00Z'), new Date(Number.NaN)), RangeError, 'invalid date');
});

t.test('agrees minute by minute with an independent classifier (Intl + date-holidays), 2019–2040', async (t) => {
  const hd = new Holidays('SE');
  const days = new Set<string>();
  for (let y = 2019; y <= 2040; y++) for (const h of hd.getHolidays(y)) if (h.type === 'public' || h.type === 'bank') days.add(h.date.slice(0, 10));
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const classify = (ms: number) => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    const date = `${p.year}-${p.month}-${p.day}`;
    const hhmm = `${p.hour}:${p.minute}`;
    return { date, inconvenient: p.weekday === 'lör' || p.weekday === 'sön' || days.has(date) || hhmm < '07:00' || hhmm >= '19:00' };
  };
  // Deterministic pseudo-random visits (mulberry32), plus every DST night and some holiday eves of the period.
  let seed = 20190501;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const STEP = 5 * 60_000; // every boundary of the default rule is on a whole hour
  const lo = Date.parse('2019-01-01T00:00:00Z');
  const hi = Date.parse('2040-12-30T00:00:00Z');
  const visits: [number, number][] = [];
  for (let i = 0; i < 250; i++) {
    const a = lo + Math.floor((random() * (hi - lo)) / STEP) * STEP;
    visits.push([a, a + (1 + Math.floor(random() * 36 * 12)) * STEP]);
  }
  for (let y = 2019; y <= 2040; y++) {
    for (const m of [2, 9]) {
      // The last Sunday of March / October, 20:00 UTC the day before, for 12 hours.
      const lastDay = new Date(Date.UTC(y, m + 1, 0));
      const sunday = lastDay.getTime() - lastDay.getUTCDay() * 86_400_000;
      visits.push([sunday - 4 * 3_600_000, sunday + 8 * 3_600_000]);
    }
    visits.push([Date.parse(`${y}-12-23T17:00:00Z`), Date.parse(`${y}-12-27T07:05:00Z`)]);
  }
  let mismatches = 0;
  for (const [a, b] of visits) {
    const expected = { normal: 0, inconvenient: 0, byDate: new Map<string, number>() };
    for (let m = a; m < b; m += STEP) {
      const c = classify(m);
      if (c.inconvenient) expected.inconvenient += STEP / 1000;
      else expected.normal += STEP / 1000;
      expected.byDate.set(`${c.date} ${c.inconvenient}`, (expected.byDate.get(`${c.date} ${c.inconvenient}`) ?? 0) + STEP / 1000);
    }
    const s = splitInterval(new Date(a), new Date(b));
    const byDate = new Map<string, number>();
    for (const x of s.segments) byDate.set(`${x.localDate} ${x.inconvenient}`, (byDate.get(`${x.localDate} ${x.inconvenient}`) ?? 0) + (x.end.getTime() - x.start.getTime()) / 1000);
    const ok = s.normalSeconds === expected.normal && s.inconvenientSeconds === expected.inconvenient && JSON.stringify([...byDate].sort()) === JSON.stringify([...expected.byDate].sort());
    if (!ok) {
      mismatches++;
      t.fail(`${new Date(a).toISOString()}–${new Date(b).toISOString()}`, { found: [s.normalSeconds, s.inconvenientSeconds, [...byDate]], wanted: [expected.normal, expected.inconvenient, [...expected.byDate]] });
    }
  }
  t.equal(mismatches, 0, `${visits.length} visits agree, per kind and per local date`);
  t.ok(visits.length >= 250 + 22 * 3);
});
