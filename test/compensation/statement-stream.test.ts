import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import t from 'tap';
import { and, eq } from 'drizzle-orm';
import { monthRange } from '../../src/calendar/month.js';
import { adjustmentLines, withAdjustments } from '../../src/compensation/adjustment-lines.js';
import { closingInForce } from '../../src/compensation/closing.js';
import { closedStatementStream, statementStream } from '../../src/compensation/statement-answer.js';
import { eachPricedBatch, pricedLines, type StatementReader } from '../../src/compensation/statement.sql.js';
import { statementCsvRows, statementOf, type StatementLine } from '../../src/compensation/statement-totals.js';
import { auditEvents } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';
import { toCsv } from '../../src/http/csv.js';
import { openSpools, Spool } from '../../src/http/spool.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, postVisits, provider, reporterTokens, visit } from '../helpers/compensation.js';

// Issue 11: the city's month answered with memory that does not grow with its lines. The lines are read from a cursor a
// batch at a time, priced, summed and written to a temporary file (a spool); the totals go before (JSON) or after
// (CSV) them. Batches of a few lines here make the same answers as the statement read at once.

const MONTH = '2019-05';
// The text as sent (TextDecoder, as in stream/consumers' text(), would drop the BOM).
const text = async (stream: Readable) => (await buffer(stream)).toString('utf8');
const reader = (requestId: string): StatementReader => ({ actor: { sub: 'admin-anna', org: demo.org.contractUnit, roles: ['admin'] }, resourceType: 'compensation_statement', resourceId: `all:${MONTH}`, requestId });

t.test('a spool gives back head, its bytes and tail, and is closed when the stream ends or is cut off', async (t) => {
  const big = Buffer.alloc(200_000, 'x');
  for (const memoryBytes of [1_000_000, 100_000]) {
    const where = memoryBytes > 200_000 ? 'in memory' : 'in a file';
    const spool = new Spool(memoryBytes);
    t.equal(openSpools(), 1);
    await spool.write([Buffer.from('a'), Buffer.alloc(0)]);
    await spool.write([big, Buffer.from('ö')]);
    t.equal(spool.bytes, 1 + big.length + 2);
    t.equal(spool.inFile, memoryBytes < 200_000, where);
    t.equal(await text(spool.stream(Buffer.from('['), Buffer.from(']'))), `[a${big.toString()}ö]`, `${where}: head, the bytes in order, tail`);
    t.equal(openSpools(), 0, `${where}: closed at the end`);

    const cut = new Spool(memoryBytes);
    await cut.write([big, big]);
    const stream = cut.stream(Buffer.from('{'), Buffer.from('}'));
    stream.once('data', () => stream.destroy());
    await once(stream, 'close');
    t.equal(openSpools(), 0, `${where}: closed when the reader goes away mid-way`);

    const unread = new Spool(memoryBytes);
    await unread.write([big]);
    const never = unread.stream(Buffer.from(''), Buffer.from(''));
    never.destroy();
    await once(never, 'close');
    t.equal(openSpools(), 0, `${where}: closed when destroyed before it was read`);
  }
});

t.test('read in batches, the statement is the one read at once (JSON and CSV), logged once, spool closed', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  // Seven individuals at the private provider and two at the municipal one (of another district), names out of id
  // order; a visit across 19:00.
  const visits = [];
  const otherDistrict = new Set<string>();
  for (let k = 0; k < 9; k++) {
    const kind = k < 7 ? 'private' : 'municipal';
    const individualId = await addIndividual(db, `${String.fromCharCode(90 - k)}-individual`, k >= 7 ? demo.org.otherDistrict : demo.org.district);
    if (k >= 7) otherDistrict.add(individualId);
    await assign(db, { individualId, unitId: provider[kind].unitId, organisationId: provider[kind].organisationId });
    visits.push(visit({ individualId, checkIn: `2019-05-0${1 + (k % 5)}T16:00:00Z`, checkOut: `2019-05-0${1 + (k % 5)}T17:30:00Z` }, kind));
  }
  t.equal((await postVisits(app, tokens.private, visits.filter((v) => v.unitId === provider.private.unitId))).statusCode, 200);
  t.equal((await postVisits(app, tokens.municipal, visits.filter((v) => v.unitId === provider.municipal.unitId))).statusCode, 200);

  const scope = { organisationId: undefined, districtId: undefined };
  const lines = await pricedLines(db, { ...monthRange(MONTH), ...scope });
  t.ok(lines.length >= 9, `${lines.length} lines`);
  const adjustments = await adjustmentLines(db, MONTH, scope);
  const whole = { ...withAdjustments(statementOf(MONTH, null, lines), adjustments), closing: null };

  for (const [fetchLines, memoryBytes] of [[1, 0], [2, 1000], [4, undefined], [1000, 0], [1000, undefined]] as const) {
    const how = `${fetchLines} line(s) a batch, ${memoryBytes === undefined ? 'in memory' : `${memoryBytes} bytes in memory, the rest in a file`}`;
    const json = await text(await statementStream(db, MONTH, scope, reader(`json-${how}`), null, { fetchLines, memoryBytes }));
    t.same(JSON.parse(json), whole, `JSON, ${how}`);
    for (const dialect of ['rfc4180', 'excel-sv'] as const) {
      const csv = await text(await statementStream(db, MONTH, scope, reader(`csv-${how}`), dialect, { fetchLines, memoryBytes }));
      t.equal(csv, toCsv(statementCsvRows(MONTH, lines, adjustments), dialect), `CSV ${dialect}, ${how}`);
    }
    const [entry, ...more] = await db.select().from(auditEvents).where(and(eq(auditEvents.actorId, 'admin-anna'), eq(auditEvents.requestId, `json-${how}`)));
    t.equal(more.length, 0, 'one access-log entry for the read');
    t.same([...entry!.individualIds!].sort(), [...new Set(lines.map((l) => l.individualId))].sort(), 'with exactly the individuals of the lines');
  }
  t.equal(openSpools(), 0, 'every spool closed');

  // A read that fails half-way is not answered, and not logged either: the entry is rolled back with the batches.
  const seen: StatementLine[] = [];
  await t.rejects(
    eachPricedBatch(db, { ...monthRange(MONTH), ...scope }, reader('failed'), async (batch) => {
      seen.push(...batch);
      if (seen.length >= 4) throw new Error('the client went away');
    }, 2),
    /went away/,
  );
  t.equal(seen.length, 4, 'two batches were read');
  t.same(await db.select().from(auditEvents).where(eq(auditEvents.requestId, 'failed')), [], 'nothing logged');
  // The connection is usable afterwards (the transaction, its temporary table and cursor are gone).
  const again: StatementLine[] = [];
  await eachPricedBatch(db, { ...monthRange(MONTH), ...scope }, reader('again'), async (batch) => void again.push(...batch), 3);
  t.same(again, lines, 'the same lines again, three at a time');

  // Through the route: the same statement, and no spool left open.
  const admin = bearer(await ta.tokenFor('admin-anna'));
  const res = await app.inject({ url: `/v1/compensation/statements?month=${MONTH}`, headers: admin });
  t.equal(res.statusCode, 200);
  t.same(res.json(), whole);
  t.equal(openSpools(), 0, 'the route’s spool closed');

  // Closed (stängd månad), the month reads as it was, a provider's stored statement at a time, through a file too.
  t.equal((await app.inject({ method: 'POST', url: `/v1/compensation/periods/${MONTH}/close`, headers: admin })).statusCode, 201);
  const closing = (await closingInForce(db, MONTH))!;
  for (const memoryBytes of [0, undefined]) {
    const closed = JSON.parse(await text(await closedStatementStream(db, closing, scope, reader(`closed-${memoryBytes}`), null, memoryBytes)));
    t.same({ ...closed, closing: null }, whole, 'the closed month is the statement as it stood');
    t.match(closed.closing, { closedBy: 'admin-anna', statements: [{ organisationId: String }, { organisationId: String }] }, 'each provider’s stored statement');
    for (const dialect of ['rfc4180', 'excel-sv'] as const) {
      t.equal(await text(await closedStatementStream(db, closing, scope, reader('closed-csv'), dialect, memoryBytes)), toCsv(statementCsvRows(MONTH, lines, adjustments), dialect), `closed, CSV ${dialect}`);
    }
    const [entry] = await db.select().from(auditEvents).where(eq(auditEvents.requestId, `closed-${memoryBytes}`));
    t.same([...entry!.individualIds!].sort(), [...new Set(lines.map((l) => l.individualId))].sort(), 'logged: the individuals of the lines');
  }
  // A district reads the lines of its own individuals only, and only they are logged.
  const theirs = lines.filter((l) => otherDistrict.has(l.individualId));
  t.equal(theirs.length, 2, 'the other district’s two individuals');
  const district = JSON.parse(await text(await closedStatementStream(db, closing, { organisationId: undefined, districtId: demo.org.otherDistrict }, reader('closed-district'), null, 0)));
  t.same(district.lines, theirs, 'the district’s lines, as stored');
  t.equal(district.total.amountOre, theirs.reduce((n, l) => n + l.amountOre, 0), 'summed over them only');
  const [districtEntry] = await db.select().from(auditEvents).where(eq(auditEvents.requestId, 'closed-district'));
  t.same([...districtEntry!.individualIds!].sort(), theirs.map((l) => l.individualId).sort(), 'logged: only them');
  t.equal(openSpools(), 0, 'every spool closed');
});
