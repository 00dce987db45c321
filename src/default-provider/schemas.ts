import { z } from 'zod';
import { csvQuery } from '../http/csv.js';
import { areaCode } from '../areas/schemas.js';
import { paginationQuery } from '../http/pagination.js';
import { nonEmptyText } from '../http/schemas.js';
import { serviceAssignmentSchema } from '../individuals/schemas.js';
import { saneDate } from '../providers/dates.js';

export const providerParams = z.object({ organisationId: z.uuid().describe('The private provider (organisation id)') });

const modelSchema = z.enum(['municipal', 'rotation']).describe('municipal: Göteborgs Stads hemtjänst (egen regi) is the ickevalsalternativ; rotation: turordning among qualified private providers');
const participationSchema = z.enum(['voluntary', 'mandatory']).describe('voluntary: a qualified provider opts in per area (frivilligt); mandatory: every qualified provider is in, in its chosen areas (tvingande)');

export const policySchema = z
  .object({
    id: z.uuid(),
    validFrom: z.iso.date(),
    model: modelSchema,
    participation: participationSchema.nullable(),
    criteria: z.array(z.string()).describe('The qualification criteria (kvalitetskriterier) the contract unit judges'),
    qualificationMonths: z.number().int().nullable().describe('How long an approval keeps a provider in the turordning; null: until revoked'),
    description: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    inForce: z.boolean().describe('The policy in force on `on`'),
  })
  .meta({ id: 'DefaultProviderPolicy', description: 'Ickevalsalternativ: the rule in force from validFrom' });

export const listPoliciesQuery = z.strictObject({ on: saneDate().optional().describe('Mark the policy in force on this day (default today in Göteborg)') });

export const createPolicyBody = z.strictObject({
  validFrom: saneDate().describe('From this day (today or later: the rules of the past stay as they were)'),
  model: modelSchema,
  participation: participationSchema.optional().describe('Required for rotation; not for municipal'),
  criteria: z.array(nonEmptyText(500)).max(50).default([]),
  qualificationMonths: z.number().int().min(1).max(120).nullable().default(null),
  description: z.string().trim().max(2000).default(''),
});

export const qualificationBody = z.strictObject({
  event: z.enum(['approved', 'revoked']).describe('approved: judged a full alternative (fullgott alternativ); revoked: no longer'),
  effectiveOn: saneDate().optional().describe('From this day (today or later; default today)'),
  criteriaMet: z.array(nonEmptyText(500)).max(50).default([]).describe('Approved: the criteria of the policy the provider meets'),
  reason: nonEmptyText(2000).optional().describe('Required when revoked'),
});

export const participationBody = z.strictObject({
  areaCode,
  participates: z.enum(['in', 'out']).describe('in: the provider takes its turn in the area; out: it leaves the turordning there'),
  unitId: z.uuid().optional().describe('In: the provider’s unit that takes the assignments in the area (required)'),
  validFrom: saneDate().optional().describe('From this day (today or later; default today)'),
});

const qualificationEventSchema = z.object({
  id: z.uuid(),
  event: z.enum(['approved', 'revoked']),
  effectiveOn: z.iso.date(),
  criteriaMet: z.array(z.string()),
  reason: z.string().nullable(),
  recordedBy: z.string(),
  recordedByOrganisationId: z.uuid(),
  recordedAt: z.iso.datetime(),
});

const participationSchema2 = z.object({
  id: z.uuid(),
  areaCode: z.string(),
  participates: z.enum(['in', 'out']),
  unitId: z.uuid().nullable(),
  validFrom: z.iso.date(),
  setBy: z.string(),
  setByOrganisationId: z.uuid(),
  setAt: z.iso.datetime(),
});

export const standingSchema = z
  .object({
    organisationId: z.uuid(),
    name: z.string(),
    on: z.iso.date(),
    policyId: z.uuid().nullable(),
    model: modelSchema.nullable(),
    qualified: z.boolean().describe('Judged a full alternative on `on`, approval not lapsed'),
    inRotationAreaCodes: z.array(z.string()).describe('The areas where it takes its turn on `on`'),
    qualifications: z.array(qualificationEventSchema).describe('Every approval and revocation, oldest first (who, when, why)'),
    participations: z.array(participationSchema2).describe('Every opt-in and opt-out, oldest first (who, when)'),
  })
  .meta({ id: 'DefaultProviderStanding', description: 'A provider’s place in the turordning' });

export const allocateBody = z.strictObject({
  individualId: z.uuid().describe('The individual who cannot or will not choose (of the case worker’s district)'),
  startDate: saneDate().describe('The day the home care starts; the policy in force on it applies'),
  endDate: saneDate().optional(),
  grantedMinutesPerMonth: z.number().int().min(1).max(744 * 60).describe('Beviljad tid per month, in minutes'),
  needsTwoStaff: z.boolean().default(false),
  startWithin24Hours: z.boolean().default(false),
});

export const skipSchema = z.object({
  organisationId: z.uuid(),
  organisationName: z.string(),
  position: z.number().int().describe('Its place in turn (1: first)'),
  reason: z.enum(['capacity-reached', 'wrong-area', 'no-unit']).describe('capacity-reached: at its kapacitetstak; wrong-area: not selectable in the area; no-unit: no unit to take it'),
  detail: z.string(),
});

export const allocationSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int().describe('The order of the turns'),
    individualId: z.uuid(),
    districtId: z.uuid(),
    areaCode: z.string(),
    policyId: z.uuid(),
    policyValidFrom: z.iso.date(),
    outcome: z.enum(['rotation', 'municipal-policy', 'municipal-fallback']).describe('rotation: the provider in turn; municipal-policy: the policy names egen regi; municipal-fallback: no provider in turn could take it'),
    organisationId: z.uuid(),
    organisationName: z.string(),
    unitId: z.uuid(),
    assignmentId: z.uuid(),
    startDate: z.iso.date(),
    requestedBy: z.string(),
    requestedByOrganisationId: z.uuid(),
    allocatedAt: z.iso.datetime(),
    skipped: z.array(skipSchema).describe('Providers ahead in turn that were passed over, with the reason'),
  })
  .meta({ id: 'DefaultProviderAllocation', description: 'One allocation of the ickevalsalternativ, with the providers skipped' });

export const allocateResponse = z.object({ allocation: allocationSchema, assignment: serviceAssignmentSchema });

export const listAllocationsQuery = z.strictObject({
  ...paginationQuery,
  ...csvQuery,
  areaCode: areaCode.optional(),
  from: saneDate().optional().describe('Allocated on or after this day (Göteborg time)'),
  to: saneDate().optional().describe('Allocated on or before this day (Göteborg time)'),
});
