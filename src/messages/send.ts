import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.js';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { contactGroups, messageRecipients, messages, staff } from '../db/schema/index.js';
import { notFound, unprocessable, type FieldError } from '../http/problem.js';
import { loadVisibleIndividual } from '../individuals/access.js';
import { checkSharing } from '../individuals/sharing.js';
import { throwIfRefused } from './problems.js';
import { readableBy } from './access.js';

export interface SendInput {
  to: { contactGroupIds: string[]; staffIds: string[] };
  individualId?: string;
  subject: string;
  body: string;
  priority: 'normal' | 'urgent';
  replyTo?: string;
}

type Address = { contactGroupId: string | null; staffId: string | null; organisationId: string };

/** Resolves the addresses; unknown or archived groups and unknown staff are refused whole (422). */
async function resolveAddresses(tx: Db, to: SendInput['to']): Promise<Address[]> {
  const groupIds = [...new Set(to.contactGroupIds)];
  const staffIds = [...new Set(to.staffIds)];
  const groups = groupIds.length
    ? await tx.select({ id: contactGroups.id, organisationId: contactGroups.organisationId }).from(contactGroups).where(and(inArray(contactGroups.id, groupIds), isNull(contactGroups.archivedAt)))
    : [];
  const people = staffIds.length ? await tx.select({ id: staff.id, organisationId: staff.organisationId }).from(staff).where(inArray(staff.id, staffIds)) : [];
  const errors: FieldError[] = [
    ...groupIds.filter((id) => !groups.some((g) => g.id === id)).map((id) => ({ path: 'body.to.contactGroupIds', message: `no active contact group ${id}` })),
    ...staffIds.filter((id) => !people.some((s) => s.id === id)).map((id) => ({ path: 'body.to.staffIds', message: `no staff member ${id}` })),
  ];
  if (errors.length) throw unprocessable('A recipient does not exist.', { errors });
  return [
    ...groups.map((g) => ({ contactGroupId: g.id, staffId: null, organisationId: g.organisationId })),
    ...people.map((s) => ({ contactGroupId: null, staffId: s.id, organisationId: s.organisationId })),
  ];
}

/**
 * Sends a message within the caller's transaction. About an individual: every recipient organisation must serve
 * the individual today (or be their district) and consent must cover the transfer; otherwise 422 and nothing
 * is stored.
 */
export async function sendMessage(tx: Db, request: FastifyRequest, p: Caller, input: SendInput, day: string): Promise<string> {
  let threadId: string | null = null;
  let individualId = input.individualId ?? null;
  if (input.replyTo) {
    const [parent] = await tx.select().from(messages).where(and(eq(messages.id, input.replyTo), readableBy(p)));
    if (!parent) throw notFound('The message replied to');
    if (individualId && parent.individualId && individualId !== parent.individualId) {
      throw unprocessable('A reply is about the same individual as its thread.', { errors: [{ path: 'body.individualId', message: 'differs from the thread’s individual' }] });
    }
    threadId = parent.threadId;
    individualId = individualId ?? parent.individualId;
  }
  const addresses = await resolveAddresses(tx, input.to);
  if (individualId) {
    await loadVisibleIndividual(tx, p, individualId);
    const { refusals } = await checkSharing(tx, {
      individualId,
      fromOrganisationId: p.org,
      toOrganisationIds: addresses.map((a) => a.organisationId),
      day,
    });
    throwIfRefused(refusals, addresses);
  }
  const id = randomUUID();
  await tx.insert(messages).values({
    id,
    // A new message starts its own thread.
    threadId: threadId ?? id,
    replyToId: input.replyTo ?? null,
    senderId: p.sub,
    senderOrganisationId: p.org,
    individualId,
    subject: input.subject,
    body: input.body,
    priority: input.priority,
  });
  await tx.insert(messageRecipients).values(addresses.map((a) => ({ ...a, messageId: id })));
  if (individualId) await recordAudit(tx, request, p, { action: 'create', individualId, resourceType: 'message', resourceId: id });
  return id;
}
