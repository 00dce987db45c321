import { randomUUID } from 'node:crypto';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { messageAcknowledgements, messageRecipients, messages } from '../../src/db/schema/index.js';
import { ids, messagingWorld } from '../helpers/messaging.js';

const HOUR = 3_600_000;

t.test('the watch list (bevakning): unacknowledged past the period, urgent first', async (t) => {
  const w = await messagingWorld(t);
  await w.addStaff('night-nora', demo.org.nightUnit, ['manager', 'it_contact']);
  /** A message the night group received `hoursAgo` hours ago (inserted: the API stamps the time itself). */
  const received = async (hoursAgo: number, priority: 'normal' | 'urgent', subject: string) => {
    const id = randomUUID();
    await w.db.insert(messages).values({
      id, threadId: id, senderId: 'care-karin', senderOrganisationId: demo.org.privateProvider, individualId: demo.individual.astrid,
      subject, body: 'B', priority, sentAt: new Date(Date.now() - hoursAgo * HOUR),
    });
    await w.db.insert(messageRecipients).values({ messageId: id, contactGroupId: demoGroup.night, organisationId: demo.org.nightUnit });
    return id;
  };
  const oldNormal = await received(5, 'normal', 'Fem timmar');
  const oldUrgent = await received(4.5, 'urgent', 'Fyra och en halv timme');
  const handled = await received(6, 'urgent', 'Kvitterad');
  await w.db.insert(messageAcknowledgements).values({ messageId: handled, contactGroupId: demoGroup.night, staffId: 'night-nils' });
  const fresh = (await w.sent('care-karin', { to: { contactGroupIds: [demoGroup.night] }, individualId: demo.individual.astrid, subject: 'Nu', body: 'B', priority: 'urgent' })).id;
  const elsewhere = (await w.sent('care-karin', { to: { staffIds: ['night-nils'] }, subject: 'Direkt', body: 'B' })).id;

  const watch = (who: string, q = '') => w.get(who, `/v1/contact-groups/${demoGroup.night}/watch${q}`);
  const four = (await watch('night-nils', '?olderThan=PT4H')).json();
  t.same(four.items.map((m: { id: string }) => m.id), [oldUrgent, oldNormal], 'urgent first, then oldest');
  t.equal(four.olderThan, 'PT4H');
  t.same(ids((await watch('night-nils')).json()), [oldUrgent, oldNormal], 'four hours by default');
  t.same(ids((await watch('night-nils', '?olderThan=PT0S')).json()), [oldUrgent, fresh, oldNormal], 'every unacknowledged one; never the acknowledged or another address');
  t.notOk(ids((await watch('night-nils', '?olderThan=PT0S')).json()).includes(elsewhere));
  t.same(ids((await watch('night-nils', '?olderThan=PT4H45M')).json()), [oldNormal]);
  t.same(ids((await watch('night-nils', '?olderThan=P1D')).json()), []);

  t.equal((await w.post('night-nils', `/v1/messages/${oldUrgent}/acknowledge`, { journalReference: 'Natt 03:10' })).statusCode, 201);
  t.same(ids((await watch('night-nils', '?olderThan=PT4H')).json()), [oldNormal], 'an acknowledged message leaves the list');

  for (const bad of ['4h', 'PT', 'P1W', '-PT4H', 'P999999999D', 'PT9999999999H', 'P367D']) t.equal((await watch('night-nils', `?olderThan=${encodeURIComponent(bad)}`)).statusCode, 400, `refuses ${bad}`);
  // Only members watch: not the sender, not another organisation, not a manager outside the group.
  for (const who of ['care-karin', 'other-olle', 'night-nora', 'admin-anna']) t.equal((await watch(who)).statusCode, 404, `${who} does not watch the group`);
  t.equal((await w.get('night-nils', '/v1/contact-groups/00000000-0000-4000-8000-000000000000/watch')).statusCode, 404);
  t.equal((await w.get('care-karin', `/v1/contact-groups/${demoGroup.privateProvider}/watch`)).statusCode, 200, 'a member of a group of her own');
});
