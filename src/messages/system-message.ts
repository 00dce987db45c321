import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { messageRecipients, messages, staff } from '../db/schema/index.js';

/**
 * A notice from the service on behalf of a staff member (e.g. "a delegation was given to your employee"), stored
 * as an ordinary message to staff recipients in the caller's transaction. Notices about staff carry no
 * individual, so the consent rule does not apply; unknown staff ids are skipped.
 */
export async function sendSystemMessage(
  db: Db,
  args: {
    fromOrganisationId: string;
    senderId: string;
    toStaffIds: string[];
    subject: string;
    body: string;
    priority?: 'normal' | 'urgent';
    individualId?: string | null;
  },
): Promise<{ id: string } | null> {
  const ids = [...new Set(args.toStaffIds)];
  const people = ids.length ? await db.select({ id: staff.id, organisationId: staff.organisationId }).from(staff).where(inArray(staff.id, ids)) : [];
  if (people.length === 0) return null;
  const id = randomUUID();
  await db.insert(messages).values({
    id,
    threadId: id,
    senderId: args.senderId,
    senderOrganisationId: args.fromOrganisationId,
    individualId: args.individualId ?? null,
    subject: args.subject,
    body: args.body,
    priority: args.priority ?? 'normal',
  });
  await db.insert(messageRecipients).values(people.map((s) => ({ messageId: id, staffId: s.id, organisationId: s.organisationId })));
  return { id };
}
