// The holes found in delegations (issue #9), one test each: every one of them answered otherwise before the fix.
// One app and database for the file (the embedded database migrates slowly); the tests run in order and each
// leaves the demo as the next one expects (the delegator leaving comes last).
import { eq, sql } from 'drizzle-orm';
import t from 'tap';
import { localDate } from '../../src/calendar/local-date.js';
import { delegations, staff } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { errorCode } from '../helpers/errors.js';

const { app, db, token, tokenFor } = await createTestApp(t);
const today = localDate();
const inDays = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);


t.test('no path ends with the delegator as the employee: a nurse does not renew a delegation issued to her', async (t) => {
  await db.insert(staff).values({ id: 'nurse-nora', name: 'Nora Sjuksköterska', organisationId: demo.org.privateProvider, roles: ['licensed'], managerId: 'manager-maria' });
  const nora = bearer(await token({ sub: 'nurse-nora', org: demo.org.privateProvider, roles: ['licensed'] }));
  const lena = bearer(await token({ sub: 'nurse-lena', org: demo.org.privateProvider, roles: ['licensed'] }));
  const toLena = (await app.inject({ method: 'POST', url: '/v1/delegations', headers: nora, payload: { employeeId: 'nurse-lena', taskType: 'wound_care', trainingCompletedOn: today, validFrom: today, validTo: inDays(30) } })).json();
  await app.inject({ method: 'POST', url: `/v1/delegations/${toLena.id}/sign`, headers: lena });

  const self = await app.inject({ method: 'POST', url: `/v1/delegations/${toLena.id}/renew`, headers: lena, payload: { trainingCompletedOn: today, validFrom: today, validTo: inDays(60) } });
  t.equal(self.statusCode, 422, 'refused');
  t.match(self.json(), { detail: /another person/, errors: [{ path: 'params.id' }] });
  const selfMade = await db.select().from(delegations).where(sql`${delegations.issuedBy} = ${delegations.employeeId}`);
  t.same(selfMade, [], 'no delegation where issuer and employee are one');

  // And the database itself refuses one, whatever path a future change takes.
  const insert = (issuedBy: string) =>
    db.insert(delegations).values({ organisationId: demo.org.privateProvider, employeeId: 'nurse-lena', issuedBy, taskType: 'wound_care', trainingCompletedOn: today, validFrom: today, validTo: today });
  t.equal(await errorCode(() => insert('nurse-lena')), '23514', 'check constraint: issuer <> employee');
  t.equal(await errorCode(() => insert('nobody-in-the-directory')), '23503', 'foreign key: the issuer is staff');
});

t.test('in force from the instant the employee signed, never before; lists agree', async (t) => {
  const lena = bearer(await tokenFor('nurse-lena'));
  const kalle = bearer(await tokenFor('care-kalle'));
  const maria = bearer(await tokenFor('manager-maria'));
  // Valid from ten days ago, signed today.
  const d = (await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: { employeeId: 'care-kalle', taskType: 'eye_drops', trainingCompletedOn: inDays(-11), validFrom: inDays(-10), validTo: inDays(30) } })).json();
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/sign`, headers: kalle })).statusCode, 200);
  const check = async (at?: string) =>
    (await app.inject({ url: `/v1/delegations/check?employeeId=care-kalle&taskType=eye_drops${at ? `&at=${encodeURIComponent(at)}` : ''}`, headers: lena })).json();

  t.match(await check(`${inDays(-5)}T12:00:00+01:00`), { allowed: false, delegationId: null }, 'five days before the signature: not in force');
  t.match(await check(inDays(-5)), { allowed: false, wholeDay: true }, 'nor that day as a date');
  t.match(await check(today), { allowed: false, wholeDay: true }, 'nor today as a whole: it was signed during the day');
  t.match(await check(), { allowed: true, delegationId: d.id }, 'now it is');
  t.match(await check(inDays(1)), { allowed: true, wholeDay: true }, 'and all of tomorrow');

  // A signature recorded a minute ahead (as if signed at that instant): every view says it is not yet in force.
  await db.update(delegations).set({ signedAt: new Date(Date.now() + 60_000) }).where(eq(delegations.id, d.id));
  t.equal((await app.inject({ url: `/v1/delegations/${d.id}`, headers: maria })).json().state, 'awaiting_signature', 'the delegation');
  const ids = async (url: string, headers = maria) => (await app.inject({ url, headers })).json().items.map((x: { id: string }) => x.id);
  t.same(await ids('/v1/delegations?employeeId=care-kalle&state=active'), [], 'the search by state');
  t.same(await ids('/v1/delegations?employeeId=care-kalle&state=awaiting_signature'), [d.id]);
  t.same(await ids('/v1/delegations/mine?state=active', kalle), [], 'the employee’s own list');
  t.equal((await check()).allowed, false, 'check');
});

t.test('dates and instants are bounded to sane years: 400 naming the field', async (t) => {
  const lena = bearer(await tokenFor('nurse-lena'));
  for (const at of ['0000-01-01', '0000-01-01T00:00:00Z', '9999-12-31', '9999-12-31T23:59:59-14:00', '1899-12-31', '2101-01-01', '2025-02-29', '2025-03-05T10:00']) {
    const res = await app.inject({ url: `/v1/delegations/check?employeeId=care-karin&taskType=insulin_injection&at=${encodeURIComponent(at)}`, headers: lena });
    t.equal(res.statusCode, 400, at);
    t.equal(res.json().errors?.[0]?.path, 'query.at', `${at}: names the field`);
  }
  for (const at of ['1900-01-01', '2100-12-31T23:59:59+01:00']) {
    t.equal((await app.inject({ url: `/v1/delegations/check?employeeId=care-karin&taskType=insulin_injection&at=${encodeURIComponent(at)}`, headers: lena })).json().allowed, false, at);
  }
  const year0 = await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: { employeeId: 'care-kalle', taskType: 'eye_drops', trainingCompletedOn: '2025-01-01', validFrom: '0000-01-01', validTo: '0000-01-01' } });
  t.equal(year0.statusCode, 400);
  t.same(year0.json().errors.map((e: { path: string }) => e.path), ['body.validFrom', 'body.validTo']);
  const search = await app.inject({ url: '/v1/delegations?reviewDueFrom=9999-01-01', headers: lena });
  t.equal(search.statusCode, 400);
  t.equal(search.json().errors[0].path, 'query.reviewDueFrom');
});

t.test('the time-reporting system of another organisation does not ask about this organisation’s employee', async (t) => {
  const url = '/v1/delegations/check?employeeId=care-karin&taskType=insulin_injection';
  // phoniro-egen-regi is the municipal provider's registered time-reporting client; Karin works at Omsorg Väst.
  const other = await app.inject({ url, headers: bearer(await tokenFor('phoniro-egen-regi')) });
  t.equal(other.statusCode, 404, 'as if the employee did not exist');
  t.notMatch(other.body, /allowed/);
  t.match((await app.inject({ url, headers: bearer(await tokenFor('phoniro-omsorg-vast')) })).json(), { allowed: true }, 'its own organisation’s system asks');
});

t.test('a caller without the role who sends a bad body gets 403, not 400', async (t) => {
  const kalle = bearer(await tokenFor('care-kalle'));
  const maria = bearer(await tokenFor('manager-maria'));
  const id = '70000000-0000-4000-8000-000000000001';
  const cases: [string, string, Record<string, string>][] = [
    ['create, care staff', '/v1/delegations', kalle],
    ['renew, a manager', `/v1/delegations/${id}/renew`, maria],
    ['revoke, care staff', `/v1/delegations/${id}/revoke`, kalle],
  ];
  for (const [name, url, headers] of cases) {
    const res = await app.inject({ method: 'POST', url, headers, payload: { nonsense: true } });
    t.equal(res.statusCode, 403, name);
    t.notOk(res.json().errors, `${name}: no field errors are revealed`);
  }
  t.equal((await app.inject({ url: '/v1/delegations?limit=0', headers: kalle })).statusCode, 403, 'search with a bad query');
});

t.test('a forged cursor is 400', async (t) => {
  const maria = bearer(await tokenFor('manager-maria'));
  const forge = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
  for (const cursor of [forge(['2025-01-01', 'not-a-uuid']), forge(['yesterday', '70000000-0000-4000-8000-000000000001']), forge(['2025-01-01']), 'garbage']) {
    const res = await app.inject({ url: `/v1/delegations?cursor=${cursor}`, headers: maria });
    t.equal(res.statusCode, 400, cursor);
    t.equal(res.json().type, '/problems/invalid-cursor');
  }
  const pageOne = (await app.inject({ url: '/v1/delegations?limit=1', headers: maria })).json();
  t.ok(pageOne.nextCursor, 'the demo has two of Maria’s staff’s delegations');
  t.equal((await app.inject({ url: `/v1/delegations?limit=1&cursor=${pageOne.nextCursor}`, headers: maria })).json().items.length, 1, 'a real cursor pages on');
});

t.test('the delegator must be licensed staff in the directory, not just claim it in a token', async (t) => {
  await db.insert(staff).values({ id: 'nurse-nina', name: 'Nina Sjuksköterska', organisationId: demo.org.privateProvider, roles: ['care_staff', 'licensed'], managerId: 'manager-maria' });
  const nina = bearer(await token({ sub: 'nurse-nina', org: demo.org.privateProvider, roles: ['licensed'] }));
  const lena = bearer(await tokenFor('nurse-lena'));
  const body = { employeeId: 'care-kalle', taskType: 'eye_drops', trainingCompletedOn: today, validFrom: today, validTo: inDays(30) };
  const existing = (await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: body })).json();
  const renew = () => app.inject({ method: 'POST', url: `/v1/delegations/${existing.id}/renew`, headers: nina, payload: { trainingCompletedOn: today, validFrom: today, validTo: inDays(60) } });
  const create = () => app.inject({ method: 'POST', url: '/v1/delegations', headers: nina, payload: body });

  // The directory no longer lists Nina as licensed, while her token (bound a moment ago, and cached as another
  // instance would still have it) claims it: the delegation reads the directory itself.
  const notLicensed = async (attempt: () => ReturnType<typeof create>, name: string) => {
    await db.update(staff).set({ roles: ['care_staff', 'licensed'] }).where(eq(staff.id, 'nurse-nina'));
    app.callers.forget('nurse-nina');
    t.equal((await app.inject({ url: '/v1/delegations/task-types', headers: nina })).statusCode, 200, `${name}: bound as licensed`);
    await db.update(staff).set({ roles: ['care_staff'] }).where(eq(staff.id, 'nurse-nina'));
    const res = await attempt();
    t.equal(res.statusCode, 422, `${name}: refused`);
    t.match(res.json().detail, /licensed staff \(legitimerad personal\) delegate, and the directory does not list you as licensed/, `${name}: says why`);
  };
  await notLicensed(create, 'issue');
  await notLicensed(renew, 'renew');
  t.equal((await db.select().from(delegations).where(eq(delegations.issuedBy, 'nurse-nina'))).length, 0, 'nothing stored');

  // Once the binding reads the directory again, such a token is refused whole; so is somebody not in it at all.
  app.callers.forget('nurse-nina');
  t.equal((await create()).statusCode, 403, 'the binding refuses the claimed role');
  const ghost = bearer(await token({ sub: 'nurse-ghost', org: demo.org.privateProvider, roles: ['licensed'] }));
  t.equal((await app.inject({ method: 'POST', url: '/v1/delegations', headers: ghost, payload: body })).statusCode, 403, 'not in the directory');

  // A delegator who leaves before the delegation would start: it could never be in force.
  await db.update(staff).set({ leftOn: inDays(5) }).where(eq(staff.id, 'nurse-lena'));
  app.callers.forget('nurse-lena');
  const leaving = await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: { ...body, validFrom: inDays(10), validTo: inDays(40) } });
  t.equal(leaving.statusCode, 422);
  t.match(leaving.json().detail, new RegExp(`leave the organisation on ${inDays(5)}`));
});
