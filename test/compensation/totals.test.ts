import t from 'tap';
import { pickRate, rateStarts } from '../../src/compensation/rules/money.js';
import { addDays } from '../../src/calendar/add-days.js';
import { monthRange } from '../../src/calendar/month.js';
import { continuityCsv, continuityItem, continuityUnits, performedVsGrantedItem, visitKindsItem } from '../../src/compensation/report-figures.js';
import type { PerformedVsGrantedRow } from '../../src/compensation/reports.sql.js';
import { isRated, statementCsv, statementOf, toLine, type RatedLineRow } from '../../src/compensation/statement-totals.js';

// The figures of statements and follow-up reports from their query rows, without a database.

const ORG_A = '10000000-0000-4000-8000-00000000000a';
const ORG_B = '10000000-0000-4000-8000-00000000000b';
const U1 = '20000000-0000-4000-8000-000000000001';
const U2 = '20000000-0000-4000-8000-000000000002';
const U3 = '20000000-0000-4000-8000-000000000003';
const ind = (n: number) => `30000000-0000-4000-8000-00000000000${n}`;

const lineRow = (over: Partial<RatedLineRow>): RatedLineRow => ({
  organisation_id: ORG_A,
  organisation_name: 'A',
  unit_id: U1,
  unit_name: 'Unit 1',
  individual_id: ind(1),
  individual_name: 'One',
  provider_kind: 'private',
  rate_valid_from: '2019-05-01',
  hourly_ore: 46700,
  inconvenient_ore: 54600,
  normal_seconds: 0,
  inconvenient_seconds: 0,
  performed_visits: 0,
  added_visits: 0,
  declined_visits: 0,
  declined_seconds: 0,
  ...over,
});

t.test('statement: each line priced once, totals are sums of the lines', async (t) => {
  // [name, row, amount in öre]
  const lines: [string, RatedLineRow, number][] = [
    ['an hour, normal', lineRow({ normal_seconds: 3600, performed_visits: 1 }), 46700],
    ['an hour, inconvenient', lineRow({ individual_id: ind(2), inconvenient_seconds: 3600, performed_visits: 1 }), 54600],
    ['half an öre rounds up (18 s)', lineRow({ individual_id: ind(3), normal_seconds: 18, added_visits: 1 }), 234],
    ['declined pays nothing', lineRow({ unit_id: U2, unit_name: 'Unit 2', individual_id: ind(4), declined_visits: 1, declined_seconds: 300 }), 0],
    [
      'municipal',
      lineRow({ organisation_id: ORG_B, organisation_name: 'B', unit_id: U3, unit_name: 'Unit 3', individual_id: ind(5), provider_kind: 'municipal', hourly_ore: 46000, inconvenient_ore: 53800, normal_seconds: 1800, inconvenient_seconds: 1800, performed_visits: 1 }),
      49900,
    ],
  ];
  for (const [name, row, amount] of lines) t.equal(toLine(row).amountOre, amount, name);

  const s = statementOf('2019-05', null, lines.map(([, r]) => toLine(r)));
  t.match(s, { month: '2019-05', organisationId: null, currency: 'SEK' });
  t.same(s.total, { normalSeconds: 3600 + 18 + 1800, inconvenientSeconds: 3600 + 1800, performedVisits: 3, addedVisits: 1, declinedVisits: 1, declinedSeconds: 300, amountOre: 46700 + 54600 + 234 + 49900 });
  t.same(
    s.units.map((u) => [u.unitId, u.organisationId, u.amountOre, u.performedVisits]),
    [
      [U1, ORG_A, 46700 + 54600 + 234, 2],
      [U2, ORG_A, 0, 0],
      [U3, ORG_B, 49900, 1],
    ],
    'per unit, in line order',
  );
  t.same(
    s.organisations.map((o) => [o.organisationId, o.providerKind, o.amountOre, o.declinedVisits]),
    [
      [ORG_A, 'private', 46700 + 54600 + 234, 1],
      [ORG_B, 'municipal', 49900, 0],
    ],
  );
  t.same(statementOf('2019-05', ORG_A, []).total.amountOre, 0, 'an empty month');

  const csv = statementCsv('2019-05', [toLine(lineRow({ individual_name: 'Berg, Bertil', normal_seconds: 3600, performed_visits: 1 }))]).split('\r\n');
  t.equal(csv[0]!.split(',').length, 22);
  t.match(csv[1], /^2019-05,line,10000000-.*,"Berg, Bertil",private,2019-05-01,46700,54600,3600,0,1,0,0,0,46700,467\.00,,$/);
  t.equal(csv[2], '2019-05,total,,Summa,,,,,,,,,3600,0,1,0,0,0,46700,467.00,,', 'a totals row');

  t.ok(isRated(lineRow({})));
  t.notOk(isRated({ ...lineRow({}), hourly_ore: null }), 'a day without a rate');
  t.notOk(isRated({ ...lineRow({}), rate_valid_from: null }));
});

t.test('performed against granted time', async (t) => {
  const row = (granted: number, performedSeconds: number): PerformedVsGrantedRow => ({
    organisation_id: ORG_A,
    unit_id: U1,
    unit_name: 'Unit 1',
    individual_id: ind(1),
    individual_name: 'One',
    service_type: 'home_care_day_evening',
    granted_minutes: granted,
    performed_seconds: performedSeconds,
    visits: 1,
  });
  // [granted minutes, performed seconds, threshold, deviation %, flagged]
  const cases: [number, number, number, number | null, boolean][] = [
    [120, 120 * 60, 20, 0, false],
    [120, 150 * 60, 20, 25, true],
    [120, 150 * 60, 30, 25, false],
    [600, 60 * 60, 20, -90, true],
    [120, 96 * 60, 20, -20, true], // exactly the threshold
    [120, 97 * 60, 20, -19.2, false],
    [0, 30 * 60, 20, null, true], // time without granted time
    [0, 0, 20, null, false],
    [1800, 0, 20, -100, true],
    [90, 100, 20, -98.1, true], // 1.67 minutes
  ];
  for (const [granted, performed, threshold, deviation, flagged] of cases) {
    t.match(performedVsGrantedItem(row(granted, performed), threshold), { grantedMinutes: granted, deviationPercent: deviation, flagged }, `${granted} granted, ${performed} s performed, threshold ${threshold}`);
  }
  t.equal(performedVsGrantedItem(row(90, 100), 20).performedMinutes, 1.67, 'minutes with two decimals');
});

t.test('continuity per unit, declined share per unit', async (t) => {
  const item = (unit: string, n: number, distinct: number) =>
    continuityItem({ organisation_id: ORG_A, unit_id: unit, unit_name: unit === U1 ? 'Unit 1' : 'Unit 2', individual_id: ind(n), individual_name: `#${n}`, distinct_staff: distinct, visits: distinct });
  const items = [item(U1, 1, 3), item(U1, 2, 1), item(U2, 3, 2), item(U1, 4, 1)];
  t.same(continuityUnits(items), [
    { organisationId: ORG_A, unitId: U1, unitName: 'Unit 1', individuals: 3, maxDistinctStaff: 3, averageDistinctStaff: 1.7 },
    { organisationId: ORG_A, unitId: U2, unitName: 'Unit 2', individuals: 1, maxDistinctStaff: 2, averageDistinctStaff: 2 },
  ]);
  t.same(continuityUnits([]), []);
  t.match(continuityCsv('2019-05-01', '2019-05-14', items).split('\r\n')[1], /^2019-05-01,2019-05-14,/);

  const kinds = (performed: number, added: number, declined: number) =>
    visitKindsItem({ organisation_id: ORG_A, organisation_name: 'A', unit_id: U1, unit_name: 'Unit 1', performed_visits: performed, added_visits: added, added_seconds: 0, declined_visits: declined, declined_seconds: 0 });
  const shares: [number, number, number, number | null][] = [
    [6, 1, 1, 12.5],
    [0, 0, 3, 100],
    [2, 0, 1, 33.3],
    [0, 0, 0, null],
  ];
  for (const [p, a, d, share] of shares) t.equal(kinds(p, a, d).declinedPercent, share, `${p} performed, ${a} added, ${d} declined`);
});

t.test('periods: a month, and days added', async (t) => {
  const months: [string, { from: string; to: string; last: string; days: number }][] = [
    ['2019-05', { from: '2019-05-01', to: '2019-06-01', last: '2019-05-31', days: 31 }],
    ['2024-02', { from: '2024-02-01', to: '2024-03-01', last: '2024-02-29', days: 29 }],
    ['2025-02', { from: '2025-02-01', to: '2025-03-01', last: '2025-02-28', days: 28 }],
    ['2025-12', { from: '2025-12-01', to: '2026-01-01', last: '2025-12-31', days: 31 }],
    ['2025-03', { from: '2025-03-01', to: '2025-04-01', last: '2025-03-31', days: 31 }], // DST changes on 03-30: dates, not instants
  ];
  for (const [month, range] of months) t.same(monthRange(month), range, month);
  const days: [string, number, string][] = [
    ['2019-05-01', 14, '2019-05-15'],
    ['2019-05-15', -1, '2019-05-14'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2025-03-29', 2, '2025-03-31'],
    ['2019-05-01', 0, '2019-05-01'],
  ];
  for (const [date, n, result] of days) t.equal(addDays(date, n), result, `${date} + ${n}`);
});

t.test('pickRate (the statement lines’ rate): the latest rate of the kind that starts on or before the day', async (t) => {
  const rates = [
    { providerKind: 'municipal' as const, validFrom: '2019-05-01', hourlyOre: 46000, inconvenientOre: 53800 },
    { providerKind: 'private' as const, validFrom: '2019-05-01', hourlyOre: 46700, inconvenientOre: 54600 },
    { providerKind: 'private' as const, validFrom: '2020-01-01', hourlyOre: 48000, inconvenientOre: 56200 },
  ];
  t.equal(pickRate(rates, 'private', '2019-04-30'), null, 'before the first rate');
  t.equal(pickRate(rates, 'private', '2019-05-01')?.hourlyOre, 46700, 'on its first day');
  t.equal(pickRate(rates, 'private', '2019-12-31')?.hourlyOre, 46700, 'until the next of its kind');
  t.equal(pickRate(rates, 'private', '2020-01-01')?.hourlyOre, 48000, 'the next from its first day');
  t.equal(pickRate(rates, 'municipal', '2021-06-01')?.hourlyOre, 46000, 'another kind’s change does not end it');
  t.equal(pickRate(rates, 'municipal', '2019-04-01'), null);
  t.same([...rateStarts(rates)], [['municipal', ['2019-05-01']], ['private', ['2019-05-01', '2020-01-01']]], 'rateStarts: the days each kind’s rates start');
});
