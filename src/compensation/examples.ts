// OpenAPI examples for compensation (Omsorg Väst's visits to Astrid Andersson in March 2025, as in the demo city):
// times with their Stockholm offset on the way in, as UTC instants on the way out.
import type { z } from 'zod';
import { demo } from '../demo/city.js';
import type {
  continuitySchema,
  createRateBody,
  performedVsGrantedSchema,
  rateSchema,
  statementAnswerSchema,
  timeReportBatchBody,
  timeReportBatchResult,
  timeReportVersionSchema,
  visitKindsSchema,
} from './schemas.js';

const P = demo.org.privateProvider;
const U = demo.unit.privateCentrum;
const ASTRID = demo.individual.astrid;

export const ratesExample: { items: z.output<typeof rateSchema>[] } = {
  items: [
    { id: 'fd5e6730-e72b-4351-ba8c-4f3400aa8b72', providerKind: 'municipal', validFrom: '2019-05-01', hourlyOre: 46000, inconvenientOre: 53800, createdBy: 'migration', createdAt: '2025-01-13T08:00:00.000Z' },
    { id: '94ef6ba7-fc57-42af-9e4e-32332a58d766', providerKind: 'private', validFrom: '2019-05-01', hourlyOre: 46700, inconvenientOre: 54600, createdBy: 'migration', createdAt: '2025-01-13T08:00:00.000Z' },
  ],
};
export const createRateExample: z.input<typeof createRateBody> = { providerKind: 'private', validFrom: '2026-01-01', hourlyOre: 47200 };
export const rateExample: z.output<typeof rateSchema> = {
  id: '82b00b8f-c21f-42ef-b652-69ffc8013fe2',
  providerKind: 'private',
  validFrom: '2026-01-01',
  hourlyOre: 47200,
  inconvenientOre: 55200,
  createdBy: 'admin-anna',
  createdAt: '2025-12-15T10:00:00.000Z',
};

export const reportVisitsExample: z.input<typeof timeReportBatchBody> = {
  visits: [
    {
      externalId: 'phoniro-2025-03-18-0815-astrid',
      individualId: ASTRID,
      unitId: U,
      staffId: 'care-karin',
      serviceType: 'home_care_day_evening',
      checkIn: '2025-03-18T08:15:00+01:00',
      checkOut: '2025-03-18T08:52:00+01:00',
      status: 'performed',
      plannedStart: '2025-03-18T08:15:00+01:00',
      plannedEnd: '2025-03-18T08:45:00+01:00',
    },
    {
      externalId: 'phoniro-2025-03-18-1840-astrid',
      individualId: ASTRID,
      unitId: U,
      staffId: 'care-kalle',
      serviceType: 'home_care_day_evening',
      checkIn: '2025-03-18T18:40:00+01:00',
      checkOut: '2025-03-18T19:20:00+01:00',
      status: 'performed',
    },
  ],
};
export const reportVisitsResultExample: z.output<typeof timeReportBatchResult> = {
  received: 2,
  created: 1,
  unchanged: 1,
  corrected: 0,
  correctedAfterClose: 0,
  rejected: 0,
  results: [
    { index: 0, externalId: 'phoniro-2025-03-18-0815-astrid', outcome: 'created', timeReportId: '205ce571-d72c-488e-8ea4-d0b65859d63c', version: 1, reason: null },
    // Sent before, unchanged: a repeated batch changes nothing.
    { index: 1, externalId: 'phoniro-2025-03-18-1840-astrid', outcome: 'unchanged', timeReportId: '6e1f0a3b-2c4d-4e5f-8a9b-0c1d2e3f4a5b', version: 1, reason: null },
  ],
};
const version: z.output<typeof timeReportVersionSchema> = {
  id: '95101c6a-7351-497d-8ff5-f5f14268811f',
  externalId: 'phoniro-2025-03-18-0815-astrid',
  version: 1,
  current: false,
  individualId: ASTRID,
  unitId: U,
  organisationId: P,
  staffId: 'care-karin',
  serviceType: 'home_care_day_evening',
  status: 'performed',
  checkIn: '2025-03-18T07:15:00.000Z',
  checkOut: '2025-03-18T07:52:00.000Z',
  plannedStart: '2025-03-18T07:15:00.000Z',
  plannedEnd: '2025-03-18T07:45:00.000Z',
  receivedAt: '2025-03-18T07:53:04.000Z',
  supersededAt: '2025-03-18T09:02:11.000Z',
};
export const visitVersionsExample: { items: z.output<typeof timeReportVersionSchema>[] } = {
  items: [
    version,
    { ...version, id: '3c0d2f5e-8a61-4b7d-9e2f-71a4b6c8d902', version: 2, current: true, checkOut: '2025-03-18T07:55:00.000Z', receivedAt: '2025-03-18T09:02:11.000Z', supersededAt: null },
  ],
};

const totals = { normalSeconds: 7920, inconvenientSeconds: 6000, performedVisits: 5, addedVisits: 1, declinedVisits: 1, declinedSeconds: 300, amountOre: 193740 };
export const statementExample: z.output<typeof statementAnswerSchema> = {
  month: '2025-03',
  organisationId: P,
  currency: 'SEK',
  lines: [
    {
      organisationId: P,
      organisationName: 'Omsorg Väst AB',
      unitId: U,
      unitName: 'Omsorg Väst Centrum',
      individualId: ASTRID,
      individualName: 'Astrid Andersson',
      providerKind: 'private',
      rateValidFrom: '2019-05-01',
      hourlyOre: 46700,
      inconvenientOre: 54600,
      ...totals,
    },
  ],
  units: [{ unitId: U, unitName: 'Omsorg Väst Centrum', organisationId: P, ...totals }],
  organisations: [{ organisationId: P, organisationName: 'Omsorg Väst AB', providerKind: 'private', ...totals }],
  total: totals,
  adjustments: [],
  adjustmentsOre: 0,
  payableOre: 193740,
  payable: [{ organisationId: P, organisationName: 'Omsorg Väst AB', linesOre: 193740, adjustmentsOre: 0, payableOre: 193740 }],
  closing: null,
};
export const statementCsvExample =
  'month,organisation_id,organisation_name,unit_id,unit_name,individual_id,individual_name,provider_kind,rate_valid_from,hourly_ore,inconvenient_ore,normal_seconds,inconvenient_seconds,performed_visits,added_visits,declined_visits,declined_seconds,amount_ore\r\n' +
  `2025-03,${P},Omsorg Väst AB,${U},Omsorg Väst Centrum,${ASTRID},Astrid Andersson,private,2019-05-01,46700,54600,7920,6000,5,1,1,300,193740\r\n`;

export const performedVsGrantedExample: z.output<typeof performedVsGrantedSchema> = {
  month: '2025-03',
  thresholdPercent: 20,
  items: [
    {
      organisationId: P,
      unitId: U,
      unitName: 'Omsorg Väst Centrum',
      individualId: ASTRID,
      individualName: 'Astrid Andersson',
      serviceType: 'home_care_day_evening',
      grantedMinutes: 1800,
      performedMinutes: 232,
      visits: 6,
      deviationPercent: -87.1,
      flagged: true,
    },
  ],
};
export const performedVsGrantedCsvExample =
  'month,organisation_id,unit_id,unit_name,individual_id,individual_name,service_type,granted_minutes,performed_minutes,visits,deviation_percent,flagged\r\n' +
  `2025-03,${P},${U},Omsorg Väst Centrum,${ASTRID},Astrid Andersson,home_care_day_evening,1800,232,6,-87.1,true\r\n`;

export const continuityExample: z.output<typeof continuitySchema> = {
  from: '2025-03-03',
  to: '2025-03-16',
  units: [{ organisationId: P, unitId: U, unitName: 'Omsorg Väst Centrum', individuals: 1, averageDistinctStaff: 3, maxDistinctStaff: 3 }],
  items: [{ organisationId: P, unitId: U, unitName: 'Omsorg Väst Centrum', individualId: ASTRID, individualName: 'Astrid Andersson', distinctStaff: 3, visits: 5 }],
};
export const continuityCsvExample =
  'from,to,organisation_id,unit_id,unit_name,individual_id,individual_name,distinct_staff,visits\r\n' +
  `2025-03-03,2025-03-16,${P},${U},Omsorg Väst Centrum,${ASTRID},Astrid Andersson,3,5\r\n`;

export const visitKindsExample: z.output<typeof visitKindsSchema> = {
  month: '2025-03',
  items: [
    {
      organisationId: P,
      organisationName: 'Omsorg Väst AB',
      unitId: U,
      unitName: 'Omsorg Väst Centrum',
      performedVisits: 5,
      addedVisits: 1,
      addedSeconds: 1800,
      declinedVisits: 1,
      declinedSeconds: 300,
      declinedPercent: 14.3,
    },
  ],
};
export const visitKindsCsvExample =
  'month,organisation_id,organisation_name,unit_id,unit_name,performed_visits,added_visits,added_seconds,declined_visits,declined_seconds,declined_percent\r\n' +
  `2025-03,${P},Omsorg Väst AB,${U},Omsorg Väst Centrum,5,1,1800,1,300,14.3\r\n`;
