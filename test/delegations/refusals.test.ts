import { eq, sql } from 'drizzle-orm';
import t from 'tap';
import { localDate } from '../../src/calendar/local-date.js';
import { delegationEvents, staff } from '../../src/db/schema/index.js';
import { delegationsCsv } from '../../src/delegations/csv.js';
import { toCsv } from '../../src/http/csv.js';
import type { DelegationDto } from '../../src/delegations/dto.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { errorCode } from '../helpers/errors.js';

const today = localDate();
const inDays = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);


t.test('the demo: Karin has one delegation in force and one to sign', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const karin = bearer(await tokenFor('care-karin'));
  const mine = (await app.inject({ url: '/v1/delegations/mine', headers: karin })).json();
  t.same(
    mine.items.map((d: { taskType: string; state: string; issuedBy: string }) => [d.taskType, d.state, d.issuedBy]).sort(),
    [['insulin_injection', 'active', 'nurse-lena'], ['wound_care', 'awaiting_signature', 'nurse-lena']],
  );
  const check = async (taskType: string) => (await app.inject({ url: `/v1/delegations/check?employeeId=care-karin&taskType=${taskType}`, headers: karin })).json().allowed;
  t.equal(await check('insulin_injection'), true);
  t.equal(await check('wound_care'), false, 'not before Karin signs');
});

t.test('who may act on a delegation, and in which state', async (t) => {
  const { app, db, token, tokenFor } = await createTestApp(t);
  // A second licensed nurse in the same organisation; the demo city has one.
  await db.insert(staff).values({ id: 'nurse-nora', name: 'Nora Sjuksköterska', organisationId: demo.org.privateProvider, roles: ['licensed'], managerId: 'manager-maria' });
  const nora = bearer(await token({ sub: 'nurse-nora', org: demo.org.privateProvider, roles: ['licensed'] }));
  const lena = bearer(await tokenFor('nurse-lena'));
  const kalle = bearer(await tokenFor('care-kalle'));
  const maria = bearer(await tokenFor('manager-maria'));
  const olle = bearer(await tokenFor('other-olle'));
  const ivan = bearer(await tokenFor('itcontact-ivan'));
  const create = async (headers: Record<string, string>, payload: object) => {
    const res = await app.inject({ method: 'POST', url: '/v1/delegations', headers, payload: { employeeId: 'care-kalle', trainingCompletedOn: today, validFrom: today, validTo: inDays(60), ...payload } });
    t.equal(res.statusCode, 201);
    return res.json() as { id: string };
  };
  const post = (url: string, headers: Record<string, string>, payload?: object) => app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });

  const d = await create(lena, { taskType: 'catheter_care' });
  t.equal((await post(`/v1/delegations/${d.id}/decline`, lena, { reason: 'x' })).statusCode, 403, 'only the employee declines');
  t.equal((await post(`/v1/delegations/${d.id}/decline`, olle, { reason: 'x' })).statusCode, 404, 'another organisation does not see it');
  t.equal((await post(`/v1/delegations/${d.id}/revoke`, olle, { reason: 'x' })).statusCode, 404, 'nor revokes it');
  t.equal((await post(`/v1/delegations/${d.id}/revoke`, maria, {})).statusCode, 400, 'a revocation needs a reason');
  t.equal((await post(`/v1/delegations/${d.id}/renew`, maria, { trainingCompletedOn: today, validFrom: today, validTo: inDays(30) })).statusCode, 403, 'only licensed staff renew');
  t.equal((await post(`/v1/delegations/${d.id}/renew`, olle, { trainingCompletedOn: today, validFrom: today, validTo: inDays(30) })).statusCode, 404, 'not from another organisation');
  t.equal((await post(`/v1/delegations/${d.id}/renew`, lena, { trainingCompletedOn: today, validFrom: today, validTo: inDays(400) })).statusCode, 400, 'a renewal is at most a year too');

  // Any licensed staff of the organisation reads and revokes; the list shows a licensed caller only their own.
  t.equal((await app.inject({ url: `/v1/delegations/${d.id}`, headers: nora })).statusCode, 200);
  t.same((await app.inject({ url: '/v1/delegations', headers: nora })).json().items, [], 'Nora issued none');
  t.equal((await app.inject({ url: `/v1/delegations/${d.id}`, headers: ivan })).statusCode, 404, 'an IT contact of the organisation does not see it');
  t.equal((await post(`/v1/delegations/${d.id}/sign`, kalle)).statusCode, 200);
  t.equal((await post(`/v1/delegations/${d.id}/decline`, kalle, { reason: 'ångrar mig' })).statusCode, 409, 'a signed delegation is revoked, not declined');
  const revoked = await post(`/v1/delegations/${d.id}/revoke`, nora, { reason: 'Ny ordination' });
  t.match(revoked.json(), { state: 'revoked', revokedBy: 'nurse-nora' });
  t.equal((await post(`/v1/delegations/${d.id}/renew`, lena, { trainingCompletedOn: today, validFrom: today, validTo: inDays(30) })).statusCode, 409, 'a revoked one is not renewed');

  const declined = await create(lena, { taskType: 'stoma_care' });
  await post(`/v1/delegations/${declined.id}/decline`, kalle, { reason: 'Saknar instruktion' });
  t.equal((await post(`/v1/delegations/${declined.id}/revoke`, lena, { reason: 'x' })).statusCode, 409, 'a declined one is not revoked');

  // A delegation is to another person: renewing one given to oneself would be a self-delegation.
  const toLena = await create(nora, { employeeId: 'nurse-lena', taskType: 'wound_care' });
  const selfRenewal = await post(`/v1/delegations/${toLena.id}/renew`, lena, { trainingCompletedOn: today, validFrom: today, validTo: inDays(30) });
  t.equal(selfRenewal.statusCode, 422);
  t.equal(selfRenewal.json().errors[0].path, 'params.id');
  t.equal((await post(`/v1/delegations/${toLena.id}/renew`, nora, { trainingCompletedOn: today, validFrom: today, validTo: inDays(30) })).statusCode, 201, 'the delegator renews it');

  const events = (await app.inject({ url: `/v1/delegations/${d.id}`, headers: maria })).json().events;
  t.same(events.map((e: { event: string; actorId: string; reason: string | null }) => [e.event, e.actorId, e.reason]), [['created', 'nurse-lena', null], ['signed', 'care-kalle', null], ['revoked', 'nurse-nora', 'Ny ordination']]);
});

t.test('check: who asks, unknown task types, and the day in Göteborg', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const lena = bearer(await tokenFor('nurse-lena'));
  const kalle = bearer(await tokenFor('care-kalle'));
  // One occasion tomorrow, signed now: the signature lies before every instant of that day.
  const tomorrow = inDays(1);
  const d = (await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: { employeeId: 'care-kalle', taskType: 'eye_drops', trainingCompletedOn: today, validFrom: tomorrow, validTo: tomorrow, singleOccasion: true } })).json();
  await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/sign`, headers: kalle });
  const check = (query: string, headers = lena) => app.inject({ url: `/v1/delegations/check?${query}`, headers });

  // 21:30 UTC is still the same day in Göteborg (UTC+1 or +2); 23:30 UTC is already the next.
  t.match((await check(`employeeId=care-kalle&taskType=eye_drops&at=${tomorrow}T21:30:00Z`)).json(), { allowed: true, on: tomorrow, wholeDay: false, delegationId: d.id });
  t.match((await check(`employeeId=care-kalle&taskType=eye_drops&at=${tomorrow}T23:30:00Z`)).json(), { allowed: false, on: inDays(2), delegationId: null });
  t.match((await check(`employeeId=care-kalle&taskType=eye_drops&at=${tomorrow}`)).json(), { allowed: true, on: tomorrow, wholeDay: true, delegationId: d.id }, 'a date: the whole day');
  t.match((await check(`employeeId=care-kalle&taskType=eye_drops&at=${today}`)).json(), { allowed: false, on: today, wholeDay: true }, 'not the day before');
  t.equal((await check('employeeId=care-kalle&taskType=eye_drops&at=yesterday')).statusCode, 400);
  t.equal((await check('employeeId=care-kalle')).statusCode, 400, 'the task type is needed');

  const unknown = await check('employeeId=care-kalle&taskType=assessment');
  t.equal(unknown.statusCode, 422, 'an unknown task type is an error, not a silent no');
  t.equal(unknown.json().errors[0].path, 'query.taskType');
  t.equal((await check('employeeId=nobody&taskType=eye_drops')).statusCode, 404);
  t.equal((await check('employeeId=care-kalle&taskType=eye_drops', bearer(await tokenFor('care-karin')))).statusCode, 403, 'a colleague does not ask');
  t.equal((await check('employeeId=care-kalle&taskType=eye_drops', bearer(await tokenFor('itcontact-ivan')))).statusCode, 403, 'nor the IT contact');
  // The time-reporting system of the municipal provider: a registered API client, of another organisation.
  const otherReporter = bearer(await tokenFor('phoniro-egen-regi'));
  t.equal((await check('employeeId=care-kalle&taskType=eye_drops', otherReporter)).statusCode, 404, 'another organisation’s time reporting does not learn of the employee');
  t.equal((await check(`employeeId=care-kalle&taskType=eye_drops&at=${tomorrow}`, bearer(await tokenFor('manager-maria')))).json().allowed, true, 'the manager asks');
  t.equal((await check(`employeeId=care-kalle&taskType=eye_drops&at=${tomorrow}`, bearer(await tokenFor('phoniro-omsorg-vast')))).json().allowed, true, 'the organisation’s own time-reporting system asks');
});

t.test('the event log is append-only in the database itself', async (t) => {
  const { db } = await createTestApp(t);
  const [before] = await db.select().from(delegationEvents).limit(1);
  t.ok(before, 'the demo wrote events');
  t.equal(await errorCode(() => db.update(delegationEvents).set({ actorId: 'someone-else' })), '42501', 'UPDATE refused');
  t.equal(await errorCode(() => db.delete(delegationEvents)), '42501', 'DELETE refused');
  t.equal(await errorCode(() => db.execute(sql`truncate delegation_events`)), '42501', 'TRUNCATE refused');
  const [after] = await db.select().from(delegationEvents).where(eq(delegationEvents.id, before!.id));
  t.equal(after!.actorId, before!.actorId, 'unchanged');
});

t.test('CSV cells that a spreadsheet would run are quoted away', async (t) => {
  const row = { id: 'x', employeeId: '=HYPERLINK("http://evil")', employeeName: 'Kalle, "K"', taskType: '@sum', issuedBy: '\tx', validFrom: '2025-01-01', validTo: '2025-01-02', singleOccasion: false, state: 'active', daysToExpiry: -1, signedAt: null, revokedAt: null } as unknown as DelegationDto;
  const [, line] = toCsv(delegationsCsv.table([row])).split('\r\n');
  t.equal(line, `x,"'=HYPERLINK(""http://evil"")","Kalle, ""K""",'@sum,'\tx,2025-01-01,2025-01-02,false,active,-1,,`, 'numbers stay numbers; text is defused and quoted');
});
