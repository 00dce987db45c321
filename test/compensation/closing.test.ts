import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { accessLog } from '../../src/db/access-log.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, postVisits, provider, reporterTokens, statement, visit } from '../helpers/compensation.js';

// Closing a month (stängd månad) and adjustments (justeringar), computed by hand. Private rate 467 SEK/h (46 700 öre),
// every visit on a weekday between 09 and 11 (normal hours). A line's amount = seconds × 46 700 / 3 600, half up once.
//   Feb 2020 at closing: 3 600 s + 18 s = 3 618 s → 46 933.5 → 46 934 öre
const line = (seconds: number) => Math.floor((seconds * 46700 * 2 + 3600) / 7200);

interface Adjustment {
  closedMonth: string;
  individualId: string;
  externalId: string;
  before: { version: number; status: string } | null;
  after: { version: number; status: string };
  normalSecondsDelta: number;
  amountOre: number;
}
interface Answer {
  lines: { individualId: string; amountOre: number; normalSeconds: number }[];
  adjustments: Adjustment[];
  adjustmentsOre: number;
  payableOre: number;
  total: { amountOre: number };
  closing: { closedAt: string; closedBy: string; statements: { organisationId: string; contentHash: string }[] } | null;
}

t.test('close, correct, adjust in the next open month, reopen', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const reporters = await reporterTokens(ta);
  const admin = await ta.tokenFor('admin-anna');
  const maria = await ta.tokenFor('manager-maria');
  const erik = await ta.tokenFor('eku-erik');
  const cecilia = await ta.tokenFor('caseworker-cecilia');
  const hugo = await ta.tokenFor('caseworker-hugo');
  const astridLike = await addIndividual(db, 'Stina Stängd');
  await assign(db, { individualId: astridLike, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
  const org = provider.private.organisationId;
  const only = (a: Answer) => ({ ...a, lines: a.lines.filter((l) => l.individualId === astridLike), adjustments: a.adjustments.filter((x) => x.individualId === astridLike) });
  const read = async (token: string, month: string, extra = `&organisationId=${org}`) => {
    const res = await statement(app, token, `month=${month}${extra}`);
    t.equal(res.statusCode, 200, `statement ${month}`);
    return res.json() as Answer;
  };

  const v1 = visit({ externalId: 'feb-1', individualId: astridLike, checkIn: '2020-02-04T09:00:00+01:00', checkOut: '2020-02-04T10:00:00+01:00' });
  const v2 = visit({ externalId: 'feb-2', individualId: astridLike, checkIn: '2020-02-05T09:00:00+01:00', checkOut: '2020-02-05T09:00:18+01:00' });
  t.same((await postVisits(app, reporters.private, [v1, v2])).json().results.map((r: { outcome: string }) => r.outcome), ['created', 'created']);
  const open = await read(maria, '2020-02');
  t.equal(open.closing, null, 'an open month');
  t.equal(only(open).lines[0]!.amountOre, 46934, '3 618 s: 46 933.5 rounds to 46 934');

  const close = (token: string, month: string) => app.inject({ method: 'POST', url: `/v1/compensation/periods/${month}/close`, headers: bearer(token) });
  const reopen = (token: string, month: string, body: unknown) => app.inject({ method: 'POST', url: `/v1/compensation/periods/${month}/reopen`, headers: bearer(token), payload: body as object });

  await t.test('who may close: the contract unit’s admin and managers, never a provider or a district', async (t) => {
    for (const [who, token] of [['provider manager', maria], ['case worker', cecilia], ['reporting', erik], ['time reporter', reporters.private]] as const) {
      t.equal((await close(token, '2020-02')).statusCode, 403, who);
    }
    t.equal((await close(admin, '2099-01')).statusCode, 422, 'a month that has not ended');
    t.equal((await close(admin, '2019-04')).statusCode, 422, 'a month before compensation for performed time');
    t.equal((await close(admin, '2020-13')).statusCode, 400, 'not a month');
  });

  const closed = await close(admin, '2020-02');
  t.equal(closed.statusCode, 201, 'closed');
  const summary = closed.json();
  t.match(summary, { month: '2020-02', state: 'closed', closedBy: 'admin-anna', feesFrozen: false });
  t.match(summary.contentHash, /^[0-9a-f]{64}$/);
  const ours = summary.statements.find((s: { organisationId: string }) => s.organisationId === org);
  t.equal(ours.amountOre, open.payableOre, 'the provider’s statement as it stood');
  t.equal((await close(admin, '2020-02')).statusCode, 409, 'closing twice is 409');

  await t.test('a closed month reads exactly as it was closed, with its hash', async (t) => {
    const res = await statement(app, maria, `month=2020-02&organisationId=${org}`);
    const text = res.body;
    const answer = JSON.parse(text) as Answer;
    t.match(answer.closing, { closedBy: 'admin-anna', statements: [{ organisationId: org, contentHash: ours.contentHash }] });
    const { closing: _closing, ...body } = answer;
    t.equal(createHash('sha256').update(JSON.stringify(body)).digest('hex'), ours.contentHash, 'the content hash is the SHA-256 of the statement JSON');
    t.same({ ...body, closing: null }, { ...open, closing: null }, 'the same statement as before the closing');
    const logged = await db.select().from(accessLog).where(and(eq(accessLog.individualId, astridLike), eq(accessLog.actorId, 'manager-maria'), eq(accessLog.resourceType, 'compensation_statement')));
    t.ok(logged.length >= 2, 'reading the closed month is in the access log');
    t.equal(only(await read(hugo, '2020-02', '')).lines.length, 0, 'another district’s case worker does not see the individual');
    t.equal(only(await read(cecilia, '2020-02', '')).lines.length, 1, 'the individual’s district does');
  });

  // After the closing: v2 corrected to 36 s, v1 declined, a new visit of 30 minutes reported for February.
  const v2b = { ...v2, checkOut: '2020-02-05T09:00:36+01:00' };
  const v1b = { ...v1, status: 'declined' };
  const v3 = visit({ externalId: 'feb-3', individualId: astridLike, checkIn: '2020-02-10T10:00:00+01:00', checkOut: '2020-02-10T10:30:00+01:00' });
  const after = await postVisits(app, reporters.private, [v2b, v1b, v3]);
  t.equal(after.statusCode, 200);
  t.same(after.json().results.map((r: { outcome: string }) => r.outcome), ['corrected-after-close', 'corrected-after-close', 'corrected-after-close'], 'the time-reporting system is told');
  t.equal(after.json().correctedAfterClose, 3);

  const febAfter = await read(maria, '2020-02');
  t.equal(only(febAfter).lines[0]!.amountOre, 46934, 'the closed month did not change');
  t.equal(febAfter.payableOre, open.payableOre);

  const march = await read(maria, '2020-03');
  const adj = only(march).adjustments;
  // In order: 3 618 → 3 636 s (47 167 − 46 934 = +233, not the visit's own 18 s = 234), then 3 636 → 36 s
  // (467 − 47 167 = −46 700), then 36 → 1 836 s (23 817 − 467 = +23 350).
  t.same(
    adj.map((a) => [a.externalId, a.closedMonth, a.before?.version ?? null, a.before?.status ?? null, a.after.version, a.after.status, a.normalSecondsDelta, a.amountOre]),
    [
      ['feb-2', '2020-02', 1, 'performed', 2, 'performed', 18, 233],
      ['feb-1', '2020-02', 1, 'performed', 2, 'declined', -3600, -46700],
      ['feb-3', '2020-02', null, null, 1, 'performed', 1800, 23350],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    'adjustment lines with both versions and the signed difference',
  );
  t.equal(line(3636) - line(3618), 233);
  // Astrid-like has no line in March, only adjustments: her read is logged all the same.
  const marchRead = await db.select().from(accessLog).where(and(eq(accessLog.individualId, astridLike), eq(accessLog.actorId, 'manager-maria'), eq(accessLog.resourceId, `${org}:2020-03`)));
  t.equal(marchRead.length, 1, 'the individual of the adjustments is in the access log of the read');
  t.equal(only(await read(cecilia, '2020-03', '')).adjustments.length, 3, 'the individual’s district sees the adjustments');
  t.equal(only(await read(hugo, '2020-03', '')).adjustments.length, 0, 'another district does not');
  t.equal((await statement(app, await ta.tokenFor('other-olle'), `month=2020-03&organisationId=${org}`)).statusCode, 403, 'another provider does not');
  t.equal(march.adjustmentsOre, 233 - 46700 + 23350);
  t.equal(march.payableOre, march.total.amountOre + march.adjustmentsOre);
  t.equal(febAfter.payableOre + march.adjustmentsOre, line(36 + 1800), 'closed month + adjustments = the current versions, to the öre');

  // The CSV of the month pays the same: the adjustments are rows of their own and the totals row sums both.
  const csv = await app.inject({ url: `/v1/compensation/statements?month=2020-03&organisationId=${org}&format=csv`, headers: bearer(maria) });
  t.equal(csv.statusCode, 200);
  const rows = csv.body.trim().split('\r\n').map((r) => r.split(','));
  const col = (name: string) => rows[0]!.indexOf(name);
  const adjustmentRows = rows.filter((r) => r[col('lineType')] === 'adjustment' && r[col('individualId')] === astridLike);
  t.same(adjustmentRows.map((r) => [r[col('externalId')], r[col('closedMonth')], Number(r[col('amountOre')])]).sort(), march.adjustments.filter((a) => a.individualId === astridLike).map((a) => [a.externalId, '2020-02', a.amountOre]).sort(), 'each adjustment is a CSV row');
  const totals = rows.at(-1)!;
  t.equal(totals[col('lineType')], 'total');
  t.equal(Number(totals[col('amountOre')]), march.payableOre, 'the CSV totals row is what the month pays');

  await t.test('an adjustment goes to the first open month: March closed, the next one lands in April', async (t) => {
    t.equal((await close(admin, '2020-03')).statusCode, 201);
    const marchClosed = await read(maria, '2020-03');
    t.equal(marchClosed.adjustmentsOre, march.adjustmentsOre, 'March froze its adjustments');
    const v3b = { ...v3, checkOut: '2020-02-10T11:00:00+01:00' };
    t.same((await postVisits(app, reporters.private, [v3b])).json().results.map((r: { outcome: string }) => r.outcome), ['corrected-after-close']);
    t.equal((await read(maria, '2020-03')).adjustmentsOre, march.adjustmentsOre, 'closed March unchanged');
    const april = await read(maria, '2020-04');
    t.same(only(april).adjustments.map((a) => [a.externalId, a.amountOre]), [['feb-3', line(3636) - line(1836)]]);
    t.equal(febAfter.payableOre + march.adjustmentsOre + april.adjustmentsOre, line(3636), 'the sum over all months equals the current versions');
  });

  await t.test('reopening: only the contract unit’s admin, with a reason, audit-logged; adjustments taken back', async (t) => {
    t.equal((await reopen(maria, '2020-02', { reason: 'x' })).statusCode, 403, 'a provider');
    t.equal((await reopen(erik, '2020-02', { reason: 'x' })).statusCode, 403, 'reporting');
    t.equal((await reopen(cecilia, '2020-02', { reason: 'x' })).statusCode, 403, 'a case worker');
    t.equal((await reopen(admin, '2020-02', {})).statusCode, 400, 'no reason');
    t.equal((await reopen(admin, '2020-02', { reason: '  ' })).statusCode, 400, 'an empty reason');
    const blocked = await reopen(admin, '2020-02', { reason: 'Fel i tidrapporter' });
    t.equal(blocked.statusCode, 409, 'March paid its adjustments and is closed');
    t.same(blocked.json().closedMonths, ['2020-03']);
    const m = await reopen(admin, '2020-03', { reason: 'Februari ska rättas' });
    t.equal(m.statusCode, 200);
    t.match(m.json(), { month: '2020-03', state: 'reopened', reopenedBy: 'admin-anna', reopenReason: 'Februari ska rättas' });
    const f = await reopen(admin, '2020-02', { reason: 'Fel i tidrapporter' });
    t.equal(f.statusCode, 200);
    t.equal((await reopen(admin, '2020-02', { reason: 'again' })).statusCode, 409, 'not closed any more');
    const logged = await db.select().from(accessLog).where(and(eq(accessLog.actorId, 'admin-anna'), eq(accessLog.resourceType, 'compensation_period')));
    t.same(logged.map((e) => [e.action, e.resourceId]).sort(), [['create', '2020-02'], ['create', '2020-03'], ['update', '2020-02:reopened'], ['update', '2020-03:reopened']]);

    const feb = await read(maria, '2020-02');
    t.equal(feb.closing, null, 'open again');
    t.equal(only(feb).lines[0]!.amountOre, line(3636), 'February now shows the current versions');
    t.equal(only(await read(maria, '2020-03')).adjustments.length, 0, 'the adjustments of the reopened month no longer count');
    t.equal(only(await read(maria, '2020-04')).adjustments.length, 0);
    const again = await postVisits(app, reporters.private, [{ ...v1, status: 'performed' }]);
    t.same(again.json().results.map((r: { outcome: string }) => r.outcome), ['corrected'], 'an open month is corrected as before');

    const list = await app.inject({ url: '/v1/compensation/periods', headers: bearer(erik) });
    t.equal(list.statusCode, 200);
    t.same(list.json().items.map((i: { month: string; state: string }) => [i.month, i.state]), [['2020-03', 'reopened'], ['2020-02', 'reopened']]);
    t.equal((await app.inject({ url: '/v1/compensation/periods', headers: bearer(reporters.private) })).statusCode, 403, 'not a time reporter');
  });
});

t.test('a provider reads only its own closed statement', async (t) => {
  const ta = await createTestApp(t);
  const admin = await ta.tokenFor('admin-anna');
  const olle = await ta.tokenFor('other-olle');
  t.equal((await ta.app.inject({ method: 'POST', url: '/v1/compensation/periods/2020-05/close', headers: bearer(admin) })).statusCode, 201);
  const res = await statement(ta.app, olle, `month=2020-05&organisationId=${demo.org.privateProvider}`);
  t.equal(res.statusCode, 403, 'another provider’s closed statement');
  const own = await statement(ta.app, olle, 'month=2020-05');
  t.equal(own.statusCode, 200);
  t.same(own.json().lines, []);
});

t.test('a closing and a batch at the same time: the visit is either in the closed month or an adjustment, never lost', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const reporters = await reporterTokens(ta);
  const admin = await ta.tokenFor('admin-anna');
  const maria = await ta.tokenFor('manager-maria');
  const id = await addIndividual(db, 'Samtidig Sam');
  await assign(db, { individualId: id, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
  const v = visit({ individualId: id, checkIn: '2020-06-02T09:00:00+02:00', checkOut: '2020-06-02T10:00:00+02:00' });
  const [closed, posted] = await Promise.all([
    app.inject({ method: 'POST', url: '/v1/compensation/periods/2020-06/close', headers: bearer(admin) }),
    postVisits(app, reporters.private, [v]),
  ]);
  t.equal(closed.statusCode, 201);
  const outcome = posted.json().results[0].outcome as string;
  t.ok(['created', 'corrected-after-close'].includes(outcome), outcome);
  const june = (await statement(app, maria, 'month=2020-06')).json() as Answer;
  const july = (await statement(app, maria, 'month=2020-07')).json() as Answer;
  const inJune = june.lines.filter((l) => l.individualId === id).reduce((s, l) => s + l.amountOre, 0);
  const inJuly = july.adjustments.filter((a) => a.individualId === id).reduce((s, a) => s + a.amountOre, 0);
  t.equal(inJune + inJuly, 46700, 'paid exactly once');
  t.equal(outcome === 'created' ? inJune : inJuly, 46700, 'where the outcome says');
});
