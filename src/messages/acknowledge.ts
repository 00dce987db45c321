import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { messageAcknowledgements, messageRecipients, messages } from '../db/schema/index.js';
import { conflict, notFound, unprocessable } from '../http/problem.js';
import { acknowledgesFor, reachedCaller, type Who } from './access.js';

/**
 * Which group acknowledges, of the receiving groups the caller acknowledges for: the one named (it must be one of
 * them), else the only one. Pure; refusals are 422.
 */
export function chooseAcknowledgingGroup(mine: string[], named: string | undefined): string {
  if (named) {
    if (!mine.includes(named)) throw unprocessable('You do not belong to that receiving group.', { errors: [{ path: 'body.contactGroupId', message: 'not a receiving group of yours' }] });
    return named;
  }
  if (mine.length === 1) return mine[0]!;
  if (mine.length === 0) throw unprocessable('The message reached you directly, not through a contact group: acknowledgement is per receiving group.');
  throw unprocessable('You belong to several receiving groups: name the one that acknowledges.', { errors: [{ path: 'body.contactGroupId', message: 'required here' }] });
}

/**
 * Kvittens for a receiving group of a message that reached the caller: the first acknowledgement of a group counts,
 * a later one is 409 naming who acknowledged and when.
 */
export async function acknowledge(db: Db, caller: Who, id: string, b: { contactGroupId?: string | undefined; journalReference?: string | undefined }) {
  const [row] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.id, id), reachedCaller(caller)));
  if (!row) throw notFound('The message');
  const mine = await db
    .select({ groupId: messageRecipients.contactGroupId })
    .from(messageRecipients)
    .where(and(eq(messageRecipients.messageId, row.id), acknowledgesFor(caller)));
  const groupId = chooseAcknowledgingGroup(
    mine.map((m) => m.groupId!),
    b.contactGroupId,
  );
  const [ack] = await db
    .insert(messageAcknowledgements)
    .values({ messageId: row.id, contactGroupId: groupId, staffId: caller.sub, journalReference: b.journalReference ?? null })
    .onConflictDoNothing()
    .returning();
  if (!ack) {
    const [first] = await db.select().from(messageAcknowledgements).where(and(eq(messageAcknowledgements.messageId, row.id), eq(messageAcknowledgements.contactGroupId, groupId)));
    throw conflict(`The group already acknowledged the message (${first?.staffId} at ${first?.acknowledgedAt.toISOString()}).`);
  }
  return { messageId: row.id, contactGroupId: groupId, acknowledgedBy: ack.staffId, acknowledgedAt: ack.acknowledgedAt.toISOString(), journalReference: ack.journalReference };
}
