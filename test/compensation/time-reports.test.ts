import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, postVisits, provider, reporterTokens, statement, visit, type StatementLine } from '../helpers/compensation.js';

const outcomes = (res: { json(): { results: { outcome: string }[] } }) => res.json().results.map((r) => r.outcome);
const reasons = (res: { json(): { results: { reason: string | null }[] } }) => res.json().results.map((r) => r.reason);

t.test('outcomes: created, unchanged on re-send, corrected with the old version kept', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const admin = await ta.tokenFor('admin-anna');
  const individualId = await addIndividual(db, 'Correction case');
  await assign(db, { individualId, unitId: provider.private.unitId, organisationId: provider.private.organisationId });

  const first = visit({ externalId: 'phoniro-1001', individualId, checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T10:00:00+02:00', plannedStart: '2019-05-14T09:00:00+02:00', plannedEnd: '2019-05-14T09:45:00+02:00' });
  const created = await postVisits(app, tokens.private, [first]);
  t.equal(created.statusCode, 200);
  t.match(created.json(), { received: 1, created: 1, unchanged: 0, corrected: 0, rejected: 0 });
  t.match(created.json().results[0], { index: 0, externalId: 'phoniro-1001', outcome: 'created', version: 1, reason: null });

  // The system retries: the same visit is unchanged, also written with another offset or with milliseconds.
  const retry = await postVisits(app, tokens.private, [first]);
  t.same(outcomes(retry), ['unchanged']);
  t.equal(retry.json().results[0].timeReportId, created.json().results[0].timeReportId);
  t.same(outcomes(await postVisits(app, tokens.private, [{ ...first, checkIn: '2019-05-14T07:00:00.400Z' }])), ['unchanged'], 'the same instant in UTC, fraction dropped');

  // A correction: check-out later. The new version counts, the old one is kept.
  const corrected = await postVisits(app, tokens.private, [{ ...first, checkOut: '2019-05-14T10:30:00+02:00' }]);
  t.match(corrected.json().results[0], { outcome: 'corrected', version: 2 });
  t.same(outcomes(await postVisits(app, tokens.private, [{ ...first, checkOut: '2019-05-14T10:30:00+02:00' }])), ['unchanged'], 'the correction re-sent');

  const versions = await app.inject({ url: '/v1/time-reports?externalId=phoniro-1001', headers: bearer(tokens.private) });
  t.equal(versions.statusCode, 200);
  const items = versions.json().items;
  t.equal(items.length, 2, 'both versions are kept');
  t.match(items[0], { version: 1, current: false, checkOut: '2019-05-14T08:00:00.000Z' });
  t.ok(items[0].supersededAt);
  t.match(items[1], { version: 2, current: true, checkOut: '2019-05-14T08:30:00.000Z', supersededAt: null, plannedEnd: '2019-05-14T07:45:00.000Z' });
  t.equal((await app.inject({ url: '/v1/time-reports?externalId=phoniro-1001', headers: bearer(tokens.municipal) })).json().items.length, 0, 'another system’s externalIds are its own');
  const byAdmin = await app.inject({ url: '/v1/time-reports?externalId=phoniro-1001&reportingSystem=phoniro-omsorg-vast', headers: bearer(admin) });
  t.same(byAdmin.json().items.map((i: { version: number }) => i.version), [1, 2], 'admin names the reporting system');

  let line = (await statement(app, admin, 'month=2019-05')).json().lines.find((l: StatementLine) => l.individualId === individualId);
  t.match(line, { normalSeconds: 5400, performedVisits: 1, amountOre: 70050 }, 'only the new version counts');

  // A correction that breaks a rule is rejected and the counting version stays.
  const bad = await postVisits(app, tokens.private, [{ ...first, unitId: demo.unit.otherProvider }]);
  t.same(outcomes(bad), ['rejected']);
  line = (await statement(app, admin, 'month=2019-05')).json().lines.find((l: StatementLine) => l.individualId === individualId);
  t.match(line, { normalSeconds: 5400 });

  // Corrected to declined: pays nothing and is counted apart.
  t.same(outcomes(await postVisits(app, tokens.private, [{ ...first, checkOut: '2019-05-14T10:30:00+02:00', status: 'declined' }])), ['corrected']);
  line = (await statement(app, admin, 'month=2019-05')).json().lines.find((l: StatementLine) => l.individualId === individualId);
  t.match(line, { normalSeconds: 0, amountOre: 0, performedVisits: 0, declinedVisits: 1, declinedSeconds: 5400 });
  t.equal((await app.inject({ url: '/v1/time-reports?externalId=phoniro-1001', headers: bearer(tokens.private) })).json().items.length, 3);
});

t.test('a bad visit never blocks the good ones; each gets its reason', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const individualId = await addIndividual(db, 'Batch case');
  await assign(db, { individualId, unitId: provider.private.unitId, organisationId: provider.private.organisationId, startDate: '2019-05-02', endDate: '2019-05-31' });
  const base = { individualId, checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T10:00:00+02:00' };
  const hour = (h: number) => ({ checkIn: `2019-05-20T${String(h).padStart(2, '0')}:00:00+02:00`, checkOut: `2019-05-20T${String(h).padStart(2, '0')}:30:00+02:00` });

  const table: [string, unknown, string | RegExp | null][] = [
    ['good', visit({ ...base, externalId: 'good-1' }), null],
    ['check-out before check-in', visit({ ...base, checkIn: '2019-05-14T11:00:00+02:00' }), 'checkOut must be after checkIn'],
    ['24 hours or more', visit({ individualId, checkIn: '2019-05-15T09:00:00+02:00', checkOut: '2019-05-16T09:00:00+02:00' }), 'a visit must last less than 24 hours'],
    ['unknown unit', visit({ ...hour(8), individualId, unitId: '99999999-0000-4000-8000-000000000000' }), 'unknown unit'],
    ['another organisation’s unit', visit({ ...hour(9), individualId, unitId: demo.unit.municipalCentrum, staffId: 'municipal-mats' }), /another organisation/],
    ['staff of another organisation', visit({ ...hour(10), individualId, staffId: 'municipal-mats' }), 'the staff member does not belong to the unit’s organisation'],
    ['unknown staff', visit({ ...hour(11), individualId, staffId: 'nobody' }), 'unknown staff member'],
    ['before the assignment starts', visit({ individualId, checkIn: '2019-05-01T09:00:00+02:00', checkOut: '2019-05-01T10:00:00+02:00' }), /does not perform home_care_day_evening for this individual on 2019-05-01/],
    ['after it ends', visit({ individualId, checkIn: '2019-06-01T09:00:00+02:00', checkOut: '2019-06-01T10:00:00+02:00' }), /on 2019-06-01/],
    ['a service the unit does not perform for the individual', visit({ ...hour(12), individualId, serviceType: 'relief' }), /does not perform relief/],
    ['an individual the unit does not serve', visit({ ...hour(13), individualId: demo.individual.bertil }), /does not perform/],
    ['malformed: no checkOut', { externalId: 'x-1', individualId, unitId: provider.private.unitId, staffId: 'care-karin', serviceType: 'home_care_day_evening', checkIn: '2019-05-14T09:00:00Z', status: 'performed' }, /body\.visits\.11\.checkOut/],
    ['malformed: unknown status', visit({ ...hour(14), individualId, status: 'cancelled' as 'performed' }), /status/],
    ['malformed: not an object', 'hello', /not a valid visit/],
    ['the same externalId twice in a batch', visit({ ...hour(15), individualId, externalId: 'good-1' }), /more than once/],
    ['good too', visit({ ...hour(16), individualId }), null],
  ];
  const res = await postVisits(app, tokens.private, table.map(([, v]) => v));
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.match(body, { received: table.length, created: 2, rejected: table.length - 2 });
  table.forEach(([name, , reason], i) => {
    const r = body.results[i];
    t.equal(r.index, i);
    if (reason === null) t.equal(r.outcome, 'created', name);
    else {
      t.equal(r.outcome, 'rejected', name);
      t.match(r.reason, reason, name);
    }
  });
  t.equal(body.results[11].errors[0].path, 'body.visits.11.checkOut');
  t.same(reasons(await postVisits(app, tokens.private, [table[0]![1]])), [null], 'the good visit was stored: a re-send is unchanged');
});

t.test('batch size, roles and content type', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const individualId = await addIndividual(db, 'Big batch');
  const one = visit({ individualId, checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T10:00:00+02:00' });
  const tooMany = await postVisits(app, tokens.private, Array.from({ length: 5001 }, (_, i) => ({ ...one, externalId: `big-${i}` })));
  t.equal(tooMany.statusCode, 400);
  t.equal(tooMany.json().errors[0].path, 'body.visits');
  t.equal((await postVisits(app, tokens.private, [])).statusCode, 400, 'an empty batch');
  t.equal((await app.inject({ method: 'POST', url: '/v1/time-reports', headers: bearer(tokens.private), payload: { visits: [one], extra: 1 } })).statusCode, 400);
  for (const who of ['care-karin', 'manager-maria', 'admin-anna', 'eku-erik']) {
    const token = await ta.tokenFor(who);
    const res = await postVisits(app, token, [one]);
    t.equal(res.statusCode, 403, `${who} may not report visits`);
    // Without the role a bad body is 403 too, with no field errors: the declaration is checked before the body.
    for (const payload of [{ visits: [] }, { visits: [one], extra: 1 }, { nothing: true }]) {
      const bad = await app.inject({ method: 'POST', url: '/v1/time-reports', headers: bearer(token), payload });
      t.equal(bad.statusCode, 403, `${who}, bad body ${JSON.stringify(payload).slice(0, 30)}: 403, not 400`);
      t.notOk(bad.json().errors);
    }
  }
  t.equal((await app.inject({ method: 'POST', url: '/v1/time-reports', payload: { visits: [one] } })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url: '/v1/time-reports', payload: { visits: [] } })).statusCode, 401, 'no token, bad body: 401');
  for (const who of ['care-karin', 'manager-maria', 'eku-erik', 'caseworker-cecilia']) {
    t.equal((await app.inject({ url: '/v1/time-reports?externalId=x', headers: bearer(await ta.tokenFor(who)) })).statusCode, 403, `${who} lists no visit versions`);
  }
  t.equal((await app.inject({ url: '/v1/time-reports', headers: bearer(await ta.tokenFor('care-karin')) })).statusCode, 403, 'no externalId, no role: 403');
});

t.test('double staffing: each staff member counts only when the service needs two', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const admin = await ta.tokenFor('admin-anna');
  const two = await addIndividual(db, 'Needs two staff');
  await assign(db, { individualId: two, unitId: provider.private.unitId, organisationId: provider.private.organisationId, needsTwoStaff: true });
  const one = await addIndividual(db, 'Needs one staff');
  await assign(db, { individualId: one, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
  const slot = { checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T10:00:00+02:00' };
  const later = { checkIn: '2019-05-14T09:30:00+02:00', checkOut: '2019-05-14T10:30:00+02:00' };

  const res = await postVisits(app, tokens.private, [
    visit({ individualId: two, ...slot, staffId: 'care-karin' }),
    visit({ individualId: two, ...slot, staffId: 'care-kalle' }),
    visit({ individualId: two, ...later, staffId: 'care-karin' }), // Karin twice at once
    visit({ individualId: one, ...slot, staffId: 'care-karin' }),
    visit({ individualId: one, ...later, staffId: 'care-kalle' }), // a second staff member, not granted
    visit({ individualId: one, ...later, staffId: 'care-kalle', status: 'declined' }), // declined visits never overlap
  ]);
  t.same(outcomes(res), ['created', 'created', 'rejected', 'created', 'rejected', 'created']);
  t.match(res.json().results[2].reason, /same staff member/);
  t.match(res.json().results[4].reason, /does not need two staff/);
  // Against stored visits too, in a later batch.
  const again = await postVisits(app, tokens.private, [visit({ individualId: one, ...later, staffId: 'care-kalle' }), visit({ individualId: two, ...later, staffId: 'nurse-lena' })]);
  t.same(outcomes(again), ['rejected', 'created']);
  // Back to back is not an overlap.
  t.same(outcomes(await postVisits(app, tokens.private, [visit({ individualId: one, checkIn: slot.checkOut, checkOut: '2019-05-14T10:15:00+02:00', staffId: 'care-kalle' })])), ['created']);

  const lines = (await statement(app, admin, 'month=2019-05')).json().lines as StatementLine[];
  t.match(lines.find((l) => l.individualId === two), { normalSeconds: 3 * 3600, performedVisits: 3, amountOre: 3 * 46700 }, 'each of the staff counts');
  t.match(lines.find((l) => l.individualId === one), { normalSeconds: 3600 + 900, performedVisits: 2, declinedVisits: 1 });
});
