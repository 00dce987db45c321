import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localDate } from '../calendar/local-date.js';
import { page } from '../http/pagination.js';
import { problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { MESSAGE_READERS, MESSAGE_SENDERS } from './access.js';
import { acknowledge } from './acknowledge.js';
import { showMessages, toMessageDtos } from './dto.js';
import { inboxSummary, listInbox, listSent } from './mailbox.js';
import { loadReadable, loadThread, markRead } from './reading.js';
import { acknowledgeBody, inboxQuery, messageSchema, sendMessageBody, sentQuery } from './schemas.js';
import { sendMessage } from './send.js';

export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['messages'], security: [{ bearerAuth: [] }] };

  app.post(
    '/messages',
    {
      config: { access: MESSAGE_SENDERS, idempotent: true },
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
      const id = await db.transaction((tx) => sendMessage(tx, request, request.caller, request.body, localDate()));
      // The send is in the access log already (create), so the answer is not logged as a read.
      const [sent] = await toMessageDtos(db, request.caller.sub, [await loadReadable(db, request.caller, id)]);
      return reply.code(201).header('location', `/v1/messages/${id}`).send(sent!);
    },
  );

  app.get(
    '/messages/inbox',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        ...common,
        operationId: 'listInbox',
        summary: 'Incoming messages: to your contact groups and to you, newest first',
        querystring: inboxQuery,
        response: { 200: page(messageSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const result = await listInbox(db, request.caller, request.query);
      return { items: await showMessages(db, request, result.items), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/messages/inbox/summary',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        ...common,
        operationId: 'getInboxSummary',
        summary: 'Counts for a badge: unread, unacknowledged and urgent per contact group (and to you directly)',
        response: {
          200: z.object({
            groups: z.array(z.object({ contactGroupId: z.uuid(), name: z.string(), unread: z.number().int(), unacknowledged: z.number().int(), urgentUnacknowledged: z.number().int() })),
            direct: z.object({ unread: z.number().int() }),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => inboxSummary(db, request.caller),
  );

  app.get(
    '/messages/sent',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        ...common,
        operationId: 'listSent',
        summary: 'Messages you sent, newest first',
        querystring: sentQuery,
        response: { 200: page(messageSchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const result = await listSent(db, request.caller, request.query);
      return { items: await showMessages(db, request, result.items), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/messages/:id',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        ...common,
        operationId: 'getMessage',
        summary: 'Read a message (sender, recipients and members of recipient groups); audit-logged when about an individual',
        params: idParams,
        response: { 200: messageSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => (await showMessages(db, request, [await loadReadable(db, request.caller, request.params.id)]))[0]!,
  );

  app.get(
    '/messages/:id/thread',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        ...common,
        operationId: 'getThread',
        summary: 'The thread of a message, oldest first (only the messages you may see)',
        params: idParams,
        response: { 200: z.object({ threadId: z.uuid(), items: z.array(messageSchema) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { threadId, rows } = await loadThread(db, request.caller, request.params.id);
      return { threadId, items: await showMessages(db, request, rows) };
    },
  );

  app.post(
    '/messages/:id/read',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        ...common,
        operationId: 'markMessageRead',
        summary: 'Mark a message read (per staff member)',
        params: idParams,
        response: { 200: z.object({ messageId: z.uuid(), readAt: z.iso.datetime() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => markRead(db, request.caller, request.params.id),
  );

  app.post(
    '/messages/:id/acknowledge',
    {
      config: { access: MESSAGE_READERS },
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
          ...problemResponses(400, 401, 403, 404, 409, 415, 422),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await acknowledge(db, request.caller, request.params.id, request.body)),
  );
};
