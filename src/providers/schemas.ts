import { z } from 'zod';
import { areaCode } from '../areas/schemas.js';
import { paginationQuery } from '../http/pagination.js';
import { csvQuery } from '../http/csv.js';
import { pinInput } from '../individuals/schemas.js';
import { saneDate, saneInstant } from './dates.js';

export const providerParams = z.object({ organisationId: z.uuid().describe('The private provider (organisation id)') });
export const entryParams = providerParams.extend({ entryId: z.uuid() });
export const assignmentParams = providerParams.extend({ assignmentId: z.uuid() });

export const setCapacityBody = z.strictObject({
  areaCodes: z.array(areaCode).max(100).describe('The areas the provider is selectable in (of the city’s areas); empty: selectable nowhere'),
  capHoursPerMonth: z.number().int().min(0).max(1_000_000).nullable().describe('Kapacitetstak: granted hours of home care day/evening per month; null: no cap'),
  validFrom: saneDate().optional().describe('From this day (today or later; default today in Göteborg)'),
});

export const availabilitySchema = z
  .object({
    organisationId: z.uuid(),
    name: z.string(),
    on: z.iso.date().describe('The day the answer is for'),
    selectable: z.boolean().describe('Valbar: has chosen areas and carries less than its cap'),
    areaCodes: z.array(z.string()),
    capHoursPerMonth: z.number().int().nullable().describe('Null when there is no cap, or for callers other than the provider and the city'),
    carriedHoursPerMonth: z.number().nullable().describe('Granted hours a month of home care day/evening it carries (assignments not ended); null for callers other than the provider and the city'),
    settingValidFrom: z.iso.date().nullable(),
    waitingCount: z.number().int().nullable().describe('People waiting (not yet offered)'),
    waitingListDue: z.boolean().nullable().describe('Selectable with people waiting: time to notify the first'),
  })
  .meta({ id: 'ProviderAvailability' });

export const capacitySettingSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    validFrom: z.iso.date(),
    areaCodes: z.array(z.string()),
    capHoursPerMonth: z.number().int().nullable(),
    setBy: z.string(),
    setByOrganisationId: z.uuid(),
    setAt: z.iso.datetime(),
  })
  .meta({ id: 'ProviderCapacitySetting' });

export const listProvidersQuery = z.strictObject({
  areaCode: areaCode.optional().describe('Only providers selectable-in-principle in this area'),
  selectable: z.enum(['true', 'false']).optional().describe('true: only those that can be chosen now'),
});

export const entryStatusSchema = z
  .enum(['waiting', 'offered', 'assigned', 'declined', 'withdrawn', 'assigned-elsewhere'])
  .describe('waiting (i kö); offered (the district has been told the individual stands first); assigned; declined; withdrawn; assigned-elsewhere (the individual got another provider)');

export const entryEventSchema = z.object({
  event: z.string(),
  actorId: z.string(),
  actorOrganisationId: z.uuid(),
  reason: z.string().nullable(),
  occurredAt: z.iso.datetime(),
});

export const entrySchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    individualId: z.uuid(),
    individualName: z.string(),
    districtId: z.uuid(),
    registeredOn: z.iso.date().describe('The day the case worker’s message arrived, or the day the individual made contact'),
    via: z.enum(['case_worker', 'individual_contact']),
    consentId: z.uuid().nullable(),
    status: entryStatusSchema,
    position: z.number().int().nullable().describe('Place in the queue (1 = first) while open'),
    closedReason: z.string().nullable(),
    assignmentId: z.uuid().nullable(),
    registeredBy: z.string(),
    registeredByOrganisationId: z.uuid(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'WaitingListEntry', description: 'An individual waiting to choose a provider (kö)' });
export const entryWithEventsSchema = entrySchema.extend({ events: z.array(entryEventSchema) }).meta({ id: 'WaitingListEntryWithEvents' });

export const registerEntryBody = z
  .strictObject({
    individualId: z.uuid().optional().describe('Case worker: the individual'),
    personalIdentityNumber: pinInput.optional().describe('Provider (or case worker): the individual who made contact'),
    consentId: z.uuid().optional().describe('Case worker: the individual’s recorded consent (samtycke) to tell the provider'),
    contactedOn: saneDate().optional().describe('Provider: the day the individual made contact'),
  })
  .refine((b) => (b.individualId === undefined) !== (b.personalIdentityNumber === undefined), { message: 'name the individual by individualId or personalIdentityNumber (one of them)', path: ['individualId'] });

export const listEntriesQuery = z.strictObject({
  ...paginationQuery,
  ...csvQuery,
  status: z.enum(['open', 'closed', 'all']).optional().describe('open (default): waiting and offered, in queue order'),
});

export const assignEntryBody = z.strictObject({
  unitId: z.uuid().describe('The provider’s unit that performs the home care'),
  startDate: saneDate(),
  endDate: saneDate().optional(),
  grantedMinutesPerMonth: z.number().int().min(1).max(744 * 60).describe('Beviljad tid per month, in minutes'),
  needsTwoStaff: z.boolean().default(false),
  startWithin24Hours: z.boolean().default(false),
});

export const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const dueSchema = z.object({
  selectable: z.boolean(),
  waitingCount: z.number().int(),
  due: z.boolean().describe('Selectable with people waiting: notify the first'),
  firstEntryId: z.uuid().nullable(),
});

export const newAssignmentsQuery = z.strictObject({
  organisationId: z.uuid().optional().describe('District: only this provider’s'),
  overdue: z.enum(['true', 'false']).optional().describe('true: only those whose deadline passed without the start (or contact)'),
  receivedFrom: saneDate().optional().describe('Received on or after this day (default 30 days back)'),
});

export const newAssignmentSchema = z
  .object({
    assignmentId: z.uuid(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    individualId: z.uuid(),
    individualName: z.string(),
    districtId: z.uuid(),
    unitId: z.uuid(),
    startDate: z.iso.date(),
    grantedMinutesPerMonth: z.number().int().nullable(),
    receivedAt: z.iso.datetime(),
    startWithin24Hours: z.boolean(),
    deadline: z.enum(['start', 'contact']).describe('start: first visit within 24 hours of receipt; contact: contact the individual on the next weekday'),
    dueBy: z.iso.datetime(),
    contactOn: z.iso.date().nullable().describe('The weekday (not a Swedish public holiday) to contact the individual'),
    firstContactAt: z.iso.datetime().nullable(),
    firstContactBy: z.string().nullable(),
    firstVisitAt: z.iso.datetime().nullable(),
    firstVisitBy: z.string().nullable(),
    metAt: z.iso.datetime().nullable(),
    metInTime: z.boolean().nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'NewAssignment' });

export const startStepBody = z.strictObject({ at: saneInstant().describe('When it happened (default now)').optional() });
