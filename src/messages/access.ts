import { and, eq, exists, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { Grant } from '../auth/access.js';
import type { Caller, Role } from '../auth/roles.js';
import { contactGroupMembers, contactGroups, messageRecipients, messages } from '../db/schema/index.js';

// Who may call the messaging routes (declared on each route, enforced before the body is read), and the record
// rules that decide which messages and groups an admitted caller reaches. Every rule takes the bound caller: the
// person (`sub`) acting for the organisation (`org`) the token names, never `sub` alone.

/**
 * The people who take part in messaging: staff of the performing organisations and the district, their managers
 * and IT contacts, and the city's admins. Systems (time_reporter), follow-up (reporting) and log review (auditor)
 * neither send nor read messages.
 */
const MESSAGING_ROLES: readonly Role[] = ['case_worker', 'it_contact', 'manager', 'care_staff', 'licensed', 'admin'];

/** Send a message, and ask whom to inform about an individual. */
export const MESSAGE_SENDERS: Grant = { roles: MESSAGING_ROLES };
/** Read the inbox, messages, threads, the address book and a group's watch list; mark read; acknowledge. */
export const MESSAGE_READERS: Grant = { roles: MESSAGING_ROLES };
/** Create, change, delete contact groups and set their members: the IT contact (IT-kontaktperson), of the group's own organisation (below). */
export const GROUP_KEEPERS: Grant = { roles: ['it_contact'] };

/** What the record rules look at: the person and the organisation they act for. */
export type Who = Pick<Caller, 'sub' | 'org'>;

/** May the caller maintain this group: an IT contact of the group's own organisation. */
export const keepsGroup = (caller: Pick<Caller, 'org' | 'roles'>, group: { organisationId: string }) =>
  caller.roles.includes('it_contact') && group.organisationId === caller.org;

/** May the caller see who is in this group: members are the group's own organisation's business. */
export const seesMembers = (caller: Pick<Caller, 'org'>, group: { organisationId: string }) => group.organisationId === caller.org;

/**
 * Is the caller a member of a group (as a subquery of group ids): a member row for them in a group of their own
 * organisation. Membership is how one reads, watches and acknowledges what a group receives; no role stands in for it.
 */
export const memberGroups = (caller: Who) =>
  sql`(select ${contactGroupMembers.contactGroupId} from ${contactGroupMembers} inner join ${contactGroups} on ${contactGroups.id} = ${contactGroupMembers.contactGroupId} where ${and(
    eq(contactGroupMembers.staffId, caller.sub),
    eq(contactGroups.organisationId, caller.org),
  )})`;

/** A recipient row (on `message_recipients`) addressed to the caller in person, for the organisation they act for. */
export const addressedToCaller = (caller: Who): SQL => and(eq(messageRecipients.staffId, caller.sub), eq(messageRecipients.organisationId, caller.org))!;

/**
 * Did the message reach the caller (their inbox; what they may mark read): addressed to them in person or to a
 * group they are a member of; with `groupId`, through that group only.
 */
export function reachedCaller(caller: Who, groupId?: string): SQL {
  return exists(
    sql`(select 1 from ${messageRecipients} where ${and(
      eq(messageRecipients.messageId, messages.id),
      groupId
        ? and(eq(messageRecipients.contactGroupId, groupId), inArray(messageRecipients.contactGroupId, memberGroups(caller)))
        : or(addressedToCaller(caller), inArray(messageRecipients.contactGroupId, memberGroups(caller))),
    )})`,
  );
}

/** Did the caller send the message, for the organisation they act for now. */
export const sentByCaller = (caller: Who): SQL => and(eq(messages.senderId, caller.sub), eq(messages.senderOrganisationId, caller.org))!;

/**
 * May the caller read the message (alone, in a thread, or to reply to it): its sender and those it reached, no one
 * else, not a manager or an admin by role.
 */
export const readableBy = (caller: Who): SQL => or(sentByCaller(caller), reachedCaller(caller))!;

/** May the caller acknowledge for a recipient row (on `message_recipients`): a receiving group they are a member of. */
export const acknowledgesFor = (caller: Who): SQL =>
  and(isNotNull(messageRecipients.contactGroupId), inArray(messageRecipients.contactGroupId, memberGroups(caller)))!;
