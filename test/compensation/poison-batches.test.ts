import t from 'tap';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, postVisits, provider, reporterTokens, visit } from '../helpers/compensation.js';

// Issue 10: one bad visit never fails a batch. A NUL character in a text field, or an instant in year 9999, turned the
// whole batch into a 500 (or stored a visit in year 9999); a time-reporting system that retries looped for ever.

interface Outcome {
  index: number;
  outcome: string;
  reason: string | null;
  errors?: { path: string; message: string }[];
}

const future = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();

t.test('each poison visit is rejected alone, naming its fields; the good ones are stored; a retry is safe', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const individualId = await addIndividual(db, 'Poison batch');
  await assign(db, { individualId, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
  const slot = (day: number) => ({ checkIn: `2019-06-${String(day).padStart(2, '0')}T09:00:00+02:00`, checkOut: `2019-06-${String(day).padStart(2, '0')}T10:00:00+02:00` });

  // [name, the visit, the field paths its outcome names (null: created)]
  const table: [string, unknown, string[] | null][] = [
    ['good', visit({ individualId, externalId: 'good-1', ...slot(1) }), null],
    ['NUL in externalId', visit({ individualId, externalId: 'bad\u0000id', ...slot(2) }), ['externalId']],
    ['NUL in staffId', visit({ individualId, staffId: 'care-\u0000karin', ...slot(3) }), ['staffId']],
    ['check-in in year 9999', visit({ individualId, checkIn: '9999-05-14T09:00:00+02:00', checkOut: '9999-05-14T10:00:00+02:00' }), ['checkIn', 'checkOut']],
    ['check-in in year 1', visit({ individualId, checkIn: '0001-05-14T09:00:00+02:00', checkOut: '0001-05-14T10:00:00+02:00' }), ['checkIn', 'checkOut']],
    ['before the window (2019-04-29)', visit({ individualId, checkIn: '2019-04-29T09:00:00+02:00', checkOut: '2019-04-29T10:00:00+02:00' }), ['checkIn', 'checkOut']],
    ['days in the future', visit({ individualId, checkIn: future, checkOut: new Date(Date.parse(future) + 3600_000).toISOString() }), ['checkIn', 'checkOut']],
    ['planned in year 9999', visit({ individualId, ...slot(4), plannedStart: '9999-06-04T09:00:00+02:00', plannedEnd: '9999-06-04T10:00:00+02:00' }), ['plannedStart', 'plannedEnd']],
    ['a number for a text', { ...visit({ individualId, ...slot(5) }), staffId: 42 }, ['staffId']],
    ['a huge externalId', visit({ individualId, externalId: 'x'.repeat(10_000), ...slot(6) }), ['externalId']],
    ['a NUL in an unknown field name', { ...visit({ individualId, ...slot(7) }), 'note\u0000': 'x' }, ['']],
    ['good too', visit({ individualId, externalId: 'good-2', ...slot(8) }), null],
  ];
  const batch = table.map(([, v]) => v);
  const res = await postVisits(app, tokens.private, batch);
  t.equal(res.statusCode, 200, 'the batch is answered, not refused whole');
  const body = res.json() as { created: number; rejected: number; results: Outcome[] };
  t.match(body, { created: 2, rejected: table.length - 2 });
  table.forEach(([name, , fields], i) => {
    const r = body.results[i]!;
    if (fields === null) return t.equal(r.outcome, 'created', name);
    t.equal(r.outcome, 'rejected', name);
    t.match(r.reason, /^not a valid visit: body\.visits\./, name);
    const paths = (r.errors ?? []).map((e) => e.path);
    for (const f of fields) t.ok(paths.some((p) => p.startsWith(`body.visits.${i}${f ? `.${f}` : ''}`)), `${name}: names body.visits.${i}${f ? `.${f}` : ''} (${paths.join(', ')})`);
  });
  t.match(body.results[1]!.errors, [{ path: 'body.visits.1.externalId', message: /NUL/ }]);
  t.match(body.results[3]!.errors, [{ path: 'body.visits.3.checkIn', message: /2019-04-30T00:00:00\+02:00/ }, { path: 'body.visits.3.checkOut' }]);

  // The system retries the same batch: the good ones are unchanged, the bad ones rejected again, never a 5xx.
  const retry = await postVisits(app, tokens.private, batch);
  t.equal(retry.statusCode, 200);
  t.match(retry.json(), { created: 0, unchanged: 2, rejected: table.length - 2 });

  // Nothing of year 9999 (or any other rejected visit) was stored.
  const versions = await app.inject({ url: '/v1/time-reports?externalId=bad%00id', headers: bearer(tokens.private) });
  t.equal(versions.statusCode, 400, 'a NUL in a query is refused by the global guard');
  const stored = await app.inject({ url: `/v1/time-reports?externalId=${encodeURIComponent((batch[3] as { externalId: string }).externalId)}`, headers: bearer(tokens.private) });
  t.same(stored.json().items, [], 'the year-9999 visit is not stored');
});

t.test('a 5,000-visit batch with one poison visit stores the other 4,999', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const individualId = await addIndividual(db, 'Big poison batch');
  await assign(db, { individualId, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
  const start = Date.parse('2019-06-01T00:00:00Z');
  const visits: unknown[] = Array.from({ length: 5000 }, (_, i) =>
    visit({ individualId, externalId: `big-${i}`, checkIn: new Date(start + i * 3600_000).toISOString(), checkOut: new Date(start + i * 3600_000 + 1800_000).toISOString() }),
  );
  visits[4321] = { ...(visits[4321] as object), externalId: 'poison\u0000' };
  visits[17] = { ...(visits[17] as object), checkIn: '9999-12-31T23:00:00Z' };
  const res = await postVisits(app, tokens.private, visits);
  t.equal(res.statusCode, 200);
  const body = res.json() as { created: number; rejected: number; results: Outcome[] };
  t.match(body, { received: 5000, created: 4998, rejected: 2 });
  t.match(body.results[4321], { outcome: 'rejected', errors: [{ path: 'body.visits.4321.externalId' }] });
  t.match(body.results[17], { outcome: 'rejected', errors: [{ path: 'body.visits.17.checkIn' }] });
});

t.test('only the envelope refuses the whole request; the OpenAPI documents the visit and its window', async (t) => {
  const ta = await createTestApp(t, { demo: true });
  const { app } = ta;
  const tokens = await reporterTokens(ta);
  const one = visit({ individualId: '30000000-0000-4000-8000-000000000001', checkIn: '2019-05-14T09:00:00+02:00', checkOut: '2019-05-14T10:00:00+02:00' });
  for (const [name, payload] of [
    ['no visits', { visits: [] }],
    ['visits not an array', { visits: 'x' }],
    ['another field', { visits: [one], extra: 1 }],
    ['a NUL in an envelope field name', { visits: [one], 'x\u0000': 1 }],
    ['5,001 visits', { visits: Array.from({ length: 5001 }, () => one) }],
  ] as const) {
    const res = await app.inject({ method: 'POST', url: '/v1/time-reports', headers: bearer(tokens.private), payload });
    t.equal(res.statusCode, 400, name);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', name);
  }

  const spec = (await app.inject({ url: '/openapi.json' })).json();
  const op = spec.paths['/v1/time-reports'].post;
  const visits = op.requestBody.content['application/json'].schema.properties.visits;
  t.equal(visits.maxItems, 5000);
  t.match(JSON.stringify(visits.items), /TimeReportVisit/, 'the items are the documented visit, not "anything"');
  const visitSchema = spec.components.schemas.TimeReportVisit;
  t.match(visitSchema.properties.checkIn.description, /2019-04-30T00:00:00\+02:00 to 24 hours after the batch arrives/);
  t.match(op.description, /rejected.*body\.visits\.17\.checkIn/s);
});
