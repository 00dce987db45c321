import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import { contactGroupMembers, messageRecipients, messages } from '../db/schema/index.js';

/** Groups the staff member belongs to (as a subquery). */
export const groupsOf = (staffId: string) =>
  sql`(select ${contactGroupMembers.contactGroupId} from ${contactGroupMembers} where ${contactGroupMembers.staffId} = ${staffId})`;

/** The message reached the staff member: addressed to them or to a group they belong to. */
export function reached(staffId: string, groupId?: string): SQL {
  return exists(
    sql`(select 1 from ${messageRecipients} where ${and(
      eq(messageRecipients.messageId, messages.id),
      groupId
        ? and(eq(messageRecipients.contactGroupId, groupId), inArray(messageRecipients.contactGroupId, groupsOf(staffId)))
        : or(eq(messageRecipients.staffId, staffId), inArray(messageRecipients.contactGroupId, groupsOf(staffId))),
    )})`,
  );
}

/** Sender, direct recipients and members of recipient groups see a message; no one else (not even by role). */
export function visibleMessage(staffId: string): SQL {
  return or(eq(messages.senderId, staffId), reached(staffId))!;
}
