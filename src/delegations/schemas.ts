import { z } from 'zod';
import { paginationQuery } from '../http/pagination.js';

export const delegationStateSchema = z
  .enum(['awaiting_signature', 'not_yet_valid', 'active', 'expired', 'lapsed', 'declined', 'revoked'])
  .describe('Derived from the dates on the day asked: awaiting_signature (inväntar signering), not_yet_valid, active (gäller), expired (utgången), lapsed (upphört: the employee or the delegator left the organisation), declined (avböjd), revoked (återkallad)');

export const delegationEventSchema = z.object({
  event: z.enum(['created', 'signed', 'declined', 'revoked', 'renewed']),
  actorId: z.string(),
  actorOrganisationId: z.uuid(),
  reason: z.string().nullable(),
  occurredAt: z.iso.datetime(),
});

export const delegationSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    employeeId: z.string(),
    employeeName: z.string(),
    issuedBy: z.string().describe('The licensed staff member (legitimerad personal) who delegated'),
    taskType: z.string(),
    trainingCompletedOn: z.iso.date(),
    validFrom: z.iso.date(),
    validTo: z.iso.date(),
    singleOccasion: z.boolean(),
    note: z.string().nullable(),
    renewedFromId: z.uuid().nullable(),
    state: delegationStateSchema,
    daysToExpiry: z.number().int().describe('Days until the last valid day (0 on it, negative once expired)'),
    createdAt: z.iso.datetime(),
    signedAt: z.iso.datetime().nullable(),
    declinedAt: z.iso.datetime().nullable(),
    declineReason: z.string().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    revokedBy: z.string().nullable(),
    revokeReason: z.string().nullable(),
    events: z.array(delegationEventSchema).optional(),
  })
  .meta({ id: 'Delegation', description: 'Delegering av en hälso- och sjukvårdsuppgift' });

const period = {
  trainingCompletedOn: z.iso.date().describe('The day the employee completed training or instruction (utbildning/instruktion)'),
  validFrom: z.iso.date(),
  validTo: z.iso.date().describe('At most one year after validFrom, less a day'),
  singleOccasion: z.boolean().default(false).describe('Valid for one occasion (one day: validTo = validFrom)'),
  note: z.string().trim().max(2000).optional(),
};
export const createDelegationBody = z.strictObject({
  employeeId: z.string().min(1).max(200).describe('The staff member who receives the delegation'),
  taskType: z.string().min(1).max(100).describe('A code from GET /v1/delegations/task-types'),
  ...period,
});
export const renewDelegationBody = z.strictObject(period);
export const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const listDelegationsQuery = z.strictObject({
  ...paginationQuery,
  employeeId: z.string().max(200).optional(),
  taskType: z.string().max(100).optional(),
  state: delegationStateSchema.optional(),
  reviewDueFrom: z.iso.date().optional().describe('Omprövning: delegations whose validTo falls on or after this day'),
  reviewDueTo: z.iso.date().optional().describe('… and on or before this day'),
});
export const mineQuery = z.strictObject({ state: delegationStateSchema.optional() });
export const checkQuery = z.strictObject({
  employeeId: z.string().min(1).max(200),
  taskType: z.string().min(1).max(100),
  at: z.iso.datetime({ offset: true }).optional().describe('The moment asked about (default now); judged on its date in Göteborg'),
});
