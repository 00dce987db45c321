import t from 'tap';
import { csvPieces, jsonPieces } from '../../src/compensation/answers.js';
import { statementSchema } from '../../src/compensation/schemas.js';
import { csvColumns, toCsv } from '../../src/http/csv.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, postVisits, provider, reporterTokens, visit } from '../helpers/compensation.js';

// Large answers are written in pieces (issue 11: the city's statement took 2.9 s where its query took 1.2 s, most of
// it in the serializer, and the process stalled while it was written). The pieces make the same JSON and CSV.

t.test('pieces join to the same JSON value and the same CSV text', async (t) => {
  for (const n of [0, 1, 2, 999, 1000, 1001, 2500]) {
    const items = Array.from({ length: n }, (_, i) => ({ i, name: `=HYPERLINK("x${i}") Åsa Öberg ✓`, note: i % 7 ? null : 'a, "quoted"\r\nline' }));
    for (const body of [{ month: '2019-05', items, total: { n } }, { items }]) {
      const text = Buffer.concat([...jsonPieces(body, 'items', 400)]).toString('utf8');
      t.same(JSON.parse(text), body, `JSON, ${n} items, ${Object.keys(body).length} fields`);
    }
    const table = csvColumns<(typeof items)[number]>([
      { name: 'i', kind: 'integer', value: (x) => x.i },
      { name: 'name', value: (x) => x.name },
      { name: 'note', value: (x) => x.note },
    ]).table(items);
    for (const dialect of ['rfc4180', 'excel-sv'] as const) {
      t.equal(Buffer.concat([...csvPieces(table, dialect, 400)]).toString('utf8'), toCsv(table, dialect), `CSV (${dialect}), ${n} rows (formula guard kept)`);
    }
  }
});

t.test('the streamed statement and reports are whole, valid answers (JSON and CSV)', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const admin = bearer(await ta.tokenFor('admin-anna'));
  const start = Date.parse('2019-05-02T06:00:00Z');
  const visits = [];
  for (let k = 0; k < 30; k++) {
    const individualId = await addIndividual(db, k === 0 ? '=cmd|calc' : `Individual ${k}`);
    await assign(db, { individualId, unitId: provider.private.unitId, organisationId: provider.private.organisationId, grantedMinutesPerMonth: 600 });
    for (let d = 0; d < 3; d++) visits.push(visit({ individualId, checkIn: new Date(start + d * 86_400_000 + k * 60_000).toISOString(), checkOut: new Date(start + d * 86_400_000 + k * 60_000 + 1800_000).toISOString() }));
  }
  t.match((await postVisits(app, tokens.private, visits)).json(), { created: 90 });

  const json = await app.inject({ url: '/v1/compensation/statements?month=2019-05', headers: admin });
  t.equal(json.statusCode, 200);
  t.equal(json.headers['content-type'], 'application/json; charset=utf-8');
  t.equal(json.headers['cache-control'], 'no-store');
  const statement = statementSchema.parse(json.json());
  const ours = statement.lines.filter((l) => l.organisationId === provider.private.organisationId && l.performedVisits === 3);
  t.equal(ours.length, 30, 'every line is there');
  t.equal(statement.total.amountOre, statement.lines.reduce((a, l) => a + l.amountOre, 0));

  const csv = await app.inject({ url: '/v1/compensation/statements?month=2019-05', headers: { ...admin, accept: 'text/csv' } });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-disposition'], /statement-2019-05\.csv/);
  const rows = csv.body.split('\r\n').filter(Boolean);
  t.equal(rows.length, statement.lines.length + 2, 'a header, one row per line and the totals row');
  t.ok(rows.some((r) => r.includes(`'=cmd|calc`)), 'the formula guard of the one CSV writer');

  for (const url of ['/v1/compensation/reports/performed-vs-granted?month=2019-05', '/v1/compensation/reports/continuity?from=2019-05-01', '/v1/compensation/reports/declined-added?month=2019-05']) {
    const r = await app.inject({ url, headers: admin });
    t.equal(r.statusCode, 200, url);
    t.ok(Array.isArray(r.json().items), `${url}: JSON with its items`);
    const c = await app.inject({ url, headers: { ...admin, accept: 'text/csv' } });
    t.equal(c.statusCode, 200, `${url} CSV`);
    t.equal(c.body.split('\r\n').filter(Boolean).length, r.json().items.length + 1, `${url}: one CSV row per item`);
  }
});
