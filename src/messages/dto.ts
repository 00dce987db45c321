import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { Db } from '../db/client.js';
import { messageAcknowledgements, messageReads, messageRecipients, messages } from '../db/schema/index.js';

type MessageRow = typeof messages.$inferSelect;

/** Messages with their recipients, the groups' acknowledgements and the caller's read state: three queries. */
export async function toMessageDtos(db: Db, staffId: string, rows: MessageRow[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [recipients, acks, reads] = await Promise.all([
    db.select().from(messageRecipients).where(inArray(messageRecipients.messageId, ids)),
    db.select().from(messageAcknowledgements).where(inArray(messageAcknowledgements.messageId, ids)),
    db.select({ messageId: messageReads.messageId }).from(messageReads).where(and(inArray(messageReads.messageId, ids), eq(messageReads.staffId, staffId))),
  ]);
  return rows.map((m) => ({
    id: m.id,
    threadId: m.threadId,
    replyToId: m.replyToId,
    senderId: m.senderId,
    senderOrganisationId: m.senderOrganisationId,
    individualId: m.individualId,
    subject: m.subject,
    body: m.body,
    priority: m.priority,
    sentAt: m.sentAt.toISOString(),
    readByMe: reads.some((r) => r.messageId === m.id),
    recipients: recipients
      .filter((r) => r.messageId === m.id)
      .map((r) => {
        const ack = r.contactGroupId ? acks.find((a) => a.messageId === m.id && a.contactGroupId === r.contactGroupId) : undefined;
        return {
          contactGroupId: r.contactGroupId,
          staffId: r.staffId,
          organisationId: r.organisationId,
          acknowledgedAt: ack ? ack.acknowledgedAt.toISOString() : null,
          acknowledgedBy: ack?.staffId ?? null,
          journalReference: ack?.journalReference ?? null,
        };
      }),
  }));
}

/** Messages as the caller is shown them: each one about an individual is a read in the access log. */
export async function showMessages(db: Db, request: FastifyRequest, rows: MessageRow[]) {
  const reads = rows.filter((m) => m.individualId).map((m) => ({ action: 'read' as const, individualId: m.individualId, resourceType: 'message', resourceId: m.id }));
  await recordAudit(db, request, request.caller, reads);
  return toMessageDtos(db, request.caller.sub, rows);
}
