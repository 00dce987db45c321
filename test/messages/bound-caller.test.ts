import { count, eq } from 'drizzle-orm';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { auditEvents, messageAcknowledgements, messageReads, staff } from '../../src/db/schema/index.js';
import { bearer } from '../helpers/app.js';
import { ids, messagingWorld } from '../helpers/messaging.js';

const toKarinsGroup = { to: { contactGroupIds: [demoGroup.privateProvider] }, individualId: demo.individual.astrid, subject: 'Natten', body: 'Orolig natt, se journalen.' };

t.test('a token with Karin’s sub and another organisation’s org reads nothing of hers and writes nothing', async (t) => {
  const w = await messagingWorld(t);
  const m = await w.sent('night-nils', toKarinsGroup);
  const direct = await w.sent('caseworker-cecilia', { to: { staffIds: ['care-karin'] }, subject: 'Till Karin', body: 'B' });
  const reply = await w.sent('care-karin', { to: { contactGroupIds: [demoGroup.night] }, replyTo: m.id, subject: 'Sv: Natten', body: 'Tack.' });
  const written = async () => ({
    reads: Number((await w.db.select({ n: count() }).from(messageReads))[0]!.n),
    acknowledgements: Number((await w.db.select({ n: count() }).from(messageAcknowledgements))[0]!.n),
    karinInTheLog: Number((await w.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.actorId, 'care-karin')))[0]!.n),
  });
  const before = await written();

  // Trygg Omsorg (the other private provider) with roles it could hold there, one by one and all together.
  for (const roles of [['care_staff'], ['manager'], ['it_contact'], ['manager', 'care_staff', 'it_contact', 'licensed']] as const) {
    const forged = bearer(await w.token({ sub: 'care-karin', org: demo.org.otherProvider, roles: [...roles] }));
    const as = (method: 'GET' | 'POST', url: string, payload?: object) => w.app.inject({ method, url, headers: forged, ...(payload ? { payload } : {}) });
    const answers = {
      inbox: await as('GET', '/v1/messages/inbox'),
      summary: await as('GET', '/v1/messages/inbox/summary'),
      sent: await as('GET', '/v1/messages/sent'),
      message: await as('GET', `/v1/messages/${m.id}`),
      direct: await as('GET', `/v1/messages/${direct.id}`),
      thread: await as('GET', `/v1/messages/${m.id}/thread`),
      read: await as('POST', `/v1/messages/${m.id}/read`, {}),
      readDirect: await as('POST', `/v1/messages/${direct.id}/read`, {}),
      acknowledge: await as('POST', `/v1/messages/${m.id}/acknowledge`, { contactGroupId: demoGroup.privateProvider, journalReference: 'falsk' }),
      watch: await as('GET', `/v1/contact-groups/${demoGroup.privateProvider}/watch?olderThan=PT0S`),
      group: await as('GET', `/v1/contact-groups/${demoGroup.privateProvider}`),
    };
    for (const [what, res] of Object.entries(answers)) {
      t.equal(res.statusCode, 403, `${roles.join('+')}: ${what} is refused`);
      t.notMatch(res.body, /Natten|Till Karin|journalen/, `${roles.join('+')}: ${what} shows nothing of hers`);
    }
  }
  t.same(await written(), before, 'nothing read, acknowledged or logged in her name');

  // Karin herself, bound to her own organisation, reads and acknowledges as before.
  t.same(ids((await w.get('care-karin', '/v1/messages/inbox')).json()), [direct.id, m.id]);
  t.same(ids((await w.get('care-karin', `/v1/messages/${m.id}/thread`)).json()), [m.id, reply.id]);
  t.equal((await w.post('care-karin', `/v1/messages/${m.id}/read`)).statusCode, 200);
  t.equal((await w.post('care-karin', `/v1/messages/${m.id}/acknowledge`, { journalReference: 'Journal 07:10' })).statusCode, 201);
  const after = await written();
  t.same([after.reads, after.acknowledgements], [before.reads + 1, before.acknowledgements + 1]);
});

t.test('the record rules bind to the organisation too: a person who moves on leaves the old organisation’s messages behind', async (t) => {
  const w = await messagingWorld(t);
  const m = await w.sent('night-nils', toKarinsGroup);
  const direct = await w.sent('caseworker-cecilia', { to: { staffIds: ['care-karin'] }, subject: 'Till Karin', body: 'B' });
  const own = await w.sent('care-karin', { to: { staffIds: ['night-nils'] }, subject: 'Från Omsorg Väst', body: 'B' });
  // Karin now works at Trygg Omsorg: her token names it, and the directory agrees.
  await w.db.update(staff).set({ organisationId: demo.org.otherProvider, unitId: demo.unit.otherProvider }).where(eq(staff.id, 'care-karin'));
  w.app.callers.forget('care-karin');
  const karin = bearer(await w.token({ sub: 'care-karin', org: demo.org.otherProvider, roles: ['care_staff'] }));
  const get = (url: string) => w.app.inject({ method: 'GET', url, headers: karin });
  const post = (url: string, payload: object = {}) => w.app.inject({ method: 'POST', url, headers: karin, payload });

  t.equal((await get('/v1/messages/inbox')).statusCode, 200, 'she is a caller of her new organisation');
  t.same(ids((await get('/v1/messages/inbox')).json()), [], 'neither what reached her in person nor her old group’s messages');
  t.same(ids((await get('/v1/messages/sent')).json()), [], 'nor what she sent for Omsorg Väst');
  t.same((await get('/v1/messages/inbox/summary')).json(), { groups: [], direct: { unread: 0 } }, 'she is no member of Trygg Omsorg’s groups');
  for (const id of [m.id, direct.id, own.id]) t.equal((await get(`/v1/messages/${id}`)).statusCode, 404);
  t.equal((await get(`/v1/messages/${m.id}/thread`)).statusCode, 404);
  t.equal((await post(`/v1/messages/${direct.id}/read`)).statusCode, 404);
  t.equal((await post(`/v1/messages/${m.id}/acknowledge`, { contactGroupId: demoGroup.privateProvider })).statusCode, 404);
  t.equal((await get(`/v1/contact-groups/${demoGroup.privateProvider}/watch`)).statusCode, 404);
  t.notOk('memberIds' in (await get(`/v1/contact-groups/${demoGroup.privateProvider}`)).json(), 'nor does she see who is in it');
  t.equal(Number((await w.db.select({ n: count() }).from(messageReads))[0]!.n), 0);
  t.equal(Number((await w.db.select({ n: count() }).from(messageAcknowledgements))[0]!.n), 0);
});

t.test('without the right role a bad body is 403, not 400 with the field errors', async (t) => {
  const w = await messagingWorld(t);
  const m = await w.sent('care-karin', { to: { contactGroupIds: [demoGroup.night] }, subject: 'S', body: 'B' });
  const before = await w.rowCounts();
  const refused = [
    await w.send('eku-erik', { to: {}, subject: '', priority: 'high' }),
    await w.send('auditor-agnes', { sentAt: 'nu' }),
    await w.post('auditor-agnes', `/v1/messages/${m.id}/acknowledge`, { contactGroupId: 'inte-en-uuid', extra: true }),
    await w.post('care-karin', '/v1/contact-groups', { name: '', serviceTypes: ['cleaning'] }),
    await w.call('manager-maria', 'PATCH', `/v1/contact-groups/${demoGroup.privateProvider}`, { organisationId: demo.org.nightUnit }),
    await w.call('care-karin', 'PUT', `/v1/contact-groups/${demoGroup.privateProvider}/members`, { staffIds: 'alla' }),
  ];
  for (const res of refused) {
    t.equal(res.statusCode, 403, res.body);
    t.equal(res.json().type, '/problems/forbidden');
    t.notOk('errors' in res.json(), 'no field errors before the caller is admitted');
  }
  t.same(await w.rowCounts(), before);
  // The same bad bodies from callers who are admitted: now the body is judged.
  t.equal((await w.send('care-karin', { to: {}, subject: '', priority: 'high' })).statusCode, 400);
  t.equal((await w.post('itcontact-ivan', '/v1/contact-groups', { name: '', serviceTypes: ['cleaning'] })).statusCode, 400);
});

t.test('a time-reporting system (an API client) takes no part in messaging', async (t) => {
  const w = await messagingWorld(t);
  const before = await w.rowCounts();
  const send = await w.send('phoniro-omsorg-vast', { to: { staffIds: ['care-karin'] }, subject: 'S', body: 'B' });
  t.equal(send.statusCode, 403, 'no sending');
  for (const url of ['/v1/messages/inbox', '/v1/messages/inbox/summary', '/v1/messages/sent', '/v1/contact-groups', `/v1/individuals/${demo.individual.astrid}/recipients`]) {
    t.equal((await w.get('phoniro-omsorg-vast', url)).statusCode, 403, url);
  }
  t.same(await w.rowCounts(), before);
});
