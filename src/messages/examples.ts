// OpenAPI examples for contact groups and messages (Karin at Omsorg Väst tells the night unit about Astrid).
import type { z } from 'zod';
import { demo } from '../demo/city.js';
import type {
  acknowledgeBody,
  contactGroupSchema,
  createContactGroupBody,
  membersBody,
  messageSchema,
  sendMessageBody,
  updateContactGroupBody,
} from './schemas.js';

const NIGHT_GROUP = '60000000-0000-4000-8000-000000000002';
const MESSAGE_ID = '8f1c2b7e-4d3a-4c55-9a1e-2f6b0c9d7e11';

export const createContactGroupExample: z.input<typeof createContactGroupBody> = {
  name: 'Omsorg Väst Centrum – kväll',
  unitIds: [demo.unit.privateCentrum],
  serviceTypes: ['home_care_day_evening'],
};
export const updateContactGroupExample: z.input<typeof updateContactGroupBody> = { name: 'Omsorg Väst Centrum – kvällslaget' };
export const membersExample: z.input<typeof membersBody> = { staffIds: ['care-karin', 'care-kalle'] };
export const contactGroupExample: z.output<typeof contactGroupSchema> = {
  id: '60000000-0000-4000-8000-000000000008',
  organisationId: demo.org.privateProvider,
  organisationName: 'Omsorg Väst AB',
  name: 'Omsorg Väst Centrum – kväll',
  unitIds: [demo.unit.privateCentrum],
  serviceTypes: ['home_care_day_evening'],
  archived: false,
  memberIds: ['care-kalle', 'care-karin'],
};
export const nightGroupExample: z.output<typeof contactGroupSchema> = {
  id: NIGHT_GROUP,
  organisationId: demo.org.nightUnit,
  organisationName: 'Hemtjänst natt Göteborg',
  name: 'Hemtjänst natt Centrum – sändlista',
  unitIds: [demo.unit.nightCentrum],
  serviceTypes: ['home_care_night'],
  archived: false,
};

export const sendMessageExample: z.input<typeof sendMessageBody> = {
  to: { contactGroupIds: [NIGHT_GROUP] },
  individualId: demo.individual.astrid,
  subject: 'Fallrisk i natt',
  body: 'Astrid föll i eftermiddags och har ont i höger höft. Titta till henne extra vid nattbesöket.',
  priority: 'urgent',
};
export const messageExample: z.output<typeof messageSchema> = {
  id: MESSAGE_ID,
  threadId: MESSAGE_ID,
  replyToId: null,
  senderId: 'care-karin',
  senderOrganisationId: demo.org.privateProvider,
  individualId: demo.individual.astrid,
  subject: 'Fallrisk i natt',
  body: 'Astrid föll i eftermiddags och har ont i höger höft. Titta till henne extra vid nattbesöket.',
  priority: 'urgent',
  sentAt: '2025-03-04T15:42:10.000Z',
  readByMe: false,
  recipients: [{ contactGroupId: NIGHT_GROUP, staffId: null, organisationId: demo.org.nightUnit, acknowledgedAt: null, acknowledgedBy: null, journalReference: null }],
};
export const acknowledgedMessageExample: z.output<typeof messageSchema> = {
  ...messageExample,
  readByMe: true,
  recipients: [
    {
      contactGroupId: NIGHT_GROUP,
      staffId: null,
      organisationId: demo.org.nightUnit,
      acknowledgedAt: '2025-03-04T21:10:00.000Z',
      acknowledgedBy: 'night-nils',
      journalReference: 'Journalanteckning 2025-03-04 22:10',
    },
  ],
};
export const replyExample: z.output<typeof messageSchema> = {
  id: '2a7d9c40-1b6e-4f0a-8c3d-5e9f1a2b3c44',
  threadId: MESSAGE_ID,
  replyToId: MESSAGE_ID,
  senderId: 'night-nils',
  senderOrganisationId: demo.org.nightUnit,
  individualId: demo.individual.astrid,
  subject: 'Sv: Fallrisk i natt',
  body: 'Tittade till Astrid 23:45, hon sov.',
  priority: 'normal',
  sentAt: '2025-03-04T22:52:00.000Z',
  readByMe: true,
  recipients: [{ contactGroupId: null, staffId: 'care-karin', organisationId: demo.org.privateProvider, acknowledgedAt: null, acknowledgedBy: null, journalReference: null }],
};
export const acknowledgeExample: z.input<typeof acknowledgeBody> = { journalReference: 'Journalanteckning 2025-03-04 22:10' };
export const acknowledgementExample = {
  messageId: MESSAGE_ID,
  contactGroupId: NIGHT_GROUP,
  acknowledgedBy: 'night-nils',
  acknowledgedAt: '2025-03-04T21:10:00.000Z',
  journalReference: 'Journalanteckning 2025-03-04 22:10',
};
export const readExample = { messageId: MESSAGE_ID, readAt: '2025-03-04T21:05:12.000Z' };
export const inboxSummaryExample = {
  groups: [{ contactGroupId: NIGHT_GROUP, name: 'Hemtjänst natt Centrum – sändlista', unread: 1, unacknowledged: 1, urgentUnacknowledged: 1 }],
  direct: { unread: 0 },
};
export const recipientsExample = {
  on: '2025-03-04',
  items: [
    {
      contactGroupId: NIGHT_GROUP,
      name: 'Hemtjänst natt Centrum – sändlista',
      organisationId: demo.org.nightUnit,
      organisationName: 'Hemtjänst natt Göteborg',
      serviceTypes: ['home_care_night' as const],
    },
  ],
};
export const NIGHT_GROUP_ID = NIGHT_GROUP;
