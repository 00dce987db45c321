import { z } from 'zod';
import { csvQuery } from '../http/csv.js';
import { paginationQuery } from '../http/pagination.js';

/** Dates and instants are bounded to sane years: year 0 or 9999 is a mistake in the calling system (400), not a question. */
const SANE_YEARS = { from: 1900, to: 2100 };
const saneYear = (v: string) => Number(v.slice(0, 4)) >= SANE_YEARS.from && Number(v.slice(0, 4)) <= SANE_YEARS.to;
const saneYearMessage = `a year from ${SANE_YEARS.from} to ${SANE_YEARS.to}`;
const date = () => z.iso.date().refine(saneYear, saneYearMessage);

export const delegationStateSchema = z
  .enum(['awaiting_signature', 'not_yet_valid', 'active', 'expired', 'lapsed', 'declined', 'revoked'])
  .describe('Derived at the moment of the request: awaiting_signature (inväntar signering: not yet signed by the employee; in force only from the instant of the signature), not_yet_valid, active (gäller), expired (utgången), lapsed (upphört: the employee or the delegator left the organisation), declined (avböjd), revoked (återkallad)');

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
    signedAt: z.iso.datetime().nullable().describe('The instant the employee signed (the delegator signs by issuing): in force from this instant, never before'),
    declinedAt: z.iso.datetime().nullable(),
    declineReason: z.string().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    revokedBy: z.string().nullable(),
    revokeReason: z.string().nullable(),
    events: z.array(delegationEventSchema).optional(),
  })
  .meta({ id: 'Delegation', description: 'Delegering av en hälso- och sjukvårdsuppgift' });

const period = {
  trainingCompletedOn: date().describe('The day the employee completed training or instruction (utbildning/instruktion)'),
  validFrom: date(),
  validTo: date().describe('At most one year after validFrom, less a day'),
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
  ...csvQuery,
  employeeId: z.string().max(200).optional(),
  taskType: z.string().max(100).optional(),
  state: delegationStateSchema.optional(),
  reviewDueFrom: date().optional().describe('Omprövning: delegations whose validTo falls on or after this day'),
  reviewDueTo: date().optional().describe('… and on or before this day'),
});
export const mineQuery = z.strictObject({ state: delegationStateSchema.optional() });
export const checkQuery = z.strictObject({
  employeeId: z.string().min(1).max(200),
  taskType: z.string().min(1).max(100),
  at: z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .refine(saneYear, saneYearMessage)
    .optional()
    .describe(
      'What is asked about (default: now). A date-time with an offset (`2025-03-05T14:30:00+01:00`) is that instant. ' +
        'A date (`2025-03-05`) is the whole of that day in Göteborg (Europe/Stockholm): allowed only if the delegation is in force ' +
        'from 00:00 to the end of the day, so a signature made that afternoon or a revocation made that morning answers no. ' +
        `Years ${SANE_YEARS.from}–${SANE_YEARS.to}.`,
    ),
});

export const checkAnswer = z.object({
  allowed: z.boolean().describe('In force (gäller): signed by the employee at or before the instant asked, within its dates, not revoked, neither party gone'),
  employeeId: z.string(),
  taskType: z.string(),
  on: z.iso.date().describe('The date in Göteborg that was asked about'),
  at: z.iso.datetime().describe('The instant asked about; for a date, the first instant of that day'),
  wholeDay: z.boolean().describe('true when a date was asked: the answer holds for the whole day'),
  delegationId: z.uuid().nullable(),
  validTo: z.iso.date().nullable(),
});
