import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { messageRecipients, messages, staff } from '../db/schema/index.js';
import { checkSharing } from '../individuals/sharing.js';
import { throwIfRefused } from './problems.js';

/**
 * A notice from the service on behalf of a staff member (e.g. "a delegation was given to your employee"), stored
 * as an ordinary message to staff recipients, in the caller's transaction when `db` is one. Notices about staff
 * carry no individual and skip the consent rule; with an `individualId` the same sharing rule as
 * `POST /v1/messages` applies (422 problems, nothing stored). Unknown staff ids are skipped; when none is left
 * the call is a programming error and throws.
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
): Promise<{ id: string }> {
  const ids = [...new Set(args.toStaffIds)];
  const people = ids.length ? await db.select({ id: staff.id, organisationId: staff.organisationId }).from(staff).where(inArray(staff.id, ids)) : [];
  if (people.length === 0) throw new Error(`sendSystemMessage: none of the staff ids [${ids.join(', ')}] exists`);
  const individualId = args.individualId ?? null;
  if (individualId) {
    const { refusals } = await checkSharing(db, {
      individualId,
      fromOrganisationId: args.fromOrganisationId,
      toOrganisationIds: people.map((s) => s.organisationId),
      day: localDate(),
    });
    throwIfRefused(refusals, people.map((s) => ({ contactGroupId: null, staffId: s.id, organisationId: s.organisationId })));
  }
  const id = randomUUID();
  await db.insert(messages).values({
    id,
    threadId: id,
    senderId: args.senderId,
    senderOrganisationId: args.fromOrganisationId,
    individualId,
    subject: args.subject,
    body: args.body,
    priority: args.priority ?? 'normal',
  });
  await db.insert(messageRecipients).values(people.map((s) => ({ messageId: id, staffId: s.id, organisationId: s.organisationId })));
  return { id };
}
