import t from 'tap';
import { accessLog } from '../../src/db/access-log.js';
import { eq } from 'drizzle-orm';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, newPin, postVisits, provider, reporterTokens, statement, visit, type StatementLine } from '../helpers/compensation.js';
import { individuals, units } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';

// Rates from the seed migration (öre): private 46 700 / 54 600, municipal 46 000 / 53 800.
// Every case is an individual of its own, so its statement line shows exactly its visits.
// Times carry their offset: +02:00 is summer time (CEST), +01:00 winter time (CET) in Göteborg.
interface Case {
  name: string;
  kind?: 'private' | 'municipal';
  visits: { checkIn: string; checkOut: string; status?: 'performed' | 'declined' | 'added' }[];
  month: string;
  expect: Partial<StatementLine> | null;
}

const cases: Case[] = [
  { name: 'weekday day (Tue 09–10)', visits: [{ checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T10:00:00+02:00' }], month: '2019-05', expect: { normalSeconds: 3600, inconvenientSeconds: 0, amountOre: 46700, performedVisits: 1 } },
  { name: 'weekday evening (Tue 20–21)', visits: [{ checkIn: '2019-05-14T20:00:00+02:00', checkOut: '2019-05-14T21:00:00+02:00' }], month: '2019-05', expect: { normalSeconds: 0, inconvenientSeconds: 3600, amountOre: 54600 } },
  { name: 'crossing 19:00 (18:30–19:30)', visits: [{ checkIn: '2019-05-14T18:30:00+02:00', checkOut: '2019-05-14T19:30:00+02:00' }], month: '2019-05', expect: { normalSeconds: 1800, inconvenientSeconds: 1800, amountOre: 50650 } },
  { name: 'crossing 07:00 (06:30–07:30)', visits: [{ checkIn: '2019-05-16T06:30:00+02:00', checkOut: '2019-05-16T07:30:00+02:00' }], month: '2019-05', expect: { normalSeconds: 1800, inconvenientSeconds: 1800, amountOre: 50650 } },
  { name: 'overnight (Tue 22:00 – Wed 08:00)', visits: [{ checkIn: '2019-05-14T22:00:00+02:00', checkOut: '2019-05-15T08:00:00+02:00' }], month: '2019-05', expect: { normalSeconds: 3600, inconvenientSeconds: 32400, amountOre: 538100 } },
  { name: 'Saturday, 10:00–11:30', visits: [{ checkIn: '2019-05-18T10:00:00+02:00', checkOut: '2019-05-18T11:30:00+02:00' }], month: '2019-05', expect: { normalSeconds: 0, inconvenientSeconds: 5400, amountOre: 81900 } },
  { name: 'Sunday night into Monday 07:30', visits: [{ checkIn: '2019-05-19T23:00:00+02:00', checkOut: '2019-05-20T07:30:00+02:00' }], month: '2019-05', expect: { normalSeconds: 1800, inconvenientSeconds: 28800, amountOre: 460150 } },
  { name: 'public holiday: Ascension Day (Thu 2019-05-30)', visits: [{ checkIn: '2019-05-30T10:00:00+02:00', checkOut: '2019-05-30T11:00:00+02:00' }], month: '2019-05', expect: { normalSeconds: 0, inconvenientSeconds: 3600, amountOre: 54600 } },
  { name: 'public holiday: National Day (Thu 2019-06-06)', visits: [{ checkIn: '2019-06-06T10:00:00+02:00', checkOut: '2019-06-06T11:00:00+02:00' }], month: '2019-06', expect: { normalSeconds: 0, inconvenientSeconds: 3600, amountOre: 54600 } },
  { name: 'Midsummer Eve (Fri 2019-06-21, the project’s default)', visits: [{ checkIn: '2019-06-21T10:00:00+02:00', checkOut: '2019-06-21T11:00:00+02:00' }], month: '2019-06', expect: { normalSeconds: 0, inconvenientSeconds: 3600, amountOre: 54600 } },
  { name: 'an ordinary Monday after Midsummer (2019-06-24)', visits: [{ checkIn: '2019-06-24T10:00:00+02:00', checkOut: '2019-06-24T11:00:00+02:00' }], month: '2019-06', expect: { normalSeconds: 3600, inconvenientSeconds: 0, amountOre: 46700 } },
  { name: 'DST autumn night: Sat 22:00 CEST – Sun 04:00 CET is 7 hours', visits: [{ checkIn: '2019-10-26T22:00:00+02:00', checkOut: '2019-10-27T04:00:00+01:00' }], month: '2019-10', expect: { normalSeconds: 0, inconvenientSeconds: 25200, amountOre: 382200 } },
  { name: 'DST autumn: the repeated hour 02:30 CEST – 02:30 CET is one hour', visits: [{ checkIn: '2019-10-27T00:30:00Z', checkOut: '2019-10-27T01:30:00Z' }], month: '2019-10', expect: { normalSeconds: 0, inconvenientSeconds: 3600, amountOre: 54600 } },
  { name: 'DST spring night: Sat 23:00 CET – Sun 04:00 CEST is 4 hours', visits: [{ checkIn: '2020-03-28T23:00:00+01:00', checkOut: '2020-03-29T04:00:00+02:00' }], month: '2020-03', expect: { normalSeconds: 0, inconvenientSeconds: 14400, amountOre: 218400 } },
  { name: 'DST spring: 01:30 CET – 03:30 CEST is one hour', visits: [{ checkIn: '2020-03-29T01:30:00+01:00', checkOut: '2020-03-29T03:30:00+02:00' }], month: '2020-03', expect: { normalSeconds: 0, inconvenientSeconds: 3600, amountOre: 54600 } },
  { name: 'municipal provider, weekday day', kind: 'municipal', visits: [{ checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T10:00:00+02:00' }], month: '2019-05', expect: { normalSeconds: 3600, amountOre: 46000, providerKind: 'municipal', hourlyOre: 46000, inconvenientOre: 53800 } },
  { name: 'municipal provider, evening', kind: 'municipal', visits: [{ checkIn: '2019-05-14T20:00:00+02:00', checkOut: '2019-05-14T21:00:00+02:00' }], month: '2019-05', expect: { inconvenientSeconds: 3600, amountOre: 53800 } },
  { name: 'declined: pays nothing, counted apart', visits: [{ checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T09:05:00+02:00', status: 'declined' }], month: '2019-05', expect: { normalSeconds: 0, inconvenientSeconds: 0, amountOre: 0, performedVisits: 0, declinedVisits: 1, declinedSeconds: 300 } },
  { name: 'added: pays its time', visits: [{ checkIn: '2019-05-14T12:00:00+02:00', checkOut: '2019-05-14T12:45:00+02:00', status: 'added' }], month: '2019-05', expect: { normalSeconds: 2700, amountOre: 35025, performedVisits: 0, addedVisits: 1 } },
  { name: 'half an öre rounds up (18 s × 46 700 / 3 600 = 233.5)', visits: [{ checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T09:00:18+02:00' }], month: '2019-05', expect: { normalSeconds: 18, amountOre: 234 } },
  {
    name: 'seconds summed exactly, rounded once per line (2 × 18 s = 467, not 2 × 234)',
    visits: [
      { checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T09:00:18+02:00' },
      { checkIn: '2019-05-14T10:00:00+02:00', checkOut: '2019-05-14T10:00:18+02:00' },
    ],
    month: '2019-05',
    expect: { normalSeconds: 36, amountOre: 467, performedVisits: 2 },
  },
  { name: 'crossing into 2019-05-01 (a holiday): only the May hour counts in May', visits: [{ checkIn: '2019-04-30T23:00:00+02:00', checkOut: '2019-05-01T01:00:00+02:00' }], month: '2019-05', expect: { normalSeconds: 0, inconvenientSeconds: 3600, amountOre: 54600, performedVisits: 0 } },
  { name: 'a visit on 2019-04-30 is not in the May statement', visits: [{ checkIn: '2019-04-30T10:00:00+02:00', checkOut: '2019-04-30T11:00:00+02:00' }], month: '2019-05', expect: null },
];

t.test('the split and the money, table-driven through the API', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const admin = await ta.tokenFor('admin-anna');

  const individualOf = new Map<string, string>();
  for (const c of cases) {
    const kind = c.kind ?? 'private';
    const individualId = await addIndividual(db, c.name);
    individualOf.set(c.name, individualId);
    await assign(db, { individualId, unitId: provider[kind].unitId, organisationId: provider[kind].organisationId });
    const res = await postVisits(
      app,
      tokens[kind],
      c.visits.map((v) => visit({ individualId, ...v }, kind)),
    );
    t.equal(res.statusCode, 200, `${c.name}: posted`);
    t.same(res.json().results.map((r: { outcome: string }) => r.outcome), c.visits.map(() => 'created'), `${c.name}: created`);
  }

  const statements = new Map<string, { lines: StatementLine[] }>();
  for (const month of new Set(cases.map((c) => c.month))) {
    const res = await statement(app, admin, `month=${month}`);
    t.equal(res.statusCode, 200, `statement ${month}`);
    statements.set(month, res.json());
  }
  for (const c of cases) {
    const lines = statements.get(c.month)!.lines.filter((l) => l.individualId === individualOf.get(c.name));
    if (c.expect === null) {
      t.equal(lines.length, 0, `${c.name}: no line`);
      continue;
    }
    t.equal(lines.length, 1, `${c.name}: one line`);
    t.match(lines[0], c.expect, c.name);
  }

  // The totals are sums of the lines; units and organisations agree.
  const may = statements.get('2019-05') as unknown as {
    lines: StatementLine[];
    units: { unitId: string; amountOre: number }[];
    organisations: { organisationId: string; amountOre: number; providerKind: string }[];
    total: { amountOre: number; declinedVisits: number };
  };
  const sum = (ls: StatementLine[]) => ls.reduce((a, l) => a + l.amountOre, 0);
  t.equal(may.total.amountOre, sum(may.lines), 'the total is the sum of the lines');
  for (const u of may.units) t.equal(u.amountOre, sum(may.lines.filter((l) => l.unitId === u.unitId)), 'unit total');
  for (const o of may.organisations) t.equal(o.amountOre, sum(may.lines.filter((l) => l.organisationId === o.organisationId)), 'organisation total');
  t.match(may.organisations.find((o) => o.organisationId === provider.private.organisationId), { providerKind: 'private' });
  t.equal(may.total.declinedVisits, 1);

  // No hourly rate before 2019-05-01: April 2019 is a clear 422, not a zero.
  const april = await statement(app, admin, 'month=2019-04');
  t.equal(april.statusCode, 422);
  t.equal(april.json().type, '/problems/unprocessable');
  t.match(april.json().detail, /2019-05-01/);
  t.equal((await statement(app, admin, 'month=2018-12')).statusCode, 422);
  t.equal((await statement(app, admin, 'month=2019-13')).statusCode, 400, 'not a month');

  // CSV: the same lines.
  const csv = await app.inject({ url: '/v1/compensation/statements?month=2019-05', headers: { ...bearer(admin), accept: 'text/csv' } });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
  const rows = csv.body.trim().split('\r\n');
  t.equal(rows[0], 'month,lineType,organisationId,organisationName,unitId,unitName,individualId,individualName,providerKind,rateValidFrom,hourlyOre,inconvenientOre,normalSeconds,inconvenientSeconds,performedVisits,addedVisits,declinedVisits,declinedSeconds,amountOre,amountKronor,closedMonth,externalId');
  t.equal(rows.length - 2, may.lines.length, 'one CSV row per line, then the totals row');
  const overnight = rows.find((r) => r.includes(individualOf.get('overnight (Tue 22:00 – Wed 08:00)')!))!;
  t.match(overnight, /,private,2019-05-01,46700,54600,3600,32400,1,0,0,0,538100,5381\.00,,$/);
  const t0 = may.total as unknown as Record<'normalSeconds' | 'inconvenientSeconds' | 'performedVisits' | 'addedVisits' | 'declinedVisits' | 'declinedSeconds' | 'amountOre', number>;
  t.equal(rows.at(-1), `2019-05,total,,Summa,,,,,,,,,${t0.normalSeconds},${t0.inconvenientSeconds},${t0.performedVisits},${t0.addedVisits},${t0.declinedVisits},${t0.declinedSeconds},${t0.amountOre},${(t0.amountOre / 100).toFixed(2)},,`, 'the totals row: the statement’s total');
  t.match(rows.find((r) => r.includes(individualOf.get('Saturday, 10:00–11:30')!))!, /,"Saturday, 10:00–11:30",private,/, 'a name with a comma is quoted');

  // Every individual in the statement is in the access log.
  const logged = await db.select().from(accessLog).where(eq(accessLog.resourceType, 'compensation_statement'));
  const mayIndividuals = new Set(may.lines.map((l) => l.individualId));
  for (const id of mayIndividuals) t.ok(logged.some((e) => e.individualId === id && e.action === 'read' && e.actorId === 'admin-anna'), 'audit-logged');
});

t.test('a rate added for the middle of a month applies from local midnight of its day', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const eku = await ta.tokenFor('eku-erik');
  const admin = await ta.tokenFor('admin-anna');

  const privateOne = await addIndividual(db, 'Rate change, private');
  await assign(db, { individualId: privateOne, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
  const municipalOne = await addIndividual(db, 'Rate change, municipal');
  await assign(db, { individualId: municipalOne, unitId: provider.municipal.unitId, organisationId: provider.municipal.organisationId });
  const posted = await postVisits(app, tokens.private, [
    visit({ individualId: privateOne, checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T10:00:00+02:00' }),
    visit({ individualId: privateOne, checkIn: '2019-05-16T09:00:00+02:00', checkOut: '2019-05-16T10:00:00+02:00' }),
    // Tue 23:00 – Wed 01:00: one inconvenient hour at each rate.
    visit({ individualId: privateOne, checkIn: '2019-05-14T23:00:00+02:00', checkOut: '2019-05-15T01:00:00+02:00' }),
  ]);
  t.equal(posted.json().created, 3);
  t.equal((await postVisits(app, tokens.municipal, [visit({ individualId: municipalOne, checkIn: '2019-05-16T09:00:00+02:00', checkOut: '2019-05-16T10:00:00+02:00' }, 'municipal')])).json().created, 1);

  const before = (await statement(app, eku, 'month=2019-05')).json();
  t.equal(before.lines.filter((l: StatementLine) => l.individualId === privateOne).length, 1, 'one line before the new rate');

  // The contract unit's admin adds the rate after the visits: the statement uses the rate table as it is now.
  const rate = await app.inject({ method: 'POST', url: '/v1/compensation/rates', headers: bearer(admin), payload: { providerKind: 'private', validFrom: '2019-05-15', hourlyOre: 50000 } });
  t.equal(rate.statusCode, 201);
  t.match(rate.json(), { providerKind: 'private', validFrom: '2019-05-15', hourlyOre: 50000, inconvenientOre: 58500, createdBy: 'admin-anna' }, '+17 %, whole kronor');

  const after = (await statement(app, eku, 'month=2019-05')).json();
  const lines = after.lines.filter((l: StatementLine) => l.individualId === privateOne);
  t.equal(lines.length, 2, 'one line per rate period');
  t.match(lines[0], { rateValidFrom: '2019-05-01', hourlyOre: 46700, inconvenientOre: 54600, normalSeconds: 3600, inconvenientSeconds: 3600, amountOre: 46700 + 54600, performedVisits: 2 });
  t.match(lines[1], { rateValidFrom: '2019-05-15', hourlyOre: 50000, inconvenientOre: 58500, normalSeconds: 3600, inconvenientSeconds: 3600, amountOre: 50000 + 58500, performedVisits: 1 });
  t.match(
    after.lines.find((l: StatementLine) => l.individualId === municipalOne),
    { rateValidFrom: '2019-05-01', hourlyOre: 46000, amountOre: 46000 },
    'the municipal rate is unchanged',
  );
  const list = await app.inject({ url: '/v1/compensation/rates', headers: bearer(eku) });
  t.same(
    list.json().items.map((r: { providerKind: string; validFrom: string; hourlyOre: number; inconvenientOre: number }) => [r.providerKind, r.validFrom, r.hourlyOre, r.inconvenientOre]),
    [
      ['municipal', '2019-05-01', 46000, 53800],
      ['private', '2019-05-01', 46700, 54600],
      ['private', '2019-05-15', 50000, 58500],
    ],
  );
});

t.test('a rate change of one provider kind does not split the other kind’s lines; two changes in a month make three periods', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const eku = await ta.tokenFor('eku-erik');
  const admin = bearer(await ta.tokenFor('admin-anna'));
  const privateOne = await addIndividual(db, 'Three periods, private');
  await assign(db, { individualId: privateOne, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
  const municipalOne = await addIndividual(db, 'One period, municipal');
  await assign(db, { individualId: municipalOne, unitId: provider.municipal.unitId, organisationId: provider.municipal.organisationId });
  const day = (d: number) => ({ checkIn: `2019-06-${String(d).padStart(2, '0')}T09:00:00+02:00`, checkOut: `2019-06-${String(d).padStart(2, '0')}T10:00:00+02:00` });
  t.equal((await postVisits(app, tokens.private, [3, 12, 25].map((d) => visit({ individualId: privateOne, ...day(d) })))).json().created, 3);
  t.equal((await postVisits(app, tokens.municipal, [3, 12, 25].map((d) => visit({ individualId: municipalOne, ...day(d) }, 'municipal')))).json().created, 3);
  for (const validFrom of ['2019-06-10', '2019-06-20']) {
    t.equal((await app.inject({ method: 'POST', url: '/v1/compensation/rates', headers: admin, payload: { providerKind: 'private', validFrom, hourlyOre: 50000 + Number(validFrom.slice(-2)) * 100 } })).statusCode, 201);
  }
  const june = (await statement(app, eku, 'month=2019-06')).json();
  const privateLines = june.lines.filter((l: StatementLine) => l.individualId === privateOne);
  t.same(
    privateLines.map((l: StatementLine) => [l.rateValidFrom, l.hourlyOre, l.normalSeconds, l.performedVisits]),
    [
      ['2019-05-01', 46700, 3600, 1],
      ['2019-06-10', 51000, 3600, 1],
      ['2019-06-20', 52000, 3600, 1],
    ],
    'one line per private rate period, in order',
  );
  const municipalLines = june.lines.filter((l: StatementLine) => l.individualId === municipalOne);
  t.equal(municipalLines.length, 1, 'the municipal individual keeps one line: the private rate starts do not cut it');
  t.match(municipalLines[0], { rateValidFrom: '2019-05-01', hourlyOre: 46000, normalSeconds: 3 * 3600, performedVisits: 3, amountOre: 3 * 46000 });
});

t.test('lines come in the order of organisation, unit and individual names, not of their ids', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const admin = await ta.tokenFor('admin-anna');
  const { organisationId, staffId } = provider.private;
  // Ids chosen so that id order is the reverse of name order (single words: every collation orders them alike).
  const unitAlfa = 'ffffffff-0000-4000-8000-00000000a1fa';
  const unitBeta = '00000000-0000-4000-8000-00000000be7a';
  await db.insert(units).values([
    { id: unitBeta, organisationId, name: 'Ordningbeta' },
    { id: unitAlfa, organisationId, name: 'Ordningalfa' },
  ]);
  const ann = 'ffffffff-0000-4000-8000-000000000a00';
  const bo = '00000000-0000-4000-8000-000000000b00';
  await db.insert(individuals).values([
    { id: bo, name: 'Ordningbo', districtId: demo.org.district, personalIdentityNumber: newPin() },
    { id: ann, name: 'Ordningann', districtId: demo.org.district, personalIdentityNumber: newPin() },
  ]);
  const visits = [];
  for (const unitId of [unitBeta, unitAlfa]) {
    for (const individualId of [bo, ann]) {
      await assign(db, { individualId, unitId, organisationId });
      // One staff member: a visit an hour after the other (overlaps would be refused).
      const hour = String(8 + visits.length * 2).padStart(2, '0');
      visits.push(visit({ individualId, unitId, staffId, checkIn: `2021-03-09T${hour}:00:00+01:00`, checkOut: `2021-03-09T${hour}:30:00+01:00`, externalId: `order-${unitId}-${individualId}` }));
    }
  }
  t.same((await postVisits(app, tokens.private, visits)).json().results.map((r: { outcome: string }) => r.outcome), ['created', 'created', 'created', 'created']);

  for (const scope of ['', `&organisationId=${organisationId}`]) {
    const res = await statement(app, admin, `month=2021-03${scope}`);
    t.equal(res.statusCode, 200);
    const mine = (res.json().lines as StatementLine[]).filter((l) => l.unitId === unitAlfa || l.unitId === unitBeta).map((l) => [l.unitId, l.individualId]);
    t.same(mine, [[unitAlfa, ann], [unitAlfa, bo], [unitBeta, ann], [unitBeta, bo]], `unit names, then individual names${scope ? ' (one provider)' : ''}`);
  }
});
