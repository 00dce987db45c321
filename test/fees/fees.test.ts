import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { accessLog } from '../../src/db/access-log.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, postVisits, provider, reporterTokens, visit } from '../helpers/compensation.js';

// The individual's fee (avgift), computed by hand. Seeded from 2020-01: 213 SEK/h (21 300 öre), maxtaxa 2 125 SEK
// (212 500 öre). This test sets the safety-alarm fee to 208 SEK (20 800 öre) from 2020-01 and a new hourly fee of
// 220 SEK (22 000 öre) from 2020-07. All visits on weekdays in normal hours at the private provider.
interface Line {
  individualId: string;
  performedSeconds: number;
  performedVisits: number;
  declinedVisits: number;
  hourlyFeeOre: number;
  hoursOre: number;
  alarmMonth: boolean;
  alarmOre: number;
  beforeCapOre: number;
  maxtaxaOre: number;
  individualCeilingOre: number | null;
  capOre: number;
  capSource: string;
  capApplied: boolean;
  feeOre: number;
}

const hours = (day: string, from: number, h: number, status: 'performed' | 'declined' = 'performed') => ({
  checkIn: `${day}T${String(from).padStart(2, '0')}:00:00+01:00`,
  checkOut: `${day}T${String(from + h).padStart(2, '0')}:00:00+01:00`,
  status,
});

interface Case {
  name: string;
  visits: { checkIn: string; checkOut: string; status: 'performed' | 'declined' }[];
  alarm?: boolean;
  ceilingOre?: number;
  month: string;
  expect: Partial<Line>;
}

const cases: Case[] = [
  { name: 'under the ceiling: 2 h', month: '2020-03', visits: [hours('2020-03-03', 9, 2)], expect: { performedSeconds: 7200, hoursOre: 42600, beforeCapOre: 42600, capOre: 212500, capSource: 'maxtaxa', capApplied: false, feeOre: 42600 } },
  {
    name: 'exactly at maxtaxa: 9 h and the alarm (191 700 + 20 800)',
    month: '2020-03',
    alarm: true,
    visits: [hours('2020-03-03', 9, 4), hours('2020-03-04', 9, 5)],
    expect: { performedSeconds: 32400, hoursOre: 191700, alarmMonth: true, alarmOre: 20800, beforeCapOre: 212500, capApplied: false, feeOre: 212500 },
  },
  {
    name: 'over maxtaxa: 12 h',
    month: '2020-03',
    visits: [hours('2020-03-03', 8, 6), hours('2020-03-05', 8, 6)],
    expect: { performedSeconds: 43200, hoursOre: 255600, beforeCapOre: 255600, capOre: 212500, capSource: 'maxtaxa', capApplied: true, feeOre: 212500 },
  },
  {
    name: 'an individual ceiling lower than maxtaxa: 3 h, avgiftsutrymme 500 SEK',
    month: '2020-03',
    ceilingOre: 50000,
    visits: [hours('2020-03-03', 9, 3)],
    expect: { hoursOre: 63900, beforeCapOre: 63900, individualCeilingOre: 50000, capOre: 50000, capSource: 'individual_ceiling', capApplied: true, feeOre: 50000 },
  },
  { name: 'an alarm month: 1 h and the alarm', month: '2020-03', alarm: true, visits: [hours('2020-03-03', 9, 1)], expect: { hoursOre: 21300, alarmOre: 20800, beforeCapOre: 42100, feeOre: 42100 } },
  { name: 'an alarm month with no visits', month: '2020-03', alarm: true, visits: [], expect: { performedSeconds: 0, hoursOre: 0, alarmOre: 20800, feeOre: 20800 } },
  {
    name: 'declined visits are not charged',
    month: '2020-03',
    visits: [hours('2020-03-03', 9, 2), hours('2020-03-04', 9, 1, 'declined'), hours('2020-03-05', 9, 1, 'declined')],
    expect: { performedSeconds: 7200, performedVisits: 1, declinedVisits: 2, hoursOre: 42600, feeOre: 42600 },
  },
  {
    name: 'seconds summed exactly, rounded once: 2 × 18 s = 213 öre, not 2 × 107',
    month: '2020-03',
    visits: [
      { checkIn: '2020-03-03T09:00:00+01:00', checkOut: '2020-03-03T09:00:18+01:00', status: 'performed' },
      { checkIn: '2020-03-04T09:00:00+01:00', checkOut: '2020-03-04T09:00:18+01:00', status: 'performed' },
    ],
    expect: { performedSeconds: 36, hoursOre: 213, feeOre: 213 },
  },
  { name: 'before the mid-year change: June at 213 SEK', month: '2020-06', visits: [{ checkIn: '2020-06-03T09:00:00+02:00', checkOut: '2020-06-03T10:00:00+02:00', status: 'performed' }], expect: { hourlyFeeOre: 21300, hoursOre: 21300, feeOre: 21300 } },
  { name: 'after the mid-year change: August at 220 SEK', month: '2020-08', visits: [{ checkIn: '2020-08-04T09:00:00+02:00', checkOut: '2020-08-04T10:00:00+02:00', status: 'performed' }], expect: { hourlyFeeOre: 22000, hoursOre: 22000, feeOre: 22000 } },
];

t.test('the fee: golden cases, rates as data, freezing, visibility', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const reporters = await reporterTokens(ta);
  const admin = await ta.tokenFor('admin-anna');
  const erik = await ta.tokenFor('eku-erik');
  const cecilia = await ta.tokenFor('caseworker-cecilia');
  const hugo = await ta.tokenFor('caseworker-hugo');
  const maria = await ta.tokenFor('manager-maria');
  const mats = await ta.tokenFor('municipal-mats');
  const fees = (token: string, query: string, headers: Record<string, string> = {}) => app.inject({ url: `/v1/fees/statements?${query}`, headers: { ...bearer(token), ...headers } });
  const addRate = (token: string, payload: object) => app.inject({ method: 'POST', url: '/v1/fees/rates', headers: bearer(token), payload });

  const ids = new Map<string, string>();
  for (const c of cases) {
    const id = await addIndividual(db, c.name);
    ids.set(c.name, id);
    await assign(db, { individualId: id, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
    if (c.alarm) await assign(db, { individualId: id, unitId: demo.unit.alarm, organisationId: demo.org.alarmUnit, serviceType: 'safety_alarm', startDate: '2020-03-15', endDate: '2020-03-20' });
    if (c.visits.length) {
      const res = await postVisits(app, reporters.private, c.visits.map((v) => visit({ individualId: id, ...v })));
      t.equal(res.json().created, c.visits.length, `${c.name}: stored`);
    }
    if (c.ceilingOre !== undefined) {
      const res = await app.inject({ method: 'POST', url: '/v1/fees/ceilings', headers: bearer(cecilia), payload: { individualId: id, validFrom: '2020-03-15', validTo: '2020-12-31', monthlyOre: c.ceilingOre } });
      t.equal(res.statusCode, 201, `${c.name}: ceiling recorded`);
    }
  }

  await t.test('rates are data: no alarm fee by default (422), set by the contract unit’s admin', async (t) => {
    const rates = await app.inject({ url: '/v1/fees/rates', headers: bearer(cecilia) });
    t.same(rates.json().items.map((r: { component: string; validFrom: string; amountOre: number }) => [r.component, r.validFrom, r.amountOre]), [
      ['hourly', '2020-01-01', 21300],
      ['monthly_ceiling', '2020-01-01', 212500],
    ], 'the 2020 seed, no alarm fee');
    const missing = await fees(erik, 'month=2020-03');
    t.equal(missing.statusCode, 422, 'an alarm month without an alarm fee');
    t.match(missing.json().detail, /alarm/);
    t.equal((await fees(erik, 'month=2019-12')).statusCode, 422, 'before the first fee rate');
    t.equal((await addRate(maria, { component: 'alarm_monthly', validFrom: '2020-01-01', amountOre: 20800 })).statusCode, 403, 'not a provider');
    t.equal((await addRate(cecilia, { component: 'alarm_monthly', validFrom: '2020-01-01', amountOre: 20800 })).statusCode, 403, 'not a case worker');
    t.equal((await addRate(admin, { component: 'alarm_monthly', validFrom: '2020-01-15', amountOre: 20800 })).statusCode, 400, 'a month’s first day');
    t.equal((await addRate(admin, { component: 'alarm_monthly', validFrom: '2020-01-01', amountOre: -1 })).statusCode, 400, 'not negative');
    t.equal((await addRate(admin, { component: 'alarm_monthly', validFrom: '2020-01-01', amountOre: 20800 })).statusCode, 201);
    t.equal((await addRate(admin, { component: 'hourly', validFrom: '2020-07-01', amountOre: 22000 })).statusCode, 201, 'the mid-year change');
    t.equal((await addRate(admin, { component: 'hourly', validFrom: '2020-07-01', amountOre: 22100 })).statusCode, 409, 'never overwritten');
  });

  await t.test('golden cases', async (t) => {
    const byMonth = new Map<string, Line[]>();
    for (const month of new Set(cases.map((c) => c.month))) {
      const res = await fees(cecilia, `month=${month}`);
      t.equal(res.statusCode, 200, month);
      byMonth.set(month, res.json().lines);
    }
    for (const c of cases) {
      const lines = byMonth.get(c.month)!.filter((l) => l.individualId === ids.get(c.name));
      t.equal(lines.length, 1, `${c.name}: one line`);
      t.match(lines[0], { maxtaxaOre: 212500, ...c.expect }, c.name);
      t.equal(lines[0]!.feeOre, Math.min(lines[0]!.beforeCapOre, lines[0]!.capOre), `${c.name}: the fee is the sum capped`);
    }
  });

  await t.test('visibility: never a provider; a case worker only their district; reporting any', async (t) => {
    for (const [who, token] of [['provider manager', maria], ['municipal provider', mats], ['contract unit admin', admin], ['time reporter', reporters.private]] as const) {
      t.equal((await fees(token, 'month=2020-03')).statusCode, 403, who);
      t.equal((await app.inject({ url: `/v1/fees/ceilings?individualId=${ids.get(cases[0]!.name)}`, headers: bearer(token) })).statusCode, 403, `${who}: ceilings`);
    }
    t.equal((await fees(hugo, `month=2020-03&districtId=${demo.org.district}`)).statusCode, 403, 'another district');
    const hugos = await fees(hugo, 'month=2020-03');
    t.equal(hugos.statusCode, 200);
    t.same(hugos.json().lines.filter((l: Line) => [...ids.values()].includes(l.individualId)), [], 'none of Centrum’s individuals');
    t.equal(hugos.json().districtId, demo.org.otherDistrict);
    t.equal((await fees(erik, `month=2020-03&districtId=${demo.org.privateProvider}`)).statusCode, 404, 'not a district');
    const all = await fees(erik, 'month=2020-03');
    t.equal(all.statusCode, 200, 'reporting reads every district');
    t.ok(all.json().lines.length >= cases.filter((c) => c.month === '2020-03').length);
    const other = await app.inject({ method: 'POST', url: '/v1/fees/ceilings', headers: bearer(hugo), payload: { individualId: ids.get(cases[0]!.name), validFrom: '2020-01-01', monthlyOre: 100 } });
    t.equal(other.statusCode, 404, 'another district’s individual is not found');
    const listed = await app.inject({ url: `/v1/fees/ceilings?individualId=${ids.get(cases[3]!.name)}`, headers: bearer(cecilia) });
    t.match(listed.json().items, [{ validFrom: '2020-03-15', validTo: '2020-12-31', monthlyOre: 50000, recordedBy: 'caseworker-cecilia' }]);
    const logged = await db.select().from(accessLog).where(and(eq(accessLog.individualId, ids.get(cases[0]!.name)!), eq(accessLog.resourceType, 'fee_statement'), eq(accessLog.actorId, 'caseworker-cecilia')));
    t.ok(logged.length >= 1, 'reading fees is in the access log');
    const csv = await fees(cecilia, 'month=2020-03', { accept: 'text/csv' });
    t.equal(csv.statusCode, 200);
    t.match(csv.headers['content-type'], /text\/csv/);
    const rows = csv.body.trim().split('\r\n');
    t.match(rows[0], /^month,individualId,individualName,districtId,performedSeconds/);
    t.ok(rows.some((r) => r.includes(ids.get(cases[2]!.name)!) && r.endsWith(',maxtaxa,true,212500,2125.00')), 'a capped line in CSV, the fee in kronor too');
    const json = (await fees(cecilia, 'month=2020-03')).json() as { total: { beforeCapOre: number; feeOre: number } };
    const header = rows[0]!.split(',');
    const totals = rows.at(-1)!.split(',');
    t.equal(totals[header.indexOf('individualName')], 'Summa', 'a totals row');
    t.equal(Number(totals[header.indexOf('feeOre')]), json.total.feeOre, 'the totals row sums the fees');
    t.equal(Number(totals[header.indexOf('beforeCapOre')]), json.total.beforeCapOre);
    const sv = await fees(cecilia, 'month=2020-03&csvDialect=excel-sv', { accept: 'text/csv' });
    t.ok(sv.body.startsWith('\uFEFFmonth;individualId;'), 'the Swedish dialect: BOM and semicolons');
    t.ok(sv.body.includes(';2125,00\r\n'), 'and kronor with a decimal comma');
  });

  await t.test('closing a month freezes its fees', async (t) => {
    const before = (await fees(cecilia, 'month=2020-03')).json();
    t.equal(before.closed, false);
    const closed = await app.inject({ method: 'POST', url: '/v1/compensation/periods/2020-03/close', headers: bearer(admin) });
    t.equal(closed.statusCode, 201);
    t.equal(closed.json().feesFrozen, true);
    // A 3 h visit reported after the closing: the frozen fee stays as it was.
    const id = ids.get(cases[0]!.name)!;
    const corrected = await postVisits(app, reporters.private, [visit({ externalId: 'fee-late', individualId: id, ...hours('2020-03-10', 9, 3) })]);
    t.equal(corrected.json().results[0].outcome, 'corrected-after-close');
    const after = (await fees(cecilia, 'month=2020-03')).json();
    t.equal(after.closed, true);
    t.same(after.lines, before.lines, 'the fees as they were at closing');
    t.equal((await app.inject({ method: 'POST', url: '/v1/fees/rates', headers: bearer(admin), payload: { component: 'monthly_ceiling', validFrom: '2020-03-01', amountOre: 100 } })).statusCode, 201);
    const later = (await fees(cecilia, 'month=2020-03')).json();
    t.same(later.lines, before.lines, 'a rate added later does not change a closed month');
    t.same(later.rates, before.rates, 'nor the rates it shows');
    t.equal((await fees(cecilia, 'month=2020-04')).json().rates.maxtaxaOre, 100, 'an open month uses it');
  });
});
