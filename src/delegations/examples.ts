// OpenAPI examples for delegations (Lena, the nurse at Omsorg Väst, delegates insulin injections to Kalle).
import type { z } from 'zod';
import { demo } from '../demo/city.js';
import type { checkAnswer, createDelegationBody, delegationSchema, reasonBody, renewDelegationBody } from './schemas.js';

type Delegation = z.output<typeof delegationSchema>;
const ID = '70000000-0000-4000-8000-000000000011';

export const createDelegationExample: z.input<typeof createDelegationBody> = {
  employeeId: 'care-kalle',
  taskType: 'insulin_injection',
  trainingCompletedOn: '2025-02-20',
  validFrom: '2025-03-01',
  validTo: '2026-02-28',
  note: 'Insulin med penna enligt ordination',
};
export const delegationExample: Delegation = {
  id: ID,
  organisationId: demo.org.privateProvider,
  employeeId: 'care-kalle',
  employeeName: 'Kalle Vårdbiträde',
  issuedBy: 'nurse-lena',
  taskType: 'insulin_injection',
  trainingCompletedOn: '2025-02-20',
  validFrom: '2025-03-01',
  validTo: '2026-02-28',
  singleOccasion: false,
  note: 'Insulin med penna enligt ordination',
  renewedFromId: null,
  state: 'awaiting_signature',
  daysToExpiry: 364,
  createdAt: '2025-02-28T13:20:00.000Z',
  signedAt: null,
  declinedAt: null,
  declineReason: null,
  revokedAt: null,
  revokedBy: null,
  revokeReason: null,
};
export const signedDelegationExample: Delegation = { ...delegationExample, state: 'active', daysToExpiry: 362, signedAt: '2025-03-03T07:45:00.000Z' };
export const delegationWithEventsExample: Delegation = {
  ...signedDelegationExample,
  events: [
    { event: 'created', actorId: 'nurse-lena', actorOrganisationId: demo.org.privateProvider, reason: null, occurredAt: '2025-02-28T13:20:00.000Z' },
    { event: 'signed', actorId: 'care-kalle', actorOrganisationId: demo.org.privateProvider, reason: null, occurredAt: '2025-03-03T07:45:00.000Z' },
  ],
};
export const declineExample: z.input<typeof reasonBody> = { reason: 'Har inte gått utbildningen i sårvård än' };
export const declinedDelegationExample: Delegation = {
  ...delegationExample,
  taskType: 'wound_care',
  note: null,
  state: 'declined',
  declinedAt: '2025-03-03T07:50:00.000Z',
  declineReason: 'Har inte gått utbildningen i sårvård än',
};
export const revokeExample: z.input<typeof reasonBody> = { reason: 'Ändrad ordination: insulin ges nu av sjuksköterska' };
export const revokedDelegationExample: Delegation = {
  ...signedDelegationExample,
  state: 'revoked',
  daysToExpiry: 240,
  revokedAt: '2025-07-03T09:00:00.000Z',
  revokedBy: 'nurse-lena',
  revokeReason: 'Ändrad ordination: insulin ges nu av sjuksköterska',
};
export const renewExample: z.input<typeof renewDelegationBody> = { trainingCompletedOn: '2026-02-10', validFrom: '2026-03-01', validTo: '2027-02-28' };
export const renewedDelegationExample: Delegation = {
  ...delegationExample,
  id: '70000000-0000-4000-8000-000000000012',
  trainingCompletedOn: '2026-02-10',
  validFrom: '2026-03-01',
  validTo: '2027-02-28',
  note: null,
  renewedFromId: ID,
  daysToExpiry: 366,
  createdAt: '2026-02-25T10:00:00.000Z',
};
export const checkExample: z.output<typeof checkAnswer> = {
  allowed: true,
  employeeId: 'care-kalle',
  taskType: 'insulin_injection',
  on: '2025-03-05',
  at: '2025-03-05T13:30:00.000Z',
  wholeDay: false,
  delegationId: ID,
  validTo: '2026-02-28',
};
export const taskTypesExample = {
  items: [
    { code: 'insulin_injection', nameSv: 'Insulininjektion', nameEn: 'Insulin injection' },
    { code: 'wound_care', nameSv: 'Såromläggning', nameEn: 'Wound care' },
  ],
};
export const delegationsCsvExample =
  'id,employeeId,employeeName,taskType,issuedBy,validFrom,validTo,singleOccasion,state,daysToExpiry,signedAt,revokedAt\r\n' +
  `${ID},care-kalle,Kalle Vårdbiträde,insulin_injection,nurse-lena,2025-03-01,2026-02-28,false,active,362,2025-03-03T07:45:00.000Z,\r\n`;
