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
import { answer, withExample } from '../http/openapi-docs.js';
import { compiledSerializer } from '../http/fast-serializer.js';
import * as ex from './examples.js';

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
        body: withExample(sendMessageBody, ex.sendMessageExample),
        response: { 201: answer('The message sent', messageSchema, ex.messageExample), ...problemResponses(400, 401, 403, 404, 415, 422) },
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
      // The most read list: its pages written by a compiled serializer (src/http/fast-serializer.ts).
      serializerCompiler: compiledSerializer,
      schema: {
        ...common,
        operationId: 'listInbox',
        summary: 'Incoming messages: to your contact groups and to you, newest first',
        description:
          'Filters: one of your groups (`contactGroupId`), an individual, `unread` (per staff member), `unacknowledged` (by a receiving group of yours), `priority`. Pages by cursor (`nextCursor`).',
        querystring: inboxQuery,
        response: { 200: answer('A page of incoming messages, newest first', page(messageSchema), { items: [ex.messageExample], nextCursor: null }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      return listInbox(app.database, request, request.query);
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
        description: 'One row per contact group you belong to, and the unread messages sent to you by name.',
        response: {
          200: answer('The counts', z.object({
            groups: z.array(z.object({ contactGroupId: z.uuid(), name: z.string(), unread: z.number().int(), unacknowledged: z.number().int(), urgentUnacknowledged: z.number().int() })),
            direct: z.object({ unread: z.number().int() }),
          }), ex.inboxSummaryExample),
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
      // The most read list: its pages written by a compiled serializer (src/http/fast-serializer.ts).
      serializerCompiler: compiledSerializer,
      schema: {
        ...common,
        operationId: 'listSent',
        summary: 'Messages you sent, newest first',
        description: 'Filter by individual or priority; each shows its recipients and whether each group has acknowledged. Pages by cursor (`nextCursor`).',
        querystring: sentQuery,
        response: { 200: answer('A page of sent messages, newest first', page(messageSchema), { items: [ex.acknowledgedMessageExample], nextCursor: null }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      return listSent(app.database, request, request.query);
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
        description: 'Anyone else gets 404. Reading does not mark it read: POST …/read does.',
        params: idParams,
        response: { 200: answer('The message', messageSchema, ex.messageExample), ...problemResponses(400, 401, 403, 404) },
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
        description: 'The first message and every reply (`replyTo`); 404 when you may not see the message asked for.',
        params: idParams,
        response: {
          200: answer('The thread, oldest first', z.object({ threadId: z.uuid(), items: z.array(messageSchema) }), {
            threadId: ex.messageExample.threadId,
            items: [ex.acknowledgedMessageExample, ex.replyExample],
          }), ...problemResponses(400, 401, 403, 404) },
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
        description: 'Read state is per staff member; marking twice keeps the first time. 404 for a message you cannot read.',
        params: idParams,
        response: { 200: answer('When you read it', z.object({ messageId: z.uuid(), readAt: z.iso.datetime() }), ex.readExample), ...problemResponses(400, 401, 403, 404) },
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
        body: withExample(acknowledgeBody, ex.acknowledgeExample),
        response: {
          201: answer(
            'The acknowledgement (kvittens) recorded',
            z.object({ messageId: z.uuid(), contactGroupId: z.uuid(), acknowledgedBy: z.string(), acknowledgedAt: z.iso.datetime(), journalReference: z.string().nullable() }),
            ex.acknowledgementExample,
          ),
          ...problemResponses(400, 401, 403, 404, 409, 415, 422),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await acknowledge(db, request.caller, request.params.id, request.body)),
  );
};
