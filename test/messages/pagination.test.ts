import { randomUUID } from 'node:crypto';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { messageRecipients, messages } from '../../src/db/schema/index.js';
import { messagingWorld } from '../helpers/messaging.js';

type Page = { items: { id: string; subject: string }[]; nextCursor: string | null };

t.test('inbox and sent pages are stable while messages arrive', async (t) => {
  const w = await messagingWorld(t);
  const send = (i: number) => w.sent('care-karin', { to: { contactGroupIds: [demoGroup.night] }, subject: `Meddelande ${i}`, body: 'B' });
  for (let i = 0; i < 7; i++) await send(i);

  for (const [who, url] of [['night-nils', '/v1/messages/inbox'], ['care-karin', '/v1/messages/sent']] as const) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      // While a page is being read, and between pages, newer messages arrive concurrently.
      const [res] = await Promise.all([w.get(who, `${url}?limit=3${cursor ? `&cursor=${cursor}` : ''}`), send(100 + pages * 10), send(101 + pages * 10)]);
      const body = res.json() as Page;
      t.ok(body.items.length <= 3);
      seen.push(...body.items.map((m) => m.subject).filter((s) => !/Meddelande 1\d\d/.test(s)));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    t.same(seen, [6, 5, 4, 3, 2, 1, 0].map((i) => `Meddelande ${i}`), `${url}: every older message exactly once, in order`);
  }
});

t.test('ties in time are broken by id; cursors are checked', async (t) => {
  const w = await messagingWorld(t);
  const sentAt = new Date('2026-01-01T08:00:00.000Z');
  const made = [];
  for (let i = 0; i < 5; i++) {
    const id = randomUUID();
    await w.db.insert(messages).values({ id, threadId: id, senderId: 'care-karin', senderOrganisationId: demo.org.privateProvider, subject: `Samma tid ${i}`, body: 'B', sentAt });
    await w.db.insert(messageRecipients).values({ messageId: id, contactGroupId: demoGroup.night, organisationId: demo.org.nightUnit });
    made.push(id);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const body = (await w.get('night-nils', `/v1/messages/inbox?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json() as Page;
    seen.push(...body.items.map((m) => m.id));
    cursor = body.nextCursor;
  } while (cursor);
  t.same(seen, [...made].sort().reverse(), 'same time: descending id, each once');

  const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
  for (const cursor of ['garbage', forged(['not a time', made[0]]), forged([sentAt.toISOString(), 'not-a-uuid']), forged([sentAt.toISOString()])]) {
    const res = await w.get('night-nils', `/v1/messages/inbox?cursor=${cursor}`);
    t.equal(res.statusCode, 400);
    t.equal(res.json().type, '/problems/invalid-cursor');
  }
});

t.test('a cursor with a date the database cannot hold is a 400, not a 500', async (t) => {
  const w = await messagingWorld(t);
  const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
  const id = '00000000-0000-4000-8000-000000000000';
  // Valid for JavaScript's Date (its last day), far beyond a timestamp column; and other shapes of an instant.
  for (const at of ['+275760-09-13T00:00:00.000Z', '275760-09-13T00:00:00.000Z', '2026-01-01T08:00:00', 1767254400000, '2026-02-30T08:00:00.000Z', '2026-04-31T00:00:00Z']) {
    for (const [who, url] of [['night-nils', '/v1/messages/inbox'], ['care-karin', '/v1/messages/sent']] as const) {
      const res = await w.get(who, `${url}?cursor=${forged([at, id])}`);
      t.equal(res.statusCode, 400, `${url}: ${at}`);
      t.equal(res.json().type, '/problems/invalid-cursor');
    }
  }
});
