import { z } from 'zod';
import { paginationQuery } from '../http/pagination.js';
import { namePrefixQuery, nonEmptyText, timestamps } from '../http/schemas.js';
import { areaCode } from '../areas/schemas.js';
import { SERVICE_TYPES } from './service-rules.js';

const name = nonEmptyText(200);

export const pinInput = z
  .string()
  .max(20)
  .describe('Personnummer or samordningsnummer, 10 or 12 digits, with or without separator (YYYYMMDD-NNNN)');
export const individualSchema = z
  .object({
    id: z.uuid(),
    personalIdentityNumber: z.string().describe('12 digits, YYYYMMDDNNNN (only in single reads)'),
    coordinationNumber: z.boolean().describe('True for a samordningsnummer'),
    name: z.string(),
    districtId: z.uuid().describe('The district (beställare) responsible for the individual'),
    ...timestamps,
  })
  .meta({ id: 'Individual' });
export const individualListItemSchema = individualSchema
  .omit({ personalIdentityNumber: true })
  .extend({ personalIdentityNumberMasked: z.string().describe('YYYYMMDD-**** (lists never show the whole number)') })
  .meta({ id: 'IndividualListItem' });
export const createIndividualBody = z.strictObject({
  personalIdentityNumber: pinInput,
  name,
  districtId: z.uuid(),
  areaCode: areaCode.optional().describe('The geographic area the individual lives in (see GET /v1/areas); history: PUT /v1/individuals/{id}/area'),
});
export const updateIndividualBody = z.strictObject({ name: name.optional(), districtId: z.uuid().optional() });
export const listIndividualsQuery = z.strictObject({ ...paginationQuery, districtId: z.uuid().optional(), namePrefix: namePrefixQuery() });
export const searchIndividualsBody = z.strictObject({ personalIdentityNumber: pinInput });


export const serviceTypeSchema = z.enum(SERVICE_TYPES).describe(
  'Insats: home_care_day_evening (hemtjänst dag/kväll), home_care_night (hemtjänst natt, 23:30–06:00), relief (avlösning), escort (ledsagning), safety_alarm (trygghetslarm), camera_supervision (tillsyn via trygghetskamera)',
);

export const serviceAssignmentSchema = z
  .object({
    id: z.uuid(),
    individualId: z.uuid(),
    serviceType: serviceTypeSchema,
    unitId: z.uuid(),
    unitName: z.string(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    startDate: z.iso.date(),
    endDate: z.iso.date().nullable().describe('Last day (inclusive); null while ongoing'),
    grantedMinutesPerMonth: z.number().int().nullable().describe('Beviljad tid, minutes per month (home care)'),
    needsTwoStaff: z.boolean().describe('Dubbelbemanning: two staff at each visit'),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    endedBy: z.string().nullable(),
    endedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ServiceAssignment', description: 'One row of the insatsöversikt: which unit performs which service, since when' });

export const createServiceBody = z.strictObject({
  serviceType: serviceTypeSchema,
  unitId: z.uuid().describe('The performing unit (utförarenhet)'),
  startDate: z.iso.date(),
  endDate: z.iso.date().optional(),
  grantedMinutesPerMonth: z.number().int().min(1).max(744 * 60).optional().describe('Beviljad tid per month, in minutes (home care only)'),
  needsTwoStaff: z.boolean().default(false),
  startWithin24Hours: z
    .boolean()
    .default(false)
    .describe('Home care: the need requires a start within 24 hours of the provider receiving the assignment; otherwise the provider contacts the individual on the next weekday'),
});

export const endServiceBody = z.strictObject({ endDate: z.iso.date().describe('Last day the service is performed (inclusive)') });
export const serviceParams = z.object({ id: z.uuid(), serviceId: z.uuid() });
export const overviewQuery = z.strictObject({
  on: z.iso.date().optional().describe('The day of the overview (default: today in Göteborg)'),
  history: z.enum(['true', 'false']).optional().describe('true: every assignment ever recorded, not only those in force on the day'),
});

export const consentStateSchema = z.enum(['active', 'not_yet_valid', 'withdrawn']);
export const consentSchema = z
  .object({
    id: z.uuid(),
    individualId: z.uuid(),
    givenOn: z.iso.date(),
    method: z.enum(['verbal', 'written']),
    recordedBy: z.string(),
    recordedByOrganisationId: z.uuid(),
    limitedToOrganisationIds: z.array(z.uuid()).nullable().describe('Null: every provider that serves the individual'),
    note: z.string().nullable(),
    withdrawnOn: z.iso.date().nullable(),
    withdrawnBy: z.string().nullable(),
    state: consentStateSchema.describe('On the day asked for (default today)'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Consent', description: 'Samtycke till informationsöverföring mellan utförare' });

export const createConsentBody = z.strictObject({
  givenOn: z.iso.date().describe('The day the individual gave consent'),
  method: z.enum(['verbal', 'written']).describe('verbal (muntligt) or written (skriftligt)'),
  limitedToOrganisationIds: z.array(z.uuid()).min(1).max(50).optional().describe('Limit the consent to these organisations'),
  note: z.string().trim().max(2000).optional(),
});
export const withdrawConsentBody = z.strictObject({ withdrawnOn: z.iso.date().describe('From this day the consent no longer holds') });
export const consentParams = z.object({ id: z.uuid(), consentId: z.uuid() });
export const consentsQuery = z.strictObject({ on: z.iso.date().optional().describe('Day for `state` (default today)') });
