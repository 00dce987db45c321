import { eq, sql } from 'drizzle-orm';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { auditEvents, messages } from '../../src/db/schema/index.js';
import { sendSystemMessage } from '../../src/messages/system-message.js';
import { messagingWorld } from '../helpers/messaging.js';

const about = (individualId: string, to: { contactGroupIds?: string[]; staffIds?: string[] }) => ({ to, individualId, subject: 'Ändrat behov', body: 'Behöver hjälp med medicin i kväll.' });
const named = (body: { recipients: { contactGroupId: string | null; staffId: string | null }[] }) => body.recipients.map((r) => r.contactGroupId ?? r.staffId).sort();

t.test('a message about an individual goes only to organisations that serve them, with consent', async (t) => {
  const w = await messagingWorld(t);
  const ok = await w.send('care-karin', { ...about(demo.individual.astrid, { contactGroupIds: [demoGroup.night] }), priority: 'urgent' });
  t.equal(ok.statusCode, 201);
  t.match(ok.json(), { senderId: 'care-karin', senderOrganisationId: demo.org.privateProvider, individualId: demo.individual.astrid, priority: 'urgent', readByMe: false });
  t.equal(ok.json().threadId, ok.json().id, 'a new message starts its own thread');
  t.same(named(ok.json()), [demoGroup.night]);
  const created = await w.db.select().from(auditEvents).where(eq(auditEvents.resourceId, ok.json().id));
  t.match(created, [{ action: 'create', actorId: 'care-karin', individualId: demo.individual.astrid, resourceType: 'message' }], 'the send is in the access log');

  const before = await w.rowCounts();
  // Trygghetsjouren and Trygg Omsorg do not serve Astrid: both named (group and staff alike), nothing stored.
  const notServing = await w.send('care-karin', about(demo.individual.astrid, { contactGroupIds: [demoGroup.night, demoGroup.camera], staffIds: ['other-olle'] }));
  t.equal(notServing.statusCode, 422);
  t.match(notServing.json(), { type: '/problems/recipient-not-serving', status: 422 });
  t.same(named(notServing.json()), [demoGroup.camera, 'other-olle'].sort());
  t.ok(notServing.json().recipients.every((r: { reason: string }) => r.reason === 'recipient-not-serving'));
  t.same(await w.rowCounts(), before, 'not-serving stored nothing');

  // Bertil has not consented: the municipal provider may not tell Trygghetsjouren.
  const noConsent = await w.send('municipal-mats', about(demo.individual.bertil, { contactGroupIds: [demoGroup.camera], staffIds: ['camera-cornelia'] }));
  t.equal(noConsent.statusCode, 422);
  t.equal(noConsent.json().type, '/problems/no-consent');
  t.same(named(noConsent.json()), [demoGroup.camera, 'camera-cornelia'].sort());
  t.same(await w.rowCounts(), before, 'no-consent stored nothing');

  // The sender's organisation must serve too: an admin may see Astrid but does not care for her.
  const admin = await w.send('admin-anna', about(demo.individual.astrid, { contactGroupIds: [demoGroup.night] }));
  t.equal(admin.statusCode, 403);
  // A sender who may not see the individual is told the individual does not exist.
  const stranger = await w.send('other-olle', about(demo.individual.astrid, { contactGroupIds: [demoGroup.night] }));
  t.equal(stranger.statusCode, 404);
  t.equal((await w.send('care-karin', about('30000000-0000-4000-8000-0000000000ff', { contactGroupIds: [demoGroup.night] }))).statusCode, 404, 'an unknown individual is a 404 too');
  t.same(await w.rowCounts(), before, 'refusals stored nothing');
});

t.test('consent over time: withdrawn, limited, given again', async (t) => {
  const w = await messagingWorld(t);
  const toCamera = () => w.send('municipal-mats', about(demo.individual.bertil, { contactGroupIds: [demoGroup.camera] }));
  // The district needs no consent: it commissions the care.
  t.equal((await w.send('municipal-mats', about(demo.individual.bertil, { contactGroupIds: [demoGroup.district] }))).statusCode, 201, 'to the district without consent');
  await w.consent({ individualId: demo.individual.bertil, givenOn: '2019-01-01', withdrawnOn: '2020-01-01' });
  t.equal((await toCamera()).json().type, '/problems/no-consent', 'a withdrawn consent does not count');
  await w.consent({ individualId: demo.individual.bertil, givenOn: '2020-02-01', limitedToOrganisationIds: [demo.org.municipalProvider, demo.org.nightUnit] });
  t.equal((await toCamera()).json().type, '/problems/no-consent', 'a consent limited to other organisations does not count');
  const before = await w.rowCounts();
  await w.consent({ individualId: demo.individual.bertil, givenOn: '2021-01-01', limitedToOrganisationIds: [demo.org.municipalProvider, demo.org.cameraUnit] });
  t.equal((await toCamera()).statusCode, 201, 'a consent naming both providers allows it');
  t.same(await w.rowCounts(), { ...before, messages: before.messages + 1, recipients: before.recipients + 1 });
  // Serving is judged on the day: an ended service no longer qualifies.
  await w.assign({ individualId: demo.individual.bertil, serviceType: 'relief', unitId: demo.unit.otherProvider, organisationId: demo.org.otherProvider, startDate: '2019-01-01', endDate: '2020-12-31' });
  t.equal((await w.send('municipal-mats', about(demo.individual.bertil, { contactGroupIds: [demoGroup.otherProvider] }))).json().type, '/problems/recipient-not-serving');
});

t.test('addresses and input are checked before anything is stored', async (t) => {
  const w = await messagingWorld(t);
  const before = await w.rowCounts();
  const unknownGroup = await w.send('care-karin', { to: { contactGroupIds: ['99999999-0000-4000-8000-000000000000'], staffIds: ['nobody'] }, subject: 'S', body: 'B' });
  t.equal(unknownGroup.statusCode, 422);
  t.same(unknownGroup.json().errors.map((e: { path: string }) => e.path), ['body.to.contactGroupIds', 'body.to.staffIds']);
  const empty = await w.send('care-karin', { to: {}, subject: 'S', body: 'x'.repeat(10_001) });
  t.equal(empty.statusCode, 400);
  t.same(empty.json().errors.map((e: { path: string }) => e.path).sort(), ['body.body', 'body.to']);
  t.equal((await w.send('care-karin', { to: { staffIds: ['night-nils'] }, subject: 'S', body: 'B', sentAt: '2020-01-01T00:00:00Z' })).statusCode, 400, 'no unknown fields');
  t.equal((await w.send('care-karin', { to: { staffIds: ['night-nils'] }, subject: 'S', body: 'B', priority: 'high' })).statusCode, 400);
  t.equal((await w.send('eku-erik', { to: { staffIds: ['care-karin'] }, subject: 'S', body: 'B' })).statusCode, 403, 'reporting does not send');
  t.equal((await w.send('phoniro-omsorg-vast', { to: { staffIds: ['care-karin'] }, subject: 'S', body: 'B' })).statusCode, 403, 'nor does a time-reporting system');
  t.same(await w.rowCounts(), before);
  // Without an individual a message is between colleagues and needs no consent.
  t.equal((await w.send('care-karin', { to: { staffIds: ['night-nils', 'other-olle'] }, subject: 'Nyckelrutin', body: 'Nya nyckelskåp från måndag.' })).statusCode, 201);
});

t.test('messages are immutable, in the database too', async (t) => {
  const w = await messagingWorld(t);
  const m = await w.sent('care-karin', about(demo.individual.astrid, { contactGroupIds: [demoGroup.night] }));
  await t.rejects(w.db.update(messages).set({ body: 'ändrad' }).where(eq(messages.id, m.id)), 'no UPDATE');
  await t.rejects(w.db.delete(messages).where(eq(messages.id, m.id)), 'no DELETE');
  await t.rejects(w.db.execute(sql`update message_recipients set organisation_id = organisation_id`), 'recipients neither');
  const [row] = await w.db.select().from(messages).where(eq(messages.id, m.id));
  t.equal(row?.body, 'Behöver hjälp med medicin i kväll.');
});

t.test('system notices to staff (used by digital delegation)', async (t) => {
  const w = await messagingWorld(t);
  const notice = await w.db.transaction((tx) =>
    sendSystemMessage(tx, { fromOrganisationId: demo.org.privateProvider, senderId: 'nurse-lena', toStaffIds: ['manager-maria', 'nobody', 'manager-maria'], subject: 'Delegering given', body: 'Karin har fått delegering.' }),
  );
  const inbox = (await w.get('manager-maria', '/v1/messages/inbox')).json();
  t.match(inbox.items, [{ id: notice.id, senderId: 'nurse-lena', individualId: null, recipients: [{ staffId: 'manager-maria', contactGroupId: null }] }], 'one recipient, unknown ids skipped');
  t.equal((await w.get('manager-maria', '/v1/messages/inbox/summary')).json().direct.unread, 1);

  const before = await w.rowCounts();
  // About an individual the sharing rule applies as for any message, and a refusal rolls the caller's transaction back.
  const refused = w.db.transaction((tx) =>
    sendSystemMessage(tx, { fromOrganisationId: demo.org.municipalProvider, senderId: 'municipal-mats', toStaffIds: ['camera-cornelia'], subject: 'S', body: 'B', individualId: demo.individual.bertil }),
  );
  await t.rejects(refused, { name: 'HttpProblem', type: '/problems/no-consent', status: 422 });
  await t.rejects(sendSystemMessage(w.db, { fromOrganisationId: demo.org.privateProvider, senderId: 'nurse-lena', toStaffIds: ['nobody'], subject: 'S', body: 'B' }), /none of the staff ids/);
  t.same(await w.rowCounts(), before);
  const allowed = await sendSystemMessage(w.db, { fromOrganisationId: demo.org.privateProvider, senderId: 'nurse-lena', toStaffIds: ['night-nils'], subject: 'S', body: 'B', individualId: demo.individual.astrid });
  t.equal((await w.get('night-nils', `/v1/messages/${allowed.id}`)).json().individualId, demo.individual.astrid);
});
