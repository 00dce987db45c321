import { and, asc, count, eq, exists, inArray, notExists, sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Database, Db } from '../db/client.js';
import { contactGroups, messageAcknowledgements, messageReads, messageRecipients, messages } from '../db/schema/index.js';
import { instantAndUuid, listPage } from '../http/pagination.js';
import { shownMessages, toShownDto, type ShownMessageRow } from './shown.js';
import { acknowledgesFor, addressedToCaller, memberGroups, reachedCaller, sentByCaller, type Who } from './access.js';

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

/**
 * Newest first, keyset on (sentAt desc, id desc): stable while new messages arrive; a forged cursor is a 400. The page
 * is shown to the caller (recipients, read state, the access log) by one statement.
 */
function newestFirst(database: Pick<Database, 'db' | 'pool' | 'pglite'>, request: FastifyRequest, q: Filters, where: SQL | undefined) {
  return listPage<[string, string], ShownMessageRow, ReturnType<typeof toShownDto>>(q, {
    arity: 2,
    valid: instantAndUuid,
    fetch: (after, take) =>
      shownMessages(database, request, {
        where: and(where, q.individualId ? eq(messages.individualId, q.individualId) : undefined, q.priority ? eq(messages.priority, q.priority) : undefined),
        after: after ? [new Date(after[0]), after[1]] : undefined,
        take,
        shown: q.limit,
      }),
    map: toShownDto,
    keyOf: (r) => [r.sent_at, r.id],
  });
}

/** What reached the caller (in person or through a group they are a member of), with the inbox filters, as shown to them. */
export function listInbox(
  database: Pick<Database, 'db' | 'pool' | 'pglite'>,
  request: FastifyRequest,
  q: Filters & { contactGroupId?: string | undefined; unread?: 'true' | 'false' | undefined; unacknowledged?: 'true' | 'false' | undefined },
) {
  const caller = request.caller;
  return newestFirst(
    database,
    request,
    q,
    and(reachedCaller(caller, q.contactGroupId), byFlag(q.unread, unreadBy(caller)), byFlag(q.unacknowledged, unacknowledgedFor(caller, q.contactGroupId))),
  );
}

/** What the caller sent for the organisation they act for, as shown to them. */
export const listSent = (database: Pick<Database, 'db' | 'pool' | 'pglite'>, request: FastifyRequest, q: Filters) => newestFirst(database, request, q, sentByCaller(request.caller));

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
