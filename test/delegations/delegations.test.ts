import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { localDate } from '../../src/calendar/local-date.js';
import { messageRecipients, messages } from '../../src/db/schema/index.js';
import { maxValidTo } from '../../src/delegations/rules.js';
import { bearer, createTestApp } from '../helpers/app.js';

const today = localDate();
const inDays = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

t.test('create, sign, manager notified, revoke; every refusal', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const lena = bearer(await tokenFor('nurse-lena'));
  const kalle = bearer(await tokenFor('care-kalle'));
  const karin = bearer(await tokenFor('care-karin'));
  const maria = bearer(await tokenFor('manager-maria'));
  const body = { employeeId: 'care-kalle', taskType: 'eye_drops', trainingCompletedOn: inDays(-1), validFrom: today, validTo: inDays(90), note: 'Efter instruktion' };

  const created = await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: body });
  t.equal(created.statusCode, 201);
  const d = created.json();
  t.match(d, { employeeId: 'care-kalle', employeeName: 'Kalle Vårdbiträde', issuedBy: 'nurse-lena', state: 'awaiting_signature', daysToExpiry: 90 });

  // The manager's message is in the inbox, in the same transaction as the delegation.
  const inbox = (await app.inject({ url: '/v1/messages/inbox', headers: maria })).json();
  t.ok(inbox.items.some((m: { subject: string; body: string }) => m.subject.includes('Delegering given') && m.body.includes(d.id)), 'the manager is told');

  // Refusals.
  const refusals: [string, Record<string, string>, object, number, string?][] = [
    ['not licensed', kalle, body, 403],
    ['longer than a year', lena, { ...body, validTo: inDays(400) }, 400, 'body.validTo'],
    ['end before start', lena, { ...body, validTo: inDays(-3) }, 400, 'body.validTo'],
    ['training after start', lena, { ...body, trainingCompletedOn: inDays(5) }, 400, 'body.trainingCompletedOn'],
    ['employee of another organisation', lena, { ...body, employeeId: 'other-olle' }, 422, 'body.employeeId'],
    ['to oneself', lena, { ...body, employeeId: 'nurse-lena' }, 422, 'body.employeeId'],
    ['not delegable (assessment)', lena, { ...body, taskType: 'assessment' }, 422, 'body.taskType'],
    ['single occasion over two days', lena, { ...body, singleOccasion: true }, 400, 'body.validTo'],
  ];
  for (const [name, headers, payload, status, path] of refusals) {
    const res = await app.inject({ method: 'POST', url: '/v1/delegations', headers, payload });
    t.equal(res.statusCode, status, name);
    if (path) t.equal(res.json().errors[0].path, path, `${name}: ${path}`);
  }
  t.equal((await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: { ...body, validTo: maxValidTo(today) } })).statusCode, 201, 'exactly one year is allowed');

  // Only the employee signs, once; the delegation is personal.
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/sign`, headers: lena })).statusCode, 403, 'the issuer does not sign for the employee');
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/sign`, headers: maria })).statusCode, 403, 'nor the manager');
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/sign`, headers: karin })).statusCode, 404, 'a colleague does not see it');
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/sign`, headers: bearer(await tokenFor('other-olle')) })).statusCode, 404, 'another organisation does not see it');
  const check = () => app.inject({ url: `/v1/delegations/check?employeeId=care-kalle&taskType=eye_drops`, headers: lena });
  t.equal((await check()).json().allowed, false, 'not in force before signing');
  const signed = await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/sign`, headers: kalle });
  t.equal(signed.statusCode, 200);
  t.equal(signed.json().state, 'active');
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/sign`, headers: kalle })).statusCode, 409, 'sign twice');
  t.match((await check()).json(), { allowed: true, delegationId: d.id });
  const later = await app.inject({ url: `/v1/delegations/check?employeeId=care-kalle&taskType=eye_drops&at=${inDays(91)}T10:00:00%2B01:00`, headers: lena });
  t.equal(later.json().allowed, false, 'not after its last day');
  t.equal((await app.inject({ url: `/v1/delegations/check?employeeId=care-kalle&taskType=eye_drops`, headers: kalle })).json().allowed, true, 'the employee asks for themself');
  t.equal((await app.inject({ url: `/v1/delegations/check?employeeId=care-kalle&taskType=eye_drops`, headers: karin })).statusCode, 403, 'a colleague does not');
  t.equal((await app.inject({ url: `/v1/delegations/check?employeeId=care-kalle&taskType=eye_drops`, headers: bearer(await tokenFor('phoniro-omsorg-vast')) })).statusCode, 200, 'the time-reporting system asks');
  t.equal((await app.inject({ url: `/v1/delegations/check?employeeId=care-kalle&taskType=eye_drops`, headers: bearer(await tokenFor('other-olle')) })).statusCode, 404);

  // Revocation: by the manager, with a reason, once; the manager is told.
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/revoke`, headers: kalle, payload: { reason: 'x' } })).statusCode, 403, 'the employee does not revoke');
  const revoked = await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/revoke`, headers: maria, payload: { reason: 'Byter arbetsuppgifter' } });
  t.equal(revoked.statusCode, 200);
  t.match(revoked.json(), { state: 'revoked', revokedBy: 'manager-maria', revokeReason: 'Byter arbetsuppgifter' });
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${d.id}/revoke`, headers: lena, payload: { reason: 'again' } })).statusCode, 409, 'revoke twice');
  t.equal((await check()).json().allowed, false);
  const notices = await db
    .select({ subject: messages.subject })
    .from(messages)
    .innerJoin(messageRecipients, and(eq(messageRecipients.messageId, messages.id), eq(messageRecipients.staffId, 'manager-maria')));
  t.ok(notices.some((n) => n.subject.startsWith('Delegering återkallad')));

  const full = (await app.inject({ url: `/v1/delegations/${d.id}`, headers: kalle })).json();
  t.same(full.events.map((e: { event: string; actorId: string }) => `${e.event}:${e.actorId}`), ['created:nurse-lena', 'signed:care-kalle', 'revoked:manager-maria']);
  t.equal((await app.inject({ url: `/v1/delegations/${d.id}`, headers: karin })).statusCode, 404, 'a colleague does not read it');
});

t.test('decline, renew, the employee’s own list, search and CSV', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const lena = bearer(await tokenFor('nurse-lena'));
  const kalle = bearer(await tokenFor('care-kalle'));
  const maria = bearer(await tokenFor('manager-maria'));
  const create = async (payload: object) => {
    const res = await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: { employeeId: 'care-kalle', trainingCompletedOn: today, validFrom: today, ...payload } });
    t.equal(res.statusCode, 201);
    return res.json();
  };
  const soon = await create({ taskType: 'inhalation', validTo: inDays(10) });
  const later = await create({ taskType: 'stoma_care', validTo: inDays(200) });
  const once = await create({ taskType: 'tube_feeding', validTo: today, singleOccasion: true });

  const declined = await app.inject({ method: 'POST', url: `/v1/delegations/${once.id}/decline`, headers: kalle, payload: { reason: 'Behöver mer instruktion' } });
  t.match(declined.json(), { state: 'declined', declineReason: 'Behöver mer instruktion' });
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${once.id}/sign`, headers: kalle })).statusCode, 409, 'a declined delegation is not signed');
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${once.id}/decline`, headers: kalle, payload: {} })).statusCode, 400, 'a reason is needed');

  const mine = (await app.inject({ url: '/v1/delegations/mine', headers: kalle })).json();
  t.same(mine.items.map((d: { taskType: string; daysToExpiry: number }) => [d.taskType, d.daysToExpiry]), [['tube_feeding', 0], ['inhalation', 10], ['stoma_care', 200]]);
  t.same((await app.inject({ url: '/v1/delegations/mine?state=awaiting_signature', headers: kalle })).json().items.length, 2);

  // Review search: whose validTo falls in the period, boundaries inclusive.
  const due = async (from: string, to: string, headers = maria) =>
    (await app.inject({ url: `/v1/delegations?reviewDueFrom=${from}&reviewDueTo=${to}&employeeId=care-kalle`, headers })).json().items.map((d: { id: string }) => d.id);
  t.same(await due(inDays(10), inDays(10)), [soon.id], 'both ends inclusive');
  t.same(await due(inDays(11), inDays(199)), []);
  t.same(await due(today, inDays(365)), [once.id, soon.id, later.id]);
  t.same(await due(today, inDays(365), lena), [once.id, soon.id, later.id], 'the issuer searches too');
  t.same(await due(today, inDays(365), bearer(await tokenFor('other-olle'))), [], 'another organisation finds nothing');
  t.equal((await app.inject({ url: '/v1/delegations', headers: kalle })).statusCode, 403, 'care staff use /mine');
  t.same((await app.inject({ url: '/v1/delegations?taskType=stoma_care', headers: maria })).json().items.map((d: { id: string }) => d.id), [later.id]);
  const pageOne = (await app.inject({ url: '/v1/delegations?employeeId=care-kalle&limit=2', headers: maria })).json();
  const pageTwo = (await app.inject({ url: `/v1/delegations?employeeId=care-kalle&limit=2&cursor=${pageOne.nextCursor}`, headers: maria })).json();
  t.same([...pageOne.items, ...pageTwo.items].map((d: { id: string }) => d.id), [once.id, soon.id, later.id]);

  const csv = await app.inject({ url: '/v1/delegations?employeeId=care-kalle', headers: { ...maria, accept: 'text/csv' } });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv/);
  const lines = csv.body.trim().split('\r\n');
  t.equal(lines[0], 'id,employeeId,employeeName,taskType,issuedBy,validFrom,validTo,singleOccasion,state,daysToExpiry,signedAt,revokedAt');
  t.equal(lines.length, 4);
  t.match(lines[1], new RegExp(`^${once.id},care-kalle,Kalle Vårdbiträde,tube_feeding,nurse-lena,${today},${today},true,declined,0,,$`));

  // Renewal after review: a new delegation linked to the old, awaiting signature.
  await app.inject({ method: 'POST', url: `/v1/delegations/${soon.id}/sign`, headers: kalle });
  const renewed = await app.inject({ method: 'POST', url: `/v1/delegations/${soon.id}/renew`, headers: lena, payload: { trainingCompletedOn: today, validFrom: inDays(11), validTo: inDays(300) } });
  t.equal(renewed.statusCode, 201);
  t.match(renewed.json(), { renewedFromId: soon.id, taskType: 'inhalation', employeeId: 'care-kalle', state: 'awaiting_signature' });
  t.equal((await app.inject({ method: 'POST', url: `/v1/delegations/${once.id}/renew`, headers: lena, payload: { trainingCompletedOn: today, validFrom: today, validTo: today } })).statusCode, 409, 'a declined one is not renewed');
  const old = (await app.inject({ url: `/v1/delegations/${soon.id}`, headers: lena })).json();
  t.equal(old.events.at(-1).event, 'renewed');
  t.equal(old.state, 'active', 'the old one keeps its dates');
});

t.test('a delegation lapses when the employee or the delegator leaves the organisation', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const lena = bearer(await tokenFor('nurse-lena'));
  const kalle = bearer(await tokenFor('care-kalle'));
  const created = (await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: { employeeId: 'care-kalle', taskType: 'eye_drops', trainingCompletedOn: today, validFrom: today, validTo: inDays(30) } })).json();
  await app.inject({ method: 'POST', url: `/v1/delegations/${created.id}/sign`, headers: kalle });
  // The manager asks: whoever has left is no longer a caller at all.
  const maria = bearer(await tokenFor('manager-maria'));
  const check = async () => (await app.inject({ url: '/v1/delegations/check?employeeId=care-kalle&taskType=eye_drops', headers: maria })).json().allowed;
  t.equal(await check(), true);
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/staff/nurse-lena', headers: admin, payload: { leftOn: inDays(-1) } })).json().leftOn, inDays(-1));
  t.equal((await app.inject({ url: `/v1/delegations/${created.id}`, headers: kalle })).json().state, 'lapsed', 'the delegator left');
  t.equal(await check(), false);
  t.same((await app.inject({ url: '/v1/delegations/mine?state=lapsed', headers: kalle })).json().items.map((d: { id: string }) => d.id), [created.id]);
  await app.inject({ method: 'PATCH', url: '/v1/staff/nurse-lena', headers: admin, payload: { leftOn: null } });
  t.equal(await check(), true, 'back in force when the leaving is undone');
  await app.inject({ method: 'PATCH', url: '/v1/staff/care-kalle', headers: admin, payload: { leftOn: today } });
  t.equal(await check(), true, 'in force through the last day');
  await app.inject({ method: 'PATCH', url: '/v1/staff/care-kalle', headers: admin, payload: { leftOn: inDays(-1) } });
  t.equal(await check(), false, 'the employee left');
  const toLeaver = await app.inject({ method: 'POST', url: '/v1/delegations', headers: lena, payload: { employeeId: 'care-kalle', taskType: 'wound_care', trainingCompletedOn: today, validFrom: today, validTo: inDays(30) } });
  t.equal(toLeaver.statusCode, 422, 'no new delegation to someone who left');
});

t.test('task types are data', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const types = (await app.inject({ url: '/v1/delegations/task-types', headers: bearer(await tokenFor('care-karin')) })).json().items.map((x: { code: string }) => x.code);
  t.same(types, ['blood_sugar_measurement', 'catheter_care', 'eye_drops', 'inhalation', 'insulin_injection', 'medicine_handling', 'stoma_care', 'tube_feeding', 'wound_care']);
});
