import { z } from 'zod';
import { serviceTypeSchema } from '../individuals/schemas.js';

export const MAX_BATCH = 5000;

export const providerKindSchema = z
  .enum(['municipal', 'private'])
  .describe('municipal: the city’s own home care (egen regi) and city units; private: private providers (LOV)');

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .describe('Calendar month, YYYY-MM (Europe/Stockholm)');

// ---- rates ----

export const rateSchema = z
  .object({
    id: z.uuid(),
    providerKind: providerKindSchema,
    validFrom: z.iso.date().describe('Applies from local midnight of this day until the next row of the same kind'),
    hourlyOre: z.number().int().describe('Hourly rate in öre'),
    inconvenientOre: z.number().int().describe('Hourly rate in inconvenient hours (Ö-tillägg included) in öre'),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'CompensationRate', description: 'Ersättning per utförd timme from a date, per provider kind' });

export const createRateBody = z.strictObject({
  providerKind: providerKindSchema,
  validFrom: z.iso.date().describe('First day the rate applies (from 2019-05-01)'),
  hourlyOre: z.number().int().min(1).max(10_000_000).describe('Hourly rate in öre, e.g. 46700 for 467 SEK'),
  inconvenientOre: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .optional()
    .describe('Inconvenient-hours rate in öre; default: the hourly rate +17 %, rounded to whole kronor'),
});

// ---- time reports ----

export const timeReportStatusSchema = z
  .enum(['performed', 'declined', 'added'])
  .describe('performed: the planned visit took place; declined: the individual declined it (pays nothing); added: an unplanned visit (pays its time)');

const instant = () => z.iso.datetime({ offset: true }).describe('Instant, ISO 8601 with Z or an offset; fractions of a second are dropped');

export const visitSchema = z
  .strictObject({
    externalId: z.string().trim().min(1).max(200).describe('The reporting system’s id of the visit; unique per reporting system'),
    individualId: z.uuid(),
    unitId: z.uuid().describe('The performing unit'),
    staffId: z.string().min(1).max(200).describe('The staff member who made the visit (staff id)'),
    serviceType: serviceTypeSchema,
    checkIn: instant(),
    checkOut: instant(),
    status: timeReportStatusSchema,
    plannedStart: instant().optional(),
    plannedEnd: instant().optional(),
  })
  .meta({ id: 'TimeReportVisit', description: 'One visit as the time-reporting system measured it' });
export type Visit = z.infer<typeof visitSchema>;

export const timeReportBatchBody = z.strictObject({
  visits: z.array(visitSchema).min(1).max(MAX_BATCH).describe(`1–${MAX_BATCH} visits`),
});

/** What the route validates up front: only the envelope, so that one bad visit is rejected alone. */
export const timeReportEnvelope = z.strictObject({ visits: z.array(z.unknown()).min(1).max(MAX_BATCH) });

export const visitOutcomeSchema = z
  .object({
    index: z.number().int().describe('Position of the visit in the batch'),
    externalId: z.string().nullable(),
    outcome: z.enum(['created', 'unchanged', 'corrected', 'rejected']),
    timeReportId: z.uuid().nullable().describe('The counting version (null when rejected)'),
    version: z.number().int().nullable().describe('1 for a new visit, +1 for each correction'),
    reason: z.string().nullable().describe('Why the visit was rejected'),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'TimeReportOutcome' });

export const timeReportBatchResult = z
  .object({
    received: z.number().int(),
    created: z.number().int(),
    unchanged: z.number().int(),
    corrected: z.number().int(),
    rejected: z.number().int(),
    results: z.array(visitOutcomeSchema),
  })
  .meta({ id: 'TimeReportBatchResult' });

export const timeReportVersionSchema = z
  .object({
    id: z.uuid(),
    externalId: z.string(),
    version: z.number().int(),
    current: z.boolean().describe('The version that counts'),
    individualId: z.uuid(),
    unitId: z.uuid(),
    organisationId: z.uuid(),
    staffId: z.string(),
    serviceType: serviceTypeSchema,
    status: timeReportStatusSchema,
    checkIn: z.iso.datetime(),
    checkOut: z.iso.datetime(),
    plannedStart: z.iso.datetime().nullable(),
    plannedEnd: z.iso.datetime().nullable(),
    receivedAt: z.iso.datetime(),
    supersededAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'TimeReportVersion' });

export const timeReportVersionsQuery = z.strictObject({
  externalId: z.string().min(1).max(200),
  reportingSystem: z.string().min(1).max(200).optional().describe('Admin only: whose externalId (default: the caller’s own system)'),
});

// ---- statements ----

export const statementQuery = z.strictObject({
  month,
  organisationId: z.uuid().optional().describe('The provider; omitted: every organisation the caller may read'),
});

const totals = {
  normalSeconds: z.number().int().describe('Performed and added time in normal hours'),
  inconvenientSeconds: z.number().int().describe('Performed and added time in inconvenient hours'),
  performedVisits: z.number().int().describe('Visits marked performed that started in the month'),
  addedVisits: z.number().int().describe('Visits marked added that started in the month'),
  declinedVisits: z.number().int().describe('Declined visits that started in the month (pay nothing, counted apart)'),
  declinedSeconds: z.number().int().describe('Time of declined visits (not paid)'),
  amountOre: z.number().int().describe('Amount in öre'),
};

export const statementLineSchema = z
  .object({
    organisationId: z.uuid(),
    organisationName: z.string(),
    unitId: z.uuid(),
    unitName: z.string(),
    individualId: z.uuid(),
    individualName: z.string(),
    providerKind: providerKindSchema,
    rateValidFrom: z.iso.date().describe('The rate row that applied'),
    hourlyOre: z.number().int(),
    inconvenientOre: z.number().int(),
    ...totals,
  })
  .meta({
    id: 'StatementLine',
    description: 'One unit, individual and rate period. amountOre = (normalSeconds × hourlyOre + inconvenientSeconds × inconvenientOre) / 3600, rounded half up once.',
  });

export const statementSchema = z
  .object({
    month: z.string(),
    organisationId: z.uuid().nullable(),
    currency: z.literal('SEK').describe('Amounts are integer öre (1/100 SEK)'),
    lines: z.array(statementLineSchema),
    units: z.array(z.object({ unitId: z.uuid(), unitName: z.string(), organisationId: z.uuid(), ...totals })).describe('Totals per unit (sums of the lines)'),
    organisations: z
      .array(z.object({ organisationId: z.uuid(), organisationName: z.string(), providerKind: providerKindSchema, ...totals }))
      .describe('Totals per organisation'),
    total: z.object(totals),
  })
  .meta({ id: 'CompensationStatement' });

// ---- follow-up reports ----

export const performedVsGrantedQuery = z.strictObject({
  month,
  organisationId: z.uuid().optional(),
  thresholdPercent: z.coerce.number().min(0).max(1000).default(20).describe('Flag deviations of at least this many percent of the granted time (default 20)'),
});

export const performedVsGrantedSchema = z
  .object({
    month: z.string(),
    thresholdPercent: z.number(),
    items: z.array(
      z.object({
        organisationId: z.uuid(),
        unitId: z.uuid(),
        unitName: z.string(),
        individualId: z.uuid(),
        individualName: z.string(),
        serviceType: serviceTypeSchema,
        grantedMinutes: z.number().int().describe('Granted minutes for the month, pro rata for the days the assignment was in force'),
        performedMinutes: z.number().describe('Performed and added time, in minutes (two decimals)'),
        visits: z.number().int(),
        deviationPercent: z.number().nullable().describe('(performed − granted) / granted × 100, one decimal; null without granted time'),
        flagged: z.boolean().describe('|deviation| ≥ threshold, or time performed without granted time'),
      }),
    ),
  })
  .meta({ id: 'PerformedVsGrantedReport' });

export const continuityQuery = z.strictObject({
  from: z.iso.date().describe('First day of the period'),
  days: z.coerce.number().int().min(1).max(92).default(14).describe('Length of the period in days (default 14, the usual measure)'),
  organisationId: z.uuid().optional(),
});

export const continuitySchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date().describe('Last day of the period (inclusive)'),
    units: z.array(
      z.object({
        organisationId: z.uuid(),
        unitId: z.uuid(),
        unitName: z.string(),
        individuals: z.number().int(),
        averageDistinctStaff: z.number().describe('Mean over the unit’s individuals, one decimal'),
        maxDistinctStaff: z.number().int(),
      }),
    ),
    items: z.array(
      z.object({
        organisationId: z.uuid(),
        unitId: z.uuid(),
        unitName: z.string(),
        individualId: z.uuid(),
        individualName: z.string(),
        distinctStaff: z.number().int().describe('Different staff who made a performed or added visit in the period'),
        visits: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ContinuityReport' });

export const visitKindsQuery = z.strictObject({ month, organisationId: z.uuid().optional() });

export const visitKindsSchema = z
  .object({
    month: z.string(),
    items: z.array(
      z.object({
        organisationId: z.uuid(),
        organisationName: z.string(),
        unitId: z.uuid(),
        unitName: z.string(),
        performedVisits: z.number().int(),
        addedVisits: z.number().int(),
        addedSeconds: z.number().int(),
        declinedVisits: z.number().int(),
        declinedSeconds: z.number().int(),
        declinedPercent: z.number().nullable().describe('Declined share of all visits, one decimal'),
      }),
    ),
  })
  .meta({ id: 'DeclinedAddedReport' });

/** The 200 response of a route that answers JSON, or CSV for `Accept: text/csv`. */
export function jsonOrCsv<T extends z.ZodType>(schema: T, description: string) {
  return {
    description,
    content: {
      'application/json': { schema },
      'text/csv': { schema: z.string().describe('The same lines as CSV (RFC 4180, header row, UTF-8)') },
    },
  };
}
