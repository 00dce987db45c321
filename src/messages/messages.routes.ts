import { and, asc, count, desc, eq, exists, inArray, lt, notExists, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireRole } from '../auth/plugin.js';
import { recordAudit } from '../audit/record.js';
import { localDate } from '../calendar/local-date.js';
import { contactGroupMembers, contactGroups, messageAcknowledgements, messageReads, messageRecipients, messages } from '../db/schema/index.js';
import { decodeCursor, page, toPage } from '../http/pagination.js';
import { conflict, HttpProblem, notFound, problemResponses, unprocessable } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { toMessageDtos } from './dto.js';
import { acknowledgeBody, inboxQuery, messageSchema, sendMessageBody, sentQuery } from './schemas.js';
import { MESSAGE_SENDERS } from './roles.js';
import { sendMessage } from './send.js';
import { groupsOf, reached, visibleMessage } from './visibility.js';


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keyset on (sentAt desc, id desc): stable while new messages arrive. A forged key is a 400, not a database error. */
function before(cursor: string | undefined) {
  const key = decodeCursor<[string, string]>(cursor, 2);
  if (!key) return undefined;
  const at = new Date(key[0]);
  if (Number.isNaN(at.getTime()) || !UUID.test(key[1])) {
    throw new HttpProblem('invalid-cursor', 'The cursor is not one this service issued; start again without it.', { errors: [{ path: 'query.cursor', message: 'not a valid cursor' }] });
  }
  return or(lt(messages.sentAt, at), and(eq(messages.sentAt, at), lt(messages.id, key[1])));
}

/** A receiving group of the message that the caller belongs to (the one named, if any) and that has not acknowledged it. */
const unacknowledgedFor = (staffId: string, groupId?: string) =>
  exists(
    sql`(select 1 from ${messageRecipients} where ${and(
      eq(messageRecipients.messageId, messages.id),
      inArray(messageRecipients.contactGroupId, groupsOf(staffId)),
      groupId ? eq(messageRecipients.contactGroupId, groupId) : undefined,
      notExists(
        sql`(select 1 from ${messageAcknowledgements} where ${and(
          eq(messageAcknowledgements.messageId, messages.id),
          eq(messageAcknowledgements.contactGroupId, messageRecipients.contactGroupId),
        )})`,
      ),
    )})`,
  );
const unreadBy = (staffId: string) =>
  notExists(sql`(select 1 from ${messageReads} where ${and(eq(messageReads.messageId, messages.id), eq(messageReads.staffId, staffId))})`);

export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['messages'], security: [{ bearerAuth: [] }] };

  const auditReads = (request: Parameters<typeof recordAudit>[1], p: Parameters<typeof recordAudit>[2], items: { id: string; individualId: string | null }[]) =>
    recordAudit(db, request, p, items.filter((m) => m.individualId).map((m) => ({ action: 'read' as const, individualId: m.individualId, resourceType: 'message', resourceId: m.id })));

  app.post(
    '/messages',
    {
      schema: {
        ...common,
        operationId: 'sendMessage',
        summary: 'Send a message (meddelande) to contact groups and/or staff',
        description:
          'About an individual, every recipient organisation must perform a service for the individual today (insatsöversikt) or be their district, and the individual’s consent (samtycke) must cover the transfer: otherwise 422 `/problems/recipient-not-serving` or `/problems/no-consent` naming the refused recipients, and nothing is stored. Messages are immutable; `replyTo` continues a thread.',
        body: sendMessageBody,
        response: { 201: messageSchema, ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const p = requireRole(request, ...MESSAGE_SENDERS);
      const id = await db.transaction((tx) => sendMessage(tx, request, p, request.body, localDate()));
      const [row] = await db.select().from(messages).where(eq(messages.id, id));
      return reply.code(201).send((await toMessageDtos(db, p.sub, [row!]))[0]!);
    },
  );

  app.get(
    '/messages/inbox',
    {
      schema: {
        ...common,
        operationId: 'listInbox',
        summary: 'Incoming messages: to your contact groups and to you, newest first',
        querystring: inboxQuery,
        response: { 200: page(messageSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const rows = await db
        .select()
        .from(messages)
        .where(
          and(
            reached(p.sub, q.contactGroupId),
            q.individualId ? eq(messages.individualId, q.individualId) : undefined,
            q.priority ? eq(messages.priority, q.priority) : undefined,
            q.unread === 'true' ? unreadBy(p.sub) : q.unread === 'false' ? sql`not ${unreadBy(p.sub)}` : undefined,
            q.unacknowledged === 'true' ? unacknowledgedFor(p.sub, q.contactGroupId) : q.unacknowledged === 'false' ? sql`not ${unacknowledgedFor(p.sub, q.contactGroupId)}` : undefined,
            before(q.cursor),
          ),
        )
        .orderBy(desc(messages.sentAt), desc(messages.id))
        .limit(q.limit + 1);
      const result = toPage(rows, q.limit, (r) => r, (r) => [r.sentAt.toISOString(), r.id]);
      await auditReads(request, p, result.items);
      return { items: await toMessageDtos(db, p.sub, result.items), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/messages/inbox/summary',
    {
      schema: {
        ...common,
        operationId: 'getInboxSummary',
        summary: 'Counts for a badge: unread, unacknowledged and urgent per contact group (and to you directly)',
        response: {
          200: z.object({
            groups: z.array(z.object({ contactGroupId: z.uuid(), name: z.string(), unread: z.number().int(), unacknowledged: z.number().int(), urgentUnacknowledged: z.number().int() })),
            direct: z.object({ unread: z.number().int() }),
          }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const groups = await db
        .select({ id: contactGroups.id, name: contactGroups.name })
        .from(contactGroups)
        .innerJoin(contactGroupMembers, eq(contactGroupMembers.contactGroupId, contactGroups.id))
        .where(eq(contactGroupMembers.staffId, p.sub))
        .orderBy(asc(contactGroups.name));
      const ackedBy = (groupId: string) =>
        exists(sql`(select 1 from ${messageAcknowledgements} where ${and(eq(messageAcknowledgements.messageId, messages.id), eq(messageAcknowledgements.contactGroupId, groupId))})`);
      const perGroup = await Promise.all(
        groups.map(async (g) => {
          const [c] = await db
            .select({
              unread: sql<number>`count(*) filter (where ${unreadBy(p.sub)})`.mapWith(Number),
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
        .innerJoin(messageRecipients, and(eq(messageRecipients.messageId, messages.id), eq(messageRecipients.staffId, p.sub)))
        .where(unreadBy(p.sub));
      return { groups: perGroup, direct: { unread: Number(direct?.unread ?? 0) } };
    },
  );

  app.get(
    '/messages/sent',
    {
      schema: {
        ...common,
        operationId: 'listSent',
        summary: 'Messages you sent, newest first',
        querystring: sentQuery,
        response: { 200: page(messageSchema), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const rows = await db
        .select()
        .from(messages)
        .where(and(eq(messages.senderId, p.sub), q.individualId ? eq(messages.individualId, q.individualId) : undefined, q.priority ? eq(messages.priority, q.priority) : undefined, before(q.cursor)))
        .orderBy(desc(messages.sentAt), desc(messages.id))
        .limit(q.limit + 1);
      const result = toPage(rows, q.limit, (r) => r, (r) => [r.sentAt.toISOString(), r.id]);
      await auditReads(request, p, result.items);
      return { items: await toMessageDtos(db, p.sub, result.items), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/messages/:id',
    {
      schema: {
        ...common,
        operationId: 'getMessage',
        summary: 'Read a message (sender, recipients and members of recipient groups); audit-logged when about an individual',
        params: idParams,
        response: { 200: messageSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const [row] = await db.select().from(messages).where(and(eq(messages.id, request.params.id), visibleMessage(p.sub)));
      if (!row) throw notFound('The message');
      await auditReads(request, p, [row]);
      return (await toMessageDtos(db, p.sub, [row]))[0]!;
    },
  );

  app.get(
    '/messages/:id/thread',
    {
      schema: {
        ...common,
        operationId: 'getThread',
        summary: 'The thread of a message, oldest first (only the messages you may see)',
        params: idParams,
        response: { 200: z.object({ threadId: z.uuid(), items: z.array(messageSchema) }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const [row] = await db.select().from(messages).where(and(eq(messages.id, request.params.id), visibleMessage(p.sub)));
      if (!row) throw notFound('The message');
      const rows = await db
        .select()
        .from(messages)
        .where(and(eq(messages.threadId, row.threadId), visibleMessage(p.sub)))
        .orderBy(asc(messages.sentAt), asc(messages.id));
      await auditReads(request, p, rows);
      return { threadId: row.threadId, items: await toMessageDtos(db, p.sub, rows) };
    },
  );

  app.post(
    '/messages/:id/read',
    {
      schema: {
        ...common,
        operationId: 'markMessageRead',
        summary: 'Mark a message read (per staff member)',
        params: idParams,
        response: { 200: z.object({ messageId: z.uuid(), readAt: z.iso.datetime() }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const [row] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.id, request.params.id), reached(p.sub)));
      if (!row) throw notFound('The message');
      await db.insert(messageReads).values({ messageId: row.id, staffId: p.sub }).onConflictDoNothing();
      const [read] = await db.select().from(messageReads).where(and(eq(messageReads.messageId, row.id), eq(messageReads.staffId, p.sub)));
      return { messageId: row.id, readAt: read!.readAt.toISOString() };
    },
  );

  app.post(
    '/messages/:id/acknowledge',
    {
      schema: {
        ...common,
        operationId: 'acknowledgeMessage',
        summary: 'Acknowledge (kvittera) a message for a receiving contact group you belong to',
        description:
          'Kvittens per receiving contact group: you must be a member of the group (a manager or IT contact acknowledges only as a member, as for reading the message). The first acknowledgement for a group counts; a later one is 409. `journalReference` says where the event was documented in the individual’s case record (journal). Name `contactGroupId` when you belong to several receiving groups (otherwise 422). A message that reached you directly, not through a group, is marked read, not acknowledged (422). 404 for a message you cannot read. The body is a JSON object, `{}` when there is nothing to add.',
        params: idParams,
        body: acknowledgeBody,
        response: {
          201: z.object({ messageId: z.uuid(), contactGroupId: z.uuid(), acknowledgedBy: z.string(), acknowledgedAt: z.iso.datetime(), journalReference: z.string().nullable() }),
          ...problemResponses(400, 401, 404, 409, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const [row] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.id, request.params.id), reached(p.sub)));
      if (!row) throw notFound('The message');
      const mine = await db
        .select({ groupId: messageRecipients.contactGroupId })
        .from(messageRecipients)
        .where(and(eq(messageRecipients.messageId, row.id), inArray(messageRecipients.contactGroupId, groupsOf(p.sub))));
      const groupIds = mine.map((m) => m.groupId!);
      const b = request.body;
      let groupId: string;
      if (b.contactGroupId) {
        if (!groupIds.includes(b.contactGroupId)) throw unprocessable('You do not belong to that receiving group.', { errors: [{ path: 'body.contactGroupId', message: 'not a receiving group of yours' }] });
        groupId = b.contactGroupId;
      } else if (groupIds.length === 1) {
        groupId = groupIds[0]!;
      } else if (groupIds.length === 0) {
        throw unprocessable('The message reached you directly, not through a contact group: acknowledgement is per receiving group.');
      } else {
        throw unprocessable('You belong to several receiving groups: name the one that acknowledges.', { errors: [{ path: 'body.contactGroupId', message: 'required here' }] });
      }
      const [ack] = await db
        .insert(messageAcknowledgements)
        .values({ messageId: row.id, contactGroupId: groupId, staffId: p.sub, journalReference: b.journalReference ?? null })
        .onConflictDoNothing()
        .returning();
      if (!ack) {
        const [first] = await db.select().from(messageAcknowledgements).where(and(eq(messageAcknowledgements.messageId, row.id), eq(messageAcknowledgements.contactGroupId, groupId)));
        throw conflict(`The group already acknowledged the message (${first?.staffId} at ${first?.acknowledgedAt.toISOString()}).`);
      }
      return reply.code(201).send({ messageId: row.id, contactGroupId: groupId, acknowledgedBy: ack.staffId, acknowledgedAt: ack.acknowledgedAt.toISOString(), journalReference: ack.journalReference });
    },
  );

};
