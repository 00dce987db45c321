import { z } from 'zod';
import { paginationQuery } from '../http/pagination.js';
import { serviceTypeSchema } from '../individuals/schemas.js';
import { parseDurationMs } from './duration.js';

const name = z.string().trim().min(1).max(200);

export const contactGroupSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    name: z.string(),
    unitIds: z.array(z.uuid()).describe('The units (enheter) the group speaks for'),
    serviceTypes: z.array(serviceTypeSchema).describe('The services (insatser) it receives messages about'),
    archived: z.boolean(),
    memberIds: z.array(z.string()).optional().describe('Only shown to the group’s own organisation'),
  })
  .meta({ id: 'ContactGroup', description: 'Kontaktgrupp / sändlista' });

export const createContactGroupBody = z.strictObject({
  name,
  unitIds: z.array(z.uuid()).max(100).default([]),
  serviceTypes: z.array(serviceTypeSchema).max(6).default([]),
});
export const updateContactGroupBody = z.strictObject({
  name: name.optional(),
  unitIds: z.array(z.uuid()).max(100).optional(),
  serviceTypes: z.array(serviceTypeSchema).max(6).optional(),
});
export const membersBody = z.strictObject({ staffIds: z.array(z.string().min(1).max(200)).max(500).describe('Replaces the members') });
export const listContactGroupsQuery = z.strictObject({
  organisationId: z.uuid().optional(),
  serviceType: serviceTypeSchema.optional(),
  includeArchived: z.enum(['true', 'false']).optional(),
});
const MAX_WATCH_MS = 366 * 24 * 3600 * 1000;
export const watchQuery = z.strictObject({
  olderThan: z
    .string()
    .max(40)
    .default('PT4H')
    .refine((v) => parseDurationMs(v) !== null, 'must be an ISO 8601 duration such as PT4H or P1D')
    // Messages are watched for days, not ages: a duration past a year reached an impossible date (500).
    .refine((v) => (parseDurationMs(v) ?? 0) <= MAX_WATCH_MS, 'must be at most a year (P366D)')
    .describe('ISO 8601 duration (default PT4H, at most P366D)'),
});

export const prioritySchema = z.enum(['normal', 'urgent']);
export const recipientSchema = z.object({
  contactGroupId: z.uuid().nullable(),
  staffId: z.string().nullable(),
  organisationId: z.uuid(),
  acknowledgedAt: z.iso.datetime().nullable().describe('Kvitterad: when the group acknowledged (groups only)'),
  acknowledgedBy: z.string().nullable(),
  journalReference: z.string().nullable(),
});
export const messageSchema = z
  .object({
    id: z.uuid(),
    threadId: z.uuid(),
    replyToId: z.uuid().nullable(),
    senderId: z.string(),
    senderOrganisationId: z.uuid(),
    individualId: z.uuid().nullable(),
    subject: z.string(),
    body: z.string(),
    priority: prioritySchema,
    sentAt: z.iso.datetime(),
    readByMe: z.boolean(),
    recipients: z.array(recipientSchema),
  })
  .meta({ id: 'Message', description: 'Meddelande: immutable once sent' });

export const sendMessageBody = z.strictObject({
  to: z
    .strictObject({
      contactGroupIds: z.array(z.uuid()).max(50).default([]),
      staffIds: z.array(z.string().min(1).max(200)).max(50).default([]),
    })
    .refine((to) => to.contactGroupIds.length + to.staffIds.length > 0, 'name at least one contact group or staff member'),
  individualId: z.uuid().optional().describe('The individual (den enskilde) the message is about'),
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(10_000).describe('Plain text, at most 10 000 characters'),
  priority: prioritySchema.default('normal'),
  replyTo: z.uuid().optional().describe('A message in the thread this answers'),
});

export const inboxQuery = z.strictObject({
  ...paginationQuery,
  contactGroupId: z.uuid().optional().describe('Only what reached this contact group of yours (a group you are not in gives nothing)'),
  individualId: z.uuid().optional().describe('Only messages about this individual'),
  unread: z.enum(['true', 'false']).optional().describe('Unread (oläst) by you: read state is per staff member'),
  unacknowledged: z.enum(['true', 'false']).optional().describe('Not yet acknowledged (kvitterat) by a receiving group of yours (the named one with contactGroupId)'),
  priority: prioritySchema.optional(),
});
export const sentQuery = z.strictObject({ ...paginationQuery, individualId: z.uuid().optional(), priority: prioritySchema.optional() });
export const acknowledgeBody = z.strictObject({
  contactGroupId: z.uuid().optional().describe('Which of your groups acknowledges; needed when you belong to several recipient groups'),
  journalReference: z.string().trim().min(1).max(500).optional().describe('Where the event was documented in the case record (journal)'),
});
