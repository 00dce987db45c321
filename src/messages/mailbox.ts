import { and, asc, count, desc, eq, exists, inArray, lt, notExists, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { contactGroups, messageAcknowledgements, messageReads, messageRecipients, messages } from '../db/schema/index.js';
import { instantAndUuid, listPage } from '../http/pagination.js';
import { acknowledgesFor, addressedToCaller, memberGroups, reachedCaller, sentByCaller, type Who } from './access.js';

type MessageRow = typeof messages.$inferSelect;
type Filters = { individualId?: string | undefined; priority?: 'normal' | 'urgent' | undefined; limit: number; cursor?: string | undefined };

/** Not yet marked read by the caller (read state is per person). */
const unreadBy = (caller: Who) =>
  notExists(sql`(select 1 from ${messageReads} where ${and(eq(messageReads.messageId, messages.id), eq(messageReads.staffId, caller.sub))})`);

/** A receiving group of the message that the caller acknowledges for (the one named, if any) and that has not acknowledged it. */
const unacknowledgedFor = (caller: Who, groupId?: string) =>
  exists(
    sql`(select 1 from ${messageRecipients} where ${and(
      eq(messageRecipients.messageId, messages.id),
      acknowledgesFor(caller),
      groupId ? eq(messageRecipients.contactGroupId, groupId) : undefined,
      notExists(
        sql`(select 1 from ${messageAcknowledgements} where ${and(
          eq(messageAcknowledgements.messageId, messages.id),
          eq(messageAcknowledgements.contactGroupId, messageRecipients.contactGroupId),
        )})`,
      ),
    )})`,
  );

const byFlag = (flag: 'true' | 'false' | undefined, condition: SQL) => (flag === 'true' ? condition : flag === 'false' ? sql`not ${condition}` : undefined);

/** Newest first, keyset on (sentAt desc, id desc): stable while new messages arrive; a forged cursor is a 400. */
function newestFirst(db: Db, q: Filters, where: SQL | undefined) {
  return listPage<[string, string], MessageRow, MessageRow>(q, {
    arity: 2,
    valid: instantAndUuid,
    fetch: (after, take) => {
      const at = after ? new Date(after[0]) : undefined;
      return db
        .select()
        .from(messages)
        .where(
          and(
            where,
            q.individualId ? eq(messages.individualId, q.individualId) : undefined,
            q.priority ? eq(messages.priority, q.priority) : undefined,
            after && at ? or(lt(messages.sentAt, at), and(eq(messages.sentAt, at), lt(messages.id, after[1]))) : undefined,
          ),
        )
        .orderBy(desc(messages.sentAt), desc(messages.id))
        .limit(take);
    },
    map: (r) => r,
    keyOf: (r) => [r.sentAt.toISOString(), r.id],
  });
}

/** What reached the caller (in person or through a group they are a member of), with the inbox filters. */
export function listInbox(db: Db, caller: Who, q: Filters & { contactGroupId?: string | undefined; unread?: 'true' | 'false' | undefined; unacknowledged?: 'true' | 'false' | undefined }) {
  return newestFirst(
    db,
    q,
    and(reachedCaller(caller, q.contactGroupId), byFlag(q.unread, unreadBy(caller)), byFlag(q.unacknowledged, unacknowledgedFor(caller, q.contactGroupId))),
  );
}

/** What the caller sent for the organisation they act for. */
export const listSent = (db: Db, caller: Who, q: Filters) => newestFirst(db, q, sentByCaller(caller));

/** Counts for a badge: per group the caller is a member of, and what reached them in person. */
export async function inboxSummary(db: Db, caller: Who) {
  const groups = await db
    .select({ id: contactGroups.id, name: contactGroups.name })
    .from(contactGroups)
    .where(inArray(contactGroups.id, memberGroups(caller)))
    .orderBy(asc(contactGroups.name), asc(contactGroups.id));
  const ackedBy = (groupId: string) =>
    exists(sql`(select 1 from ${messageAcknowledgements} where ${and(eq(messageAcknowledgements.messageId, messages.id), eq(messageAcknowledgements.contactGroupId, groupId))})`);
  const perGroup = await Promise.all(
    groups.map(async (g) => {
      const [c] = await db
        .select({
          unread: sql<number>`count(*) filter (where ${unreadBy(caller)})`.mapWith(Number),
          unacknowledged: sql<number>`count(*) filter (where not ${ackedBy(g.id)})`.mapWith(Number),
          urgentUnacknowledged: sql<number>`count(*) filter (where not ${ackedBy(g.id)} and ${messages.priority} = 'urgent')`.mapWith(Number),
        })
        .from(messages)
        .innerJoin(messageRecipients, and(eq(messageRecipients.messageId, messages.id), eq(messageRecipients.contactGroupId, g.id)));
      return { contactGroupId: g.id, name: g.name, ...c! };
    }),
  );
  const [direct] = await db
    .select({ unread: count() })
    .from(messages)
    .innerJoin(messageRecipients, and(eq(messageRecipients.messageId, messages.id), addressedToCaller(caller)))
    .where(unreadBy(caller));
  return { groups: perGroup, direct: { unread: Number(direct?.unread ?? 0) } };
}
