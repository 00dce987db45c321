import { and, asc, desc, eq, lt, notExists, sql } from 'drizzle-orm';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { messageAcknowledgements, messageRecipients, messages } from '../db/schema/index.js';
import { notFound } from '../http/problem.js';
import { isMember } from './groups.js';

/**
 * Bevakning: what the group received before `cutoff` and has not acknowledged, urgent first, then oldest. For the
 * members of the group (as for reading its messages); 404 to anyone else.
 */
export async function watchList(db: Db, caller: Caller, groupId: string, cutoff: Date) {
  if (!(await isMember(db, caller, groupId))) throw notFound('The contact group');
  const rows = await db
    .select({ m: messages })
    .from(messages)
    .innerJoin(messageRecipients, and(eq(messageRecipients.messageId, messages.id), eq(messageRecipients.contactGroupId, groupId)))
    .where(
      and(
        lt(messages.sentAt, cutoff),
        notExists(sql`(select 1 from ${messageAcknowledgements} where ${and(eq(messageAcknowledgements.messageId, messages.id), eq(messageAcknowledgements.contactGroupId, groupId))})`),
      ),
    )
    .orderBy(desc(sql`${messages.priority} = 'urgent'`), asc(messages.sentAt), asc(messages.id))
    .limit(500);
  return rows.map((r) => r.m);
}
