import { count, eq } from 'drizzle-orm';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { auditEvents, messageRecipients, messages } from '../../src/db/schema/index.js';
import { sendSystemMessage } from '../../src/messages/system-message.js';
import { bearer, createTestApp } from '../helpers/app.js';

t.test('sending about an individual: serving and consent rules, nothing stored on refusal', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const karin = bearer(await tokenFor('care-karin'));
  const mats = bearer(await tokenFor('municipal-mats'));
  const stored = async () => Number((await db.select({ n: count() }).from(messages))[0]!.n);
  const recipients = async () => Number((await db.select({ n: count() }).from(messageRecipients))[0]!.n);

  const ok = await app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers: karin,
    payload: { to: { contactGroupIds: [demoGroup.night] }, individualId: demo.individual.astrid, subject: 'Fallrisk', body: 'Astrid föll i eftermiddags, var uppmärksamma i natt.', priority: 'urgent' },
  });
  t.equal(ok.statusCode, 201);
  t.match(ok.json(), { senderId: 'care-karin', senderOrganisationId: demo.org.privateProvider, individualId: demo.individual.astrid, priority: 'urgent', readByMe: false });
  t.equal(ok.json().threadId, ok.json().id, 'a new message starts a thread');
  t.same(ok.json().recipients.map((r: { contactGroupId: string }) => r.contactGroupId), [demoGroup.night]);
  const before = [await stored(), await recipients()];

  // Trygghetsjouren does not serve Astrid; the other provider neither. Both named, nothing stored.
  const notServing = await app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers: karin,
    payload: { to: { contactGroupIds: [demoGroup.night, demoGroup.camera], staffIds: ['other-olle'] }, individualId: demo.individual.astrid, subject: 'S', body: 'B' },
  });
  t.equal(notServing.statusCode, 422);
  t.equal(notServing.json().type, '/problems/recipient-not-serving');
  t.same(
    notServing.json().recipients.map((r: { contactGroupId: string | null; staffId: string | null }) => r.contactGroupId ?? r.staffId).sort(),
    [demoGroup.camera, 'other-olle'].sort(),
  );
  // Bertil has no consent: the municipal provider may not tell Trygghetsjouren through the service.
  const noConsent = await app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers: mats,
    payload: { to: { contactGroupIds: [demoGroup.camera] }, individualId: demo.individual.bertil, subject: 'S', body: 'B' },
  });
  t.equal(noConsent.statusCode, 422);
  t.equal(noConsent.json().type, '/problems/no-consent');
  t.equal(noConsent.json().recipients[0].organisationId, demo.org.cameraUnit);
  t.same([await stored(), await recipients()], before, 'refused sends stored nothing');

  // To the district no consent is needed; after consent is recorded the transfer is allowed.
  const toDistrict = await app.inject({ method: 'POST', url: '/v1/messages', headers: mats, payload: { to: { contactGroupIds: [demoGroup.district] }, individualId: demo.individual.bertil, subject: 'S', body: 'B' } });
  t.equal(toDistrict.statusCode, 201);
  await app.inject({ method: 'POST', url: `/v1/individuals/${demo.individual.bertil}/consents`, headers: mats, payload: { givenOn: '2020-01-01', method: 'written' } });
  const afterConsent = await app.inject({ method: 'POST', url: '/v1/messages', headers: mats, payload: { to: { contactGroupIds: [demoGroup.camera] }, individualId: demo.individual.bertil, subject: 'S', body: 'B' } });
  t.equal(afterConsent.statusCode, 201);

  // A sender who may not see the individual is told it does not exist.
  const olle = await app.inject({ method: 'POST', url: '/v1/messages', headers: bearer(await tokenFor('other-olle')), payload: { to: { contactGroupIds: [demoGroup.night] }, individualId: demo.individual.astrid, subject: 'S', body: 'B' } });
  t.equal(olle.statusCode, 404);
  // Bad addresses and bad input.
  const unknownGroup = await app.inject({ method: 'POST', url: '/v1/messages', headers: karin, payload: { to: { contactGroupIds: ['99999999-0000-4000-8000-000000000000'] }, subject: 'S', body: 'B' } });
  t.equal(unknownGroup.statusCode, 422);
  t.equal(unknownGroup.json().errors[0].path, 'body.to.contactGroupIds');
  const empty = await app.inject({ method: 'POST', url: '/v1/messages', headers: karin, payload: { to: {}, subject: 'S', body: 'x'.repeat(10_001) } });
  t.equal(empty.statusCode, 400);
  t.same(empty.json().errors.map((e: { path: string }) => e.path).sort(), ['body.body', 'body.to']);
  t.equal((await app.inject({ method: 'POST', url: '/v1/messages', headers: bearer(await tokenFor('eku-erik')), payload: { to: { staffIds: ['care-karin'] }, subject: 'S', body: 'B' } })).statusCode, 403, 'reporting does not send');
});

t.test('inbox, read vs acknowledge, threads, privacy, watch and summary', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const karin = bearer(await tokenFor('care-karin'));
  const nils = bearer(await tokenFor('night-nils'));
  const send = async (headers: Record<string, string>, payload: object) => {
    const res = await app.inject({ method: 'POST', url: '/v1/messages', headers, payload });
    t.equal(res.statusCode, 201);
    return res.json();
  };
  const first = await send(karin, { to: { contactGroupIds: [demoGroup.night] }, individualId: demo.individual.astrid, subject: 'Medicin', body: 'Ny dosering från i kväll.' });
  const urgent = await send(karin, { to: { contactGroupIds: [demoGroup.night] }, individualId: demo.individual.astrid, subject: 'Akut', body: 'Ring 112 vid andnöd.', priority: 'urgent' });

  const inbox = (await app.inject({ url: '/v1/messages/inbox', headers: nils })).json();
  t.same(inbox.items.map((m: { id: string }) => m.id), [urgent.id, first.id], 'newest first');
  t.equal((await app.inject({ url: '/v1/messages/inbox', headers: bearer(await tokenFor('other-olle')) })).json().items.length, 0, 'another organisation sees nothing');
  t.equal((await app.inject({ url: `/v1/messages/${first.id}`, headers: bearer(await tokenFor('other-olle')) })).statusCode, 404);
  t.equal((await app.inject({ url: `/v1/messages/${first.id}`, headers: bearer(await tokenFor('admin-anna')) })).statusCode, 404, 'not even admin reads others’ messages');

  // Reading is per person, acknowledging per group.
  const read = await app.inject({ method: 'POST', url: `/v1/messages/${first.id}/read`, headers: nils });
  t.equal(read.statusCode, 200);
  t.same((await app.inject({ url: '/v1/messages/inbox?unread=true', headers: nils })).json().items.map((m: { id: string }) => m.id), [urgent.id]);
  t.same((await app.inject({ url: '/v1/messages/inbox?unacknowledged=true', headers: nils })).json().items.length, 2, 'reading is not acknowledging');
  t.equal((await app.inject({ url: `/v1/messages/${first.id}`, headers: nils })).json().readByMe, true);
  t.equal((await app.inject({ url: `/v1/messages/${first.id}`, headers: karin })).json().readByMe, false, 'read state is per person');
  t.equal((await app.inject({ method: 'POST', url: `/v1/messages/${first.id}/read`, headers: bearer(await tokenFor('other-olle')) })).statusCode, 404);

  let summary = (await app.inject({ url: '/v1/messages/inbox/summary', headers: nils })).json();
  t.same(summary.groups, [{ contactGroupId: demoGroup.night, name: 'Hemtjänst natt Centrum – sändlista', unread: 1, unacknowledged: 2, urgentUnacknowledged: 1 }]);

  const watchUrl = `/v1/contact-groups/${demoGroup.night}/watch?olderThan=PT0S`;
  t.same((await app.inject({ url: watchUrl, headers: nils })).json().items.map((m: { id: string }) => m.id), [urgent.id, first.id], 'urgent first');
  t.equal((await app.inject({ url: `/v1/contact-groups/${demoGroup.night}/watch?olderThan=PT4H`, headers: nils })).json().items.length, 0, 'nothing older than four hours');
  t.equal((await app.inject({ url: watchUrl, headers: karin })).statusCode, 404, 'another organisation does not watch the group');
  t.equal((await app.inject({ url: `/v1/contact-groups/${demoGroup.night}/watch?olderThan=4h`, headers: nils })).statusCode, 400);

  const ack = await app.inject({ method: 'POST', url: `/v1/messages/${urgent.id}/acknowledge`, headers: nils, payload: { journalReference: 'Journal natt 2026-11-22 kl 23:40' } });
  t.equal(ack.statusCode, 201);
  t.match(ack.json(), { contactGroupId: demoGroup.night, acknowledgedBy: 'night-nils', journalReference: 'Journal natt 2026-11-22 kl 23:40' });
  const again = await app.inject({ method: 'POST', url: `/v1/messages/${urgent.id}/acknowledge`, headers: nils, payload: {} });
  t.equal(again.statusCode, 409, 'the first acknowledgement counts');
  t.equal((await app.inject({ method: 'POST', url: `/v1/messages/${urgent.id}/acknowledge`, headers: karin, payload: {} })).statusCode, 404, 'the sender’s organisation does not acknowledge for the recipient');
  t.same((await app.inject({ url: watchUrl, headers: nils })).json().items.map((m: { id: string }) => m.id), [first.id]);
  const seenBySender = (await app.inject({ url: `/v1/messages/${urgent.id}`, headers: karin })).json();
  t.match(seenBySender.recipients[0], { acknowledgedBy: 'night-nils', journalReference: 'Journal natt 2026-11-22 kl 23:40' }, 'the sender sees the acknowledgement');
  summary = (await app.inject({ url: '/v1/messages/inbox/summary', headers: nils })).json();
  t.match(summary.groups[0], { unacknowledged: 1, urgentUnacknowledged: 0 });

  // A reply continues the thread, inherits the individual and is checked by the same rules.
  const reply = await send(nils, { to: { contactGroupIds: [demoGroup.privateProvider] }, replyTo: first.id, subject: 'Sv: Medicin', body: 'Uppfattat.' });
  t.equal(reply.threadId, first.id);
  t.equal(reply.individualId, demo.individual.astrid);
  const thread = (await app.inject({ url: `/v1/messages/${reply.id}/thread`, headers: karin })).json();
  t.same(thread.items.map((m: { id: string }) => m.id), [first.id, reply.id]);
  t.equal((await app.inject({ method: 'POST', url: '/v1/messages', headers: bearer(await tokenFor('other-olle')), payload: { to: { staffIds: ['care-karin'] }, replyTo: first.id, subject: 'S', body: 'B' } })).statusCode, 404, 'no reply to a message you cannot see');
  t.same((await app.inject({ url: '/v1/messages/sent', headers: nils })).json().items.map((m: { id: string }) => m.id), [reply.id]);

  // Reads of messages about an individual are in the access log.
  const audited = await db.select().from(auditEvents).where(eq(auditEvents.resourceId, first.id));
  t.ok(audited.some((e) => e.actorId === 'night-nils' && e.action === 'read'));

  // Notices to staff carry no individual and skip the consent rule.
  const notice = await db.transaction((tx) => sendSystemMessage(tx, { fromOrganisationId: demo.org.privateProvider, senderId: 'nurse-lena', toStaffIds: ['manager-maria', 'nobody'], subject: 'Delegering given', body: 'Karin har fått delegering.' }));
  const maria = (await app.inject({ url: '/v1/messages/inbox', headers: bearer(await tokenFor('manager-maria')) })).json();
  t.ok(maria.items.some((m: { id: string; recipients: { staffId: string }[] }) => m.id === notice!.id && m.recipients.length === 1 && m.recipients[0]!.staffId === 'manager-maria'));
  t.equal((await app.inject({ url: '/v1/messages/inbox/summary', headers: bearer(await tokenFor('manager-maria')) })).json().direct.unread, 1);
});

t.test('inbox pagination is stable while messages arrive', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const karin = bearer(await tokenFor('care-karin'));
  const nils = bearer(await tokenFor('night-nils'));
  const send = (i: number) =>
    app.inject({ method: 'POST', url: '/v1/messages', headers: karin, payload: { to: { contactGroupIds: [demoGroup.night] }, subject: `Meddelande ${i}`, body: 'B' } });
  for (let i = 0; i < 7; i++) t.equal((await send(i)).statusCode, 201);
  const seen: string[] = [];
  let cursor: string | null = null;
  let pageNo = 0;
  do {
    const body: { items: { id: string; subject: string }[]; nextCursor: string | null } = (await app.inject({ url: `/v1/messages/inbox?limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: nils })).json();
    seen.push(...body.items.map((m) => m.subject));
    cursor = body.nextCursor;
    if (pageNo++ === 0) for (let i = 100; i < 103; i++) await send(i); // newer ones arrive meanwhile
  } while (cursor);
  t.same(seen, [6, 5, 4, 3, 2, 1, 0].map((i) => `Meddelande ${i}`), 'every older message once, in order; the new ones wait for the next refresh');
});

t.test('contact groups: the IT contact maintains their own; the address book hides members', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const ivan = bearer(await tokenFor('itcontact-ivan'));
  const nils = bearer(await tokenFor('night-nils')); // the night unit's IT contact
  const created = await app.inject({ method: 'POST', url: '/v1/contact-groups', headers: ivan, payload: { name: 'Omsorg Väst ledning', unitIds: [demo.unit.privateCentrum], serviceTypes: ['home_care_day_evening'] } });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { organisationId: demo.org.privateProvider, memberIds: [] });
  const id = created.json().id;
  t.equal((await app.inject({ method: 'POST', url: '/v1/contact-groups', headers: ivan, payload: { name: 'X', unitIds: [demo.unit.nightCentrum] } })).statusCode, 422, 'only own units');
  t.equal((await app.inject({ method: 'POST', url: '/v1/contact-groups', headers: bearer(await tokenFor('care-karin')), payload: { name: 'X' } })).statusCode, 403, 'care staff do not maintain groups');

  const members = await app.inject({ method: 'PUT', url: `/v1/contact-groups/${id}/members`, headers: ivan, payload: { staffIds: ['manager-maria', 'care-kalle'] } });
  t.same(members.json().memberIds, ['care-kalle', 'manager-maria']);
  const foreign = await app.inject({ method: 'PUT', url: `/v1/contact-groups/${id}/members`, headers: ivan, payload: { staffIds: ['night-nils'] } });
  t.equal(foreign.statusCode, 422, 'members are the organisation’s own staff');

  t.equal((await app.inject({ method: 'PATCH', url: `/v1/contact-groups/${id}`, headers: nils, payload: { name: 'Hijacked' } })).statusCode, 404, 'no one edits another organisation’s groups');
  t.equal((await app.inject({ method: 'PUT', url: `/v1/contact-groups/${id}/members`, headers: nils, payload: { staffIds: [] } })).statusCode, 404);
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/contact-groups/${id}`, headers: nils })).statusCode, 404);
  const seenByNils = (await app.inject({ url: `/v1/contact-groups/${id}`, headers: nils })).json();
  t.equal(seenByNils.name, 'Omsorg Väst ledning');
  t.notOk('memberIds' in seenByNils, 'members stay inside the organisation');
  const book = (await app.inject({ url: '/v1/contact-groups?serviceType=home_care_night', headers: ivan })).json();
  t.same(book.items.map((g: { id: string }) => g.id), [demoGroup.night]);
  t.notOk(book.items.some((g: object) => 'memberIds' in g));
  t.same((await app.inject({ method: 'PATCH', url: `/v1/contact-groups/${id}`, headers: ivan, payload: { serviceTypes: ['relief'] } })).json().serviceTypes, ['relief']);

  // A group without messages is deleted; one with messages is archived and leaves the address book.
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/contact-groups/${id}`, headers: ivan })).json().outcome, 'deleted');
  t.equal((await app.inject({ url: `/v1/contact-groups/${id}`, headers: ivan })).statusCode, 404);
  await app.inject({ method: 'POST', url: '/v1/messages', headers: nils, payload: { to: { contactGroupIds: [demoGroup.privateProvider] }, subject: 'S', body: 'B' } });
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/contact-groups/${demoGroup.privateProvider}`, headers: ivan })).json().outcome, 'archived');
  t.notOk((await app.inject({ url: '/v1/contact-groups', headers: ivan })).json().items.some((g: { id: string }) => g.id === demoGroup.privateProvider));
  t.equal((await app.inject({ method: 'POST', url: '/v1/messages', headers: nils, payload: { to: { contactGroupIds: [demoGroup.privateProvider] }, subject: 'S', body: 'B' } })).statusCode, 422, 'an archived group takes no new messages');
  t.equal((await app.inject({ url: `/v1/contact-groups/${demoGroup.privateProvider}`, headers: ivan })).json().archived, true);
});

t.test('recipients to inform follow the responsibility table', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const ids = async (who: string, individual: string) =>
    (await app.inject({ url: `/v1/individuals/${individual}/recipients`, headers: bearer(await tokenFor(who)) })).json().items.map((g: { contactGroupId: string }) => g.contactGroupId);
  t.same(await ids('care-karin', demo.individual.astrid), [demoGroup.night], 'day/evening → night');
  t.same(await ids('night-nils', demo.individual.astrid), [demoGroup.privateProvider], 'night → day/evening');
  t.same(await ids('alarm-alva', demo.individual.astrid), [demoGroup.privateProvider], 'alarm → day/evening');
  t.same(await ids('municipal-mats', demo.individual.bertil), [demoGroup.camera], 'day/evening → Trygghetsjouren');
  t.same(await ids('camera-cornelia', demo.individual.bertil), [demoGroup.municipal], 'Trygghetsjouren → day/evening');
  t.equal((await app.inject({ url: `/v1/individuals/${demo.individual.astrid}/recipients`, headers: bearer(await tokenFor('other-olle')) })).statusCode, 404);
});
