import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { ids, messagingWorld } from '../helpers/messaging.js';

t.test('a reply continues the thread, about the same individual, under the same rules', async (t) => {
  const w = await messagingWorld(t);
  const first = await w.sent('care-karin', { to: { contactGroupIds: [demoGroup.night] }, individualId: demo.individual.astrid, subject: 'Medicin', body: 'Ny dosering från i kväll.' });
  const reply = await w.sent('night-nils', { to: { contactGroupIds: [demoGroup.privateProvider] }, replyTo: first.id, subject: 'Sv: Medicin', body: 'Uppfattat.' });
  t.equal(reply.threadId, first.id);
  t.equal(reply.individualId, demo.individual.astrid, 'the reply inherits the individual');
  t.match((await w.get('care-karin', `/v1/messages/${reply.id}`)).json(), { replyToId: first.id, threadId: first.id });
  // A side message in the thread to the alarm unit: Karin is neither sender nor recipient of it.
  const aside = await w.sent('night-nils', { to: { contactGroupIds: [demoGroup.alarm] }, replyTo: first.id, subject: 'Larm i natt?', body: 'Har ni fått larm?' });
  const again = await w.sent('care-karin', { to: { contactGroupIds: [demoGroup.night] }, replyTo: reply.id, subject: 'Sv: Sv: Medicin', body: 'Tack.' });
  t.equal(again.threadId, first.id, 'a reply to a reply stays in the first thread');

  t.same(ids((await w.get('night-nils', `/v1/messages/${first.id}/thread`)).json()), [first.id, reply.id, aside.id, again.id], 'oldest first');
  t.same(ids((await w.get('care-karin', `/v1/messages/${again.id}/thread`)).json()), [first.id, reply.id, again.id], 'only the messages you may read');
  t.same(ids((await w.get('alarm-alva', `/v1/messages/${aside.id}/thread`)).json()), [aside.id]);
  t.equal((await w.get('alarm-alva', `/v1/messages/${aside.id}/thread`)).json().threadId, first.id);
  t.equal((await w.get('alarm-alva', `/v1/messages/${first.id}/thread`)).statusCode, 404);
  t.same(ids((await w.get('night-nils', '/v1/messages/sent')).json()), [aside.id, reply.id]);

  const before = await w.rowCounts();
  const otherPerson = await w.send('night-nils', { to: { contactGroupIds: [demoGroup.privateProvider] }, replyTo: first.id, individualId: demo.individual.bertil, subject: 'S', body: 'B' });
  t.equal(otherPerson.statusCode, 422, 'a thread is about one individual');
  // The reply about Astrid is checked like any message: Trygghetsjouren does not serve her.
  t.equal((await w.send('night-nils', { to: { contactGroupIds: [demoGroup.camera] }, replyTo: first.id, subject: 'S', body: 'B' })).json().type, '/problems/recipient-not-serving');
  t.equal((await w.send('other-olle', { to: { staffIds: ['care-karin'] }, replyTo: first.id, subject: 'S', body: 'B' })).statusCode, 404, 'no reply to a message you cannot read');
  t.equal((await w.send('care-karin', { to: { staffIds: ['night-nils'] }, replyTo: '00000000-0000-4000-8000-000000000000', subject: 'S', body: 'B' })).statusCode, 404);
  t.same(await w.rowCounts(), before);
});
