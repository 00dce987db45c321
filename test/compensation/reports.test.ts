import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, postVisits, provider, reporterTokens, visit } from '../helpers/compensation.js';

const at = (day: string, from: string, to: string) => ({ checkIn: `${day}T${from}:00+02:00`, checkOut: `${day}T${to}:00+02:00` });

t.test('follow-up: performed against granted time, continuity, declined and added visits', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const eku = bearer(await ta.tokenFor('eku-erik'));
  const org = `organisationId=${demo.org.privateProvider}`;

  // Granted 120 min a month, performed 120: on target. Granted 600, performed 60: −90 %. Granted 62 min for half
  // of May (pro rata 31 min), performed 45: +45 %. No granted time, 30 performed: flagged.
  const onTarget = await addIndividual(db, 'On target');
  const under = await addIndividual(db, 'Under');
  const halfMonth = await addIndividual(db, 'Half month');
  const noGrant = await addIndividual(db, 'No granted time');
  const p = { unitId: provider.private.unitId, organisationId: provider.private.organisationId };
  await assign(db, { ...p, individualId: onTarget, grantedMinutesPerMonth: 120 });
  await assign(db, { ...p, individualId: under, grantedMinutesPerMonth: 600 });
  await assign(db, { ...p, individualId: halfMonth, grantedMinutesPerMonth: 62, startDate: '2019-05-01', endDate: '2019-05-15' });
  await assign(db, { ...p, individualId: noGrant, grantedMinutesPerMonth: null });

  const res = await postVisits(app, tokens.private, [
    visit({ individualId: onTarget, ...at('2019-05-06', '09:00', '10:00'), staffId: 'care-karin' }),
    visit({ individualId: onTarget, ...at('2019-05-08', '09:00', '09:30'), staffId: 'care-kalle' }),
    visit({ individualId: onTarget, ...at('2019-05-10', '09:00', '09:30'), staffId: 'nurse-lena', status: 'added' }),
    visit({ individualId: onTarget, ...at('2019-05-13', '09:00', '09:30'), staffId: 'care-kalle', status: 'declined' }),
    visit({ individualId: onTarget, ...at('2019-05-27', '09:00', '09:30'), staffId: 'manager-maria' }), // outside the first 14 days
    visit({ individualId: under, ...at('2019-05-07', '09:00', '10:00'), staffId: 'care-karin' }),
    visit({ individualId: halfMonth, ...at('2019-05-07', '09:00', '09:45'), staffId: 'care-karin' }),
    visit({ individualId: noGrant, ...at('2019-05-07', '12:00', '12:30'), staffId: 'care-karin' }),
  ]);
  t.equal(res.json().created, 8);

  const pvg = await app.inject({ url: `/v1/compensation/reports/performed-vs-granted?month=2019-05&${org}`, headers: eku });
  t.equal(pvg.statusCode, 200);
  const byId = (id: string) => pvg.json().items.find((i: { individualId: string }) => i.individualId === id);
  t.equal(pvg.json().thresholdPercent, 20, 'default threshold');
  t.match(byId(onTarget), { grantedMinutes: 120, performedMinutes: 150, visits: 4, deviationPercent: 25, flagged: true });
  t.match(byId(under), { grantedMinutes: 600, performedMinutes: 60, deviationPercent: -90, flagged: true });
  t.match(byId(halfMonth), { grantedMinutes: 30, performedMinutes: 45, deviationPercent: 50, flagged: true });
  t.match(byId(noGrant), { grantedMinutes: 0, performedMinutes: 30, deviationPercent: null, flagged: true });
  // Astrid (demo) has 1800 granted minutes and no visits.
  t.match(byId(demo.individual.astrid), { grantedMinutes: 1800, performedMinutes: 0, deviationPercent: -100, flagged: true });
  const lenient = await app.inject({ url: `/v1/compensation/reports/performed-vs-granted?month=2019-05&${org}&thresholdPercent=30`, headers: eku });
  t.equal(lenient.json().items.find((i: { individualId: string }) => i.individualId === onTarget).flagged, false, '25 % is under a 30 % threshold');
  t.equal((await app.inject({ url: `/v1/compensation/reports/performed-vs-granted?month=2019-05&thresholdPercent=-1`, headers: eku })).statusCode, 400);

  const pvgCsv = await app.inject({ url: `/v1/compensation/reports/performed-vs-granted?month=2019-05&${org}`, headers: { ...eku, accept: 'text/csv' } });
  t.match(pvgCsv.headers['content-type'], /^text\/csv/);
  t.equal(pvgCsv.body.trim().split('\r\n').length, pvg.json().items.length + 1);

  // Continuity over the first 14 days of May: Karin, Kalle and Lena (declined visits and later ones left out).
  const cont = await app.inject({ url: `/v1/compensation/reports/continuity?from=2019-05-01&${org}`, headers: eku });
  t.equal(cont.statusCode, 200);
  t.match(cont.json(), { from: '2019-05-01', to: '2019-05-14' });
  t.match(cont.json().items.find((i: { individualId: string }) => i.individualId === onTarget), { distinctStaff: 3, visits: 3 });
  t.match(cont.json().units, [{ unitId: provider.private.unitId, individuals: 4, maxDistinctStaff: 3, averageDistinctStaff: 1.5 }]);
  const month = await app.inject({ url: `/v1/compensation/reports/continuity?from=2019-05-01&days=31&${org}`, headers: eku });
  t.match(month.json().items.find((i: { individualId: string }) => i.individualId === onTarget), { distinctStaff: 4, visits: 4 });

  // Declined and added visits per unit.
  const kinds = await app.inject({ url: `/v1/compensation/reports/declined-added?month=2019-05`, headers: eku });
  t.equal(kinds.statusCode, 200);
  t.match(kinds.json().items, [{ unitId: provider.private.unitId, performedVisits: 6, addedVisits: 1, addedSeconds: 1800, declinedVisits: 1, declinedSeconds: 1800, declinedPercent: 12.5 }]);
  const kindsCsv = await app.inject({ url: `/v1/compensation/reports/declined-added?month=2019-05`, headers: { ...eku, accept: 'text/csv' } });
  t.match(kindsCsv.body, /^month,organisationId,organisationName,unitId,unitName,performedVisits,addedVisits,addedSeconds,declinedVisits,declinedSeconds,declinedPercent\r\n2019-05,/);
});
