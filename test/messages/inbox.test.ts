import { and, eq } from 'drizzle-orm';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { auditEvents, contactGroupMembers, contactGroups } from '../../src/db/schema/index.js';
import { ids, messagingWorld } from '../helpers/messaging.js';

const toNight = (subject: string, priority: 'normal' | 'urgent' = 'normal') => ({ to: { contactGroupIds: [demoGroup.night] }, individualId: demo.individual.astrid, subject, body: 'Se journalen.', priority });

t.test('the inbox: what reached you, newest first; other organisations see nothing', async (t) => {
  const w = await messagingWorld(t);
  const first = await w.sent('care-karin', toNight('Medicin'));
  const urgent = await w.sent('care-karin', toNight('Akut', 'urgent'));
  const direct = await w.sent('caseworker-cecilia', { to: { staffIds: ['night-nils'] }, subject: 'Direkt', body: 'Till dig.' });

  t.same(ids((await w.get('night-nils', '/v1/messages/inbox')).json()), [direct.id, urgent.id, first.id], 'groups and direct, newest first');
  t.same(ids((await w.get('night-nils', `/v1/messages/inbox?contactGroupId=${demoGroup.night}`)).json()), [urgent.id, first.id]);
  t.same(ids((await w.get('night-nils', '/v1/messages/inbox?priority=urgent')).json()), [urgent.id]);
  t.same(ids((await w.get('night-nils', `/v1/messages/inbox?individualId=${demo.individual.bertil}`)).json()), []);
  t.same(ids((await w.get('care-karin', '/v1/messages/inbox')).json()), [], 'what you sent is not in your inbox');
  t.same(ids((await w.get('care-karin', '/v1/messages/sent')).json()), [urgent.id, first.id]);

  // Another organisation, even naming the group or the individual, sees nothing and learns no count.
  for (const who of ['other-olle', 'manager-maria', 'admin-anna']) {
    t.same(ids((await w.get(who, `/v1/messages/inbox?contactGroupId=${demoGroup.night}&individualId=${demo.individual.astrid}`)).json()), [], `${who}: empty inbox`);
    t.equal((await w.get(who, `/v1/messages/${first.id}`)).statusCode, 404, `${who} cannot read the message`);
    t.equal((await w.get(who, `/v1/messages/${first.id}/thread`)).statusCode, 404);
  }
  // Log review and follow-up take no part in messaging at all.
  for (const who of ['auditor-agnes', 'eku-erik']) {
    for (const url of ['/v1/messages/inbox', `/v1/messages/${first.id}`, `/v1/messages/${first.id}/thread`]) t.equal((await w.get(who, url)).statusCode, 403, `${who}: ${url}`);
  }
  t.same((await w.get('other-olle', '/v1/messages/inbox/summary')).json(), {
    groups: [{ contactGroupId: demoGroup.otherProvider, name: 'Trygg Omsorg Hisingen', unread: 0, unacknowledged: 0, urgentUnacknowledged: 0 }],
    direct: { unread: 0 },
  });
  t.equal((await w.get('care-karin', `/v1/messages/${first.id}`)).statusCode, 200, 'the sender reads it');
  t.equal((await w.get('caseworker-cecilia', `/v1/messages/${first.id}`)).statusCode, 404, 'the district reads only what it was sent');

  // Members are the group's own organisation's business.
  t.notOk('memberIds' in (await w.get('care-karin', `/v1/contact-groups/${demoGroup.night}`)).json());
  t.same((await w.get('night-nils', `/v1/contact-groups/${demoGroup.night}`)).json().memberIds, ['night-nils']);

  // Reads of messages about an individual are in the access log; the note to a colleague is not about anyone.
  await w.get('night-nils', `/v1/messages/${first.id}`);
  const logged = await w.db.select().from(auditEvents).where(and(eq(auditEvents.actorId, 'night-nils'), eq(auditEvents.action, 'read')));
  t.ok(logged.some((e) => e.resourceId === first.id && e.individualId === demo.individual.astrid && e.resourceType === 'message'));
  t.notOk(logged.some((e) => e.resourceId === direct.id));
});

t.test('read is per person, acknowledgement per receiving group', async (t) => {
  const w = await messagingWorld(t);
  await w.addStaff('night-nora', demo.org.nightUnit, ['manager']);
  const first = await w.sent('care-karin', toNight('Medicin'));
  const urgent = await w.sent('care-karin', toNight('Akut', 'urgent'));

  t.equal((await w.post('night-nils', `/v1/messages/${first.id}/read`)).statusCode, 200);
  t.equal((await w.post('night-nils', `/v1/messages/${first.id}/read`)).statusCode, 200, 'marking read again is harmless');
  t.same(ids((await w.get('night-nils', '/v1/messages/inbox?unread=true')).json()), [urgent.id]);
  t.same(ids((await w.get('night-nils', '/v1/messages/inbox?unread=false')).json()), [first.id]);
  t.same(ids((await w.get('night-nils', '/v1/messages/inbox?unacknowledged=true')).json()), [urgent.id, first.id], 'reading is not acknowledging');
  t.equal((await w.get('night-nils', `/v1/messages/${first.id}`)).json().readByMe, true);
  t.equal((await w.get('care-karin', `/v1/messages/${first.id}`)).json().readByMe, false, 'read state is per person');
  t.equal((await w.post('other-olle', `/v1/messages/${first.id}/read`)).statusCode, 404);
  t.same((await w.get('night-nils', '/v1/messages/inbox/summary')).json().groups, [
    { contactGroupId: demoGroup.night, name: 'Hemtjänst natt Centrum – sändlista', unread: 1, unacknowledged: 2, urgentUnacknowledged: 1 },
  ]);

  // A manager of the receiving organisation who is not in the group neither reads nor acknowledges.
  t.equal((await w.get('night-nora', `/v1/messages/${urgent.id}`)).statusCode, 404);
  t.equal((await w.post('night-nora', `/v1/messages/${urgent.id}/acknowledge`)).statusCode, 404);
  t.equal((await w.post('care-karin', `/v1/messages/${urgent.id}/acknowledge`)).statusCode, 404, 'nor does the sender');
  const before = await w.rowCounts();
  t.equal((await w.post('night-nils', `/v1/messages/${urgent.id}/acknowledge`, { contactGroupId: demoGroup.privateProvider })).statusCode, 422, 'only for a receiving group of yours');
  t.same(await w.rowCounts(), before);

  const ack = await w.post('night-nils', `/v1/messages/${urgent.id}/acknowledge`, { journalReference: 'Journal natt, anteckning 23:40' });
  t.equal(ack.statusCode, 201);
  t.match(ack.json(), { messageId: urgent.id, contactGroupId: demoGroup.night, acknowledgedBy: 'night-nils', journalReference: 'Journal natt, anteckning 23:40' });
  // The IT contact makes the manager a member: now she reads, and the first acknowledgement still counts.
  t.equal((await w.call('night-nils', 'PUT', `/v1/contact-groups/${demoGroup.night}/members`, { staffIds: ['night-nils', 'night-nora'] })).statusCode, 200);
  t.equal((await w.get('night-nora', `/v1/messages/${urgent.id}`)).statusCode, 200);
  const late = await w.post('night-nora', `/v1/messages/${urgent.id}/acknowledge`, { journalReference: 'annan' });
  t.equal(late.statusCode, 409);
  t.match(late.json().detail, /night-nils/);
  const seenBySender = (await w.get('care-karin', `/v1/messages/${urgent.id}`)).json();
  t.match(seenBySender.recipients, [{ contactGroupId: demoGroup.night, acknowledgedBy: 'night-nils', journalReference: 'Journal natt, anteckning 23:40' }], 'the sender sees the acknowledgement');
  t.equal(seenBySender.readByMe, false);
  t.equal((await w.post('night-nora', `/v1/messages/${first.id}/acknowledge`)).statusCode, 201, 'any member may acknowledge for the group');
  t.same(ids((await w.get('night-nils', '/v1/messages/inbox?unacknowledged=true')).json()), []);
  t.same(ids((await w.get('night-nils', '/v1/messages/inbox?unacknowledged=false')).json()), [urgent.id, first.id]);
  t.match((await w.get('night-nils', '/v1/messages/inbox/summary')).json().groups, [{ unread: 1, unacknowledged: 0, urgentUnacknowledged: 0 }], 'acknowledging is not reading');
});

t.test('several receiving groups: name the one that acknowledges; direct messages are read, not acknowledged', async (t) => {
  const w = await messagingWorld(t);
  const [second] = await w.db
    .insert(contactGroups)
    .values({ organisationId: demo.org.nightUnit, name: 'Natt ledning', serviceTypes: ['home_care_night'], createdBy: 'test' })
    .returning();
  await w.db.insert(contactGroupMembers).values({ contactGroupId: second!.id, staffId: 'night-nils' });
  const both = await w.sent('care-karin', { to: { contactGroupIds: [demoGroup.night, second!.id] }, individualId: demo.individual.astrid, subject: 'S', body: 'B' });
  const url = `/v1/messages/${both.id}/acknowledge`;
  const unnamed = await w.post('night-nils', url, {});
  t.equal(unnamed.statusCode, 422);
  t.equal(unnamed.json().errors[0].path, 'body.contactGroupId');
  t.equal((await w.post('night-nils', url, { contactGroupId: second!.id })).statusCode, 201);
  t.same(ids((await w.get('night-nils', `/v1/messages/inbox?unacknowledged=true`)).json()), [both.id], 'still open for the other group');
  t.same(ids((await w.get('night-nils', `/v1/messages/inbox?unacknowledged=true&contactGroupId=${second!.id}`)).json()), []);
  t.equal((await w.post('night-nils', url, { contactGroupId: demoGroup.night })).statusCode, 201);
  t.equal((await w.post('night-nils', url, { contactGroupId: demoGroup.night })).statusCode, 409);
  const summary = (await w.get('night-nils', '/v1/messages/inbox/summary')).json();
  t.same(summary.groups.map((g: { unacknowledged: number }) => g.unacknowledged), [0, 0]);

  const direct = await w.sent('care-karin', { to: { staffIds: ['night-nils'] }, subject: 'Till dig', body: 'B' });
  t.equal((await w.post('night-nils', `/v1/messages/${direct.id}/acknowledge`)).statusCode, 422);
  t.equal((await w.get('night-nils', '/v1/messages/inbox/summary')).json().direct.unread, 1);
  t.equal((await w.post('night-nils', `/v1/messages/${direct.id}/read`)).statusCode, 200);
  t.equal((await w.get('night-nils', '/v1/messages/inbox/summary')).json().direct.unread, 0);
  t.equal((await w.get('night-nils', '/v1/messages/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  t.equal((await w.get('night-nils', '/v1/messages/not-a-uuid')).statusCode, 400);
});
