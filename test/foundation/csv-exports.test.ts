// Every CSV export through the one writer (issue 15): camelCase headers everywhere, `?format=csv` in today's form,
// `csvDialect=excel-sv` for a Swedish spreadsheet (BOM, semicolons, decimal commas, kronor).
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';

const BOM = '\uFEFF';

t.test('CSV exports: camelCase headers, ?format=csv, the excel-sv dialect and the totals row', async (t) => {
  const ta = await createTestApp(t);
  const { app } = ta;
  const admin = bearer(await ta.tokenFor('admin-anna'));
  const maria = bearer(await ta.tokenFor('manager-maria'));
  const exports = [
    { url: '/v1/compensation/statements?month=2025-03', headers: admin },
    { url: '/v1/compensation/reports/performed-vs-granted?month=2025-03', headers: admin },
    { url: '/v1/compensation/reports/continuity?from=2025-03-01&days=14', headers: admin },
    { url: '/v1/compensation/reports/declined-added?month=2025-03', headers: admin },
    { url: '/v1/delegations?state=active', headers: maria },
    { url: `/v1/providers/${demo.org.privateProvider}/waiting-list?status=all`, headers: maria },
  ];
  for (const e of exports) {
    const viaAccept = await app.inject({ url: e.url, headers: { ...e.headers, accept: 'text/csv; header=present' } });
    t.equal(viaAccept.statusCode, 200, `${e.url}: ${viaAccept.body.slice(0, 200)}`);
    t.equal(viaAccept.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    const header = viaAccept.body.split('\r\n')[0]!;
    t.notOk(header.startsWith(BOM), 'no BOM by default');
    t.same(header.split(',').filter((h) => !/^[a-z][A-Za-z]*$/.test(h)), [], `${e.url}: camelCase headers (${header})`);

    const viaQuery = await app.inject({ url: `${e.url}&format=csv`, headers: e.headers });
    t.equal(viaQuery.body, viaAccept.body, `${e.url}: ?format=csv is the same CSV`);
    const json = await app.inject({ url: `${e.url}&format=json`, headers: { ...e.headers, accept: 'text/csv' } });
    t.match(json.headers['content-type'], /^application\/json/, '?format=json wins over Accept');

    const sv = await app.inject({ url: `${e.url}&csvDialect=excel-sv`, headers: { ...e.headers, accept: 'text/csv; header=present' } });
    t.ok(sv.body.startsWith(BOM), `${e.url}: excel-sv starts with a BOM`);
    t.equal(sv.body.slice(1).split('\r\n')[0], header.split(',').join(';'), 'the same columns, separated by semicolons');
  }

  // The statement in the Swedish dialect: names with å/ä/ö intact, decimal commas for kronor, the totals row.
  const json = (await app.inject({ url: '/v1/compensation/statements?month=2025-03', headers: admin })).json();
  t.ok(json.lines.length > 0, 'the demo month has lines');
  const res = await app.inject({ url: '/v1/compensation/statements?month=2025-03&format=csv&csvDialect=excel-sv', headers: admin });
  const bytes = res.rawPayload;
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM bytes');
  const rows = new TextDecoder('utf-8').decode(bytes).trim().split('\r\n').map((r) => r.split(';'));
  const head = rows[0]!;
  const col = (row: string[], name: string) => row[head.indexOf(name)]!;
  const first = rows[1]!;
  t.equal(col(first, 'unitName'), json.lines[0].unitName, 'å/ä/ö round-trip');
  t.match(json.lines[0].unitName, /[åäöÅÄÖ]/, 'the demo unit name has a Swedish letter');
  t.equal(col(first, 'amountKronor'), (json.lines[0].amountOre / 100).toFixed(2).replace('.', ','), 'kronor with a decimal comma');
  t.equal(col(first, 'amountOre'), String(json.lines[0].amountOre), 'öre stay whole');
  const totals = rows.at(-1)!;
  t.equal(col(totals, 'organisationName'), 'Summa');
  t.equal(col(totals, 'amountOre'), String(json.total.amountOre), 'the totals row is the statement’s total');
  t.equal(col(totals, 'amountKronor'), (json.total.amountOre / 100).toFixed(2).replace('.', ','));
  t.equal(rows.length, json.lines.length + 2, 'header, lines, totals');

  const bad = await app.inject({ url: '/v1/compensation/statements?month=2025-03&format=csv&csvDialect=excel', headers: admin });
  t.equal(bad.statusCode, 400, 'an unknown dialect is refused');
});
