// OpenAPI examples for compensation (Omsorg Väst's visits to Astrid Andersson in March 2025, as in the demo city):
// times with their Stockholm offset on the way in, as UTC instants on the way out.
import type { z } from 'zod';
import { continuityCsv, performedVsGrantedCsv, visitKindsCsv } from './report-figures.js';
import { statementCsv } from './statement-totals.js';
import { demo } from '../demo/city.js';
import type {
  closingSummarySchema,
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
  // February was closed on 5 March; Karin's visit of 27 February, corrected the day after (08:15–09:00 instead of
  // 08:45), adds 900 normal seconds to the closed month: 900 × 46 700 / 3 600 = 11 675 öre, paid in March.
  adjustments: [
    {
      adjustmentId: '7a3e5c21-94b0-4d6f-8e12-5f0c3b9a7d64',
      closedMonth: '2025-02',
      organisationId: P,
      organisationName: 'Omsorg Väst AB',
      unitId: U,
      unitName: 'Omsorg Väst Centrum',
      individualId: ASTRID,
      individualName: 'Astrid Andersson',
      externalId: 'phoniro-2025-02-27-0815-astrid',
      before: { timeReportId: 'c41b7e09-2d5a-4f83-b6e1-08a9d3f25c17', version: 1, status: 'performed', checkIn: '2025-02-27T07:15:00.000Z', checkOut: '2025-02-27T07:45:00.000Z' },
      after: { timeReportId: 'e8f2a613-5c0d-4b97-a4e8-3d71b6c90f25', version: 2, status: 'performed', checkIn: '2025-02-27T07:15:00.000Z', checkOut: '2025-02-27T08:00:00.000Z' },
      normalSecondsDelta: 900,
      inconvenientSecondsDelta: 0,
      amountOre: 11675,
      recordedAt: '2025-03-06T10:12:31.000Z',
    },
  ],
  adjustmentsOre: 11675,
  payableOre: 205415,
  payable: [{ organisationId: P, organisationName: 'Omsorg Väst AB', linesOre: 193740, adjustmentsOre: 11675, payableOre: 205415 }],
  closing: null,
};
/** The CSV answers are written by the export's own writer from the JSON example: they cannot drift apart. */
export const statementCsvExample = statementCsv(statementExample.month, statementExample.lines, statementExample.adjustments);

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
export const performedVsGrantedCsvExample = performedVsGrantedCsv(performedVsGrantedExample.month, performedVsGrantedExample.items);

export const continuityExample: z.output<typeof continuitySchema> = {
  from: '2025-03-03',
  to: '2025-03-16',
  units: [{ organisationId: P, unitId: U, unitName: 'Omsorg Väst Centrum', individuals: 1, averageDistinctStaff: 3, maxDistinctStaff: 3 }],
  items: [{ organisationId: P, unitId: U, unitName: 'Omsorg Väst Centrum', individualId: ASTRID, individualName: 'Astrid Andersson', distinctStaff: 3, visits: 5 }],
};
export const continuityCsvExample = continuityCsv(continuityExample.from, continuityExample.to, continuityExample.items);

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
export const visitKindsCsvExample = visitKindsCsv(visitKindsExample.month, visitKindsExample.items);

// Closing months (stängd månad): January was closed before the city had set the alarm fee, so its fees were not
// frozen; the admin reopened it, set the fee and closed it again (the same visits: the same content hashes).
const M = demo.org.municipalProvider;
export const closedFebruaryExample: z.output<typeof closingSummarySchema> = {
  month: '2025-02',
  state: 'closed',
  closedAt: '2025-03-05T08:30:12.000Z',
  closedBy: 'admin-anna',
  contentHash: '5b6fd0235788f7916a8d36fc0290bdd9cbda149304a5c1bbb97809533e86ae4c',
  feesFrozen: true,
  reopenedAt: null,
  reopenedBy: null,
  reopenReason: null,
  statements: [
    { organisationId: M, organisationName: 'Hemtjänsten Centrum (egen regi)', amountOre: 812450, contentHash: 'a7a94630162bee7b5298d492ea6b410e793bd18f88c5157fec9dac829659b7c4' },
    { organisationId: P, organisationName: 'Omsorg Väst AB', amountOre: 176280, contentHash: '8c471a4ae1e3a4a6fd5ea764cb9ed64e1609c3a0e2dd810d1d39c183f796c163' },
  ],
};
const januaryStatements = [
  { organisationId: M, organisationName: 'Hemtjänsten Centrum (egen regi)', amountOre: 845100, contentHash: '70272b6a5c87c00437d131102a8f728d42b15eae1a9122852f59556f972ed603' },
  { organisationId: P, organisationName: 'Omsorg Väst AB', amountOre: 181950, contentHash: '84226d716541253c45d375483adc76ee8d3251b3149efc5d349a34a3e6a0baa2' },
];
export const reopenPeriodExample = { reason: 'Avgiften för trygghetslarm saknades när januari stängdes; avgifterna frystes inte. Taxan är nu satt och månaden stängs om.' };
export const reopenedJanuaryExample: z.output<typeof closingSummarySchema> = {
  month: '2025-01',
  state: 'reopened',
  closedAt: '2025-02-04T09:02:47.000Z',
  closedBy: 'admin-anna',
  contentHash: '15d73367f7cbf1b4f8ddc4c282f6a55c5f1c75f55c0134438d2f7a27c1c04794',
  feesFrozen: false,
  reopenedAt: '2025-02-06T13:40:05.000Z',
  reopenedBy: 'admin-anna',
  reopenReason: reopenPeriodExample.reason,
  statements: januaryStatements,
};
export const periodsExample: { items: z.output<typeof closingSummarySchema>[] } = {
  items: [
    closedFebruaryExample,
    { ...reopenedJanuaryExample, state: 'closed', closedAt: '2025-02-06T14:05:31.000Z', feesFrozen: true, reopenedAt: null, reopenedBy: null, reopenReason: null },
    reopenedJanuaryExample,
  ],
};
