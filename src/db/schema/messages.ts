import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { individuals, organisations, staff } from './directory.js';
import { serviceType } from './services.js';

const ms = { withTimezone: true, mode: 'date', precision: 3 } as const;

/** Kontaktgrupp / sändlista: an address an organisation's IT contact maintains; messages are sent to it. */
export const contactGroups = pgTable(
  'contact_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    unitIds: uuid('unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    serviceTypes: serviceType('service_types').array().notNull().default(sql`'{}'`),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', ms).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', ms).notNull().defaultNow(),
    // A group with messages is archived, not deleted, so the messages keep their address.
    archivedAt: timestamp('archived_at', ms),
  },
  (t) => [index('contact_groups_org_idx').on(t.organisationId, t.name)],
);

export const contactGroupMembers = pgTable(
  'contact_group_members',
  {
    contactGroupId: uuid('contact_group_id')
      .notNull()
      .references(() => contactGroups.id, { onDelete: 'cascade' }),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
  },
  (t) => [primaryKey({ columns: [t.contactGroupId, t.staffId] }), index('contact_group_members_staff_idx').on(t.staffId)],
);

export const messagePriority = pgEnum('message_priority', ['normal', 'urgent']);

/** Meddelande: immutable once sent; a reply is a new message in the same thread. */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    threadId: uuid('thread_id').notNull(),
    replyToId: uuid('reply_to_id'),
    senderId: text('sender_id').notNull(),
    senderOrganisationId: uuid('sender_organisation_id')
      .notNull()
      .references(() => organisations.id),
    individualId: uuid('individual_id').references(() => individuals.id),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    priority: messagePriority('priority').notNull().default('normal'),
    sentAt: timestamp('sent_at', ms).notNull().defaultNow(),
  },
  (t) => [
    index('messages_thread_idx').on(t.threadId, t.sentAt),
    index('messages_sender_idx').on(t.senderId, t.sentAt, t.id),
    index('messages_individual_idx').on(t.individualId),
  ],
);

export const messageRecipients = pgTable(
  'message_recipients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id),
    contactGroupId: uuid('contact_group_id').references(() => contactGroups.id),
    staffId: text('staff_id').references(() => staff.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [
    index('message_recipients_message_idx').on(t.messageId),
    index('message_recipients_group_idx').on(t.contactGroupId, t.messageId),
    index('message_recipients_staff_idx').on(t.staffId, t.messageId),
    check('message_recipients_one_address', sql`(${t.contactGroupId} is null) <> (${t.staffId} is null)`),
  ],
);

/** Read state is per staff member. */
export const messageReads = pgTable(
  'message_reads',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id),
    staffId: text('staff_id').notNull(),
    readAt: timestamp('read_at', ms).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.staffId] })],
);

/** Kvittens per receiving group; the first one counts. Says where the event was documented (journal). */
export const messageAcknowledgements = pgTable(
  'message_acknowledgements',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id),
    contactGroupId: uuid('contact_group_id')
      .notNull()
      .references(() => contactGroups.id),
    staffId: text('staff_id').notNull(),
    journalReference: text('journal_reference'),
    acknowledgedAt: timestamp('acknowledged_at', ms).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.contactGroupId] })],
);
