import { z } from 'zod';
import { answer, withExample } from '../http/openapi-docs.js';
import { parsePersonalIdentityNumber } from '../directory/personal-identity-number.js';
import { unitCodeInput } from '../directory/schemas.js';
import { pinInput, serviceTypeSchema } from '../individuals/schemas.js';
import { csvQuery } from '../http/csv.js';

export const MAX_BATCH = 5000;

export const providerKindSchema = z
  .enum(['municipal', 'private'])
  .describe('municipal: the city’s own home care (egen regi) and city units; private: private providers (LOV)');

/**
 * (decision) The calendar that queries may name: months and days of the years 2000–2099. Compensation for performed
 * time starts 2019-05-01 (an earlier month is a clear 422, no rate); beyond 2099 is no one's follow-up, and a month in
 * year 9999 used to run into the end of the database's calendar (500).
 */
export const QUERY_YEARS = { first: 2000, last: 2099 } as const;
const QUERY_WINDOW = `${QUERY_YEARS.first}-01-01 to ${QUERY_YEARS.last}-12-31`;
const yearOf = (value: string) => Number(value.slice(0, 4));
const inQueryYears = (value: string) => yearOf(value) >= QUERY_YEARS.first && yearOf(value) <= QUERY_YEARS.last;

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .refine(inQueryYears, `a month from ${QUERY_YEARS.first}-01 to ${QUERY_YEARS.last}-12`)
  .describe(`Calendar month, YYYY-MM (Europe/Stockholm), from ${QUERY_YEARS.first}-01 to ${QUERY_YEARS.last}-12`);

/** A calendar day a query names, within the query years. */
const queryDate = () => z.iso.date().refine(inQueryYears, `a day from ${QUERY_WINDOW}`);

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

/**
 * (decision) An hourly rate lies between 100 and 10,000 SEK (the published rates are 460–546 SEK). Below it the
 * derived inconvenient-hours rate, rounded to whole kronor, could be 0 öre, which the rate table refuses (it was a 500).
 */
export const RATE_ORE = { min: 10_000, max: 1_000_000 } as const;
const rateOre = () =>
  z
    .number()
    .int()
    .min(RATE_ORE.min, `at least ${RATE_ORE.min} öre (${RATE_ORE.min / 100} SEK an hour)`)
    .max(RATE_ORE.max, `at most ${RATE_ORE.max} öre (${RATE_ORE.max / 100} SEK an hour)`);

export const createRateBody = z.strictObject({
  providerKind: providerKindSchema,
  validFrom: queryDate().describe(`First day the rate applies (from 2019-05-01; at the latest ${QUERY_YEARS.last}-12-31)`),
  hourlyOre: rateOre().describe(`Hourly rate in öre, e.g. 46700 for 467 SEK; ${RATE_ORE.min}–${RATE_ORE.max}`),
  inconvenientOre: rateOre()
    .optional()
    .describe(`Inconvenient-hours rate in öre, ${RATE_ORE.min}–${RATE_ORE.max}; default: the hourly rate +17 %, rounded to whole kronor`),
});

// ---- time reports ----

export const timeReportStatusSchema = z
  .enum(['performed', 'declined', 'added'])
  .describe('performed: the planned visit took place; declined: the individual declined it (pays nothing); added: an unplanned visit (pays its time)');

/**
 * (decision) The instants a visit may name. From local midnight of 2019-04-30, the day before compensation for
 * performed time starts (a visit lasts under 24 hours, so every visit with time on or after 2019-05-01 starts after
 * it), to 24 hours after the moment the batch arrives (reporting systems report what happened; the margin absorbs
 * clocks and time zones). A check-in in year 9999 or year 1 used to reach the database and fail the whole batch.
 */
export const VISIT_WINDOW = { earliest: '2019-04-30T00:00:00+02:00', futureMarginHours: 24 } as const;
const EARLIEST_VISIT_MS = Date.parse(VISIT_WINDOW.earliest);
export const VISIT_WINDOW_TEXT = `from ${VISIT_WINDOW.earliest} to ${VISIT_WINDOW.futureMarginHours} hours after the batch arrives`;

/** Is an instant within the visit window, `now` being the arrival of the batch? (Unparseable: the format check says so.) */
export function inVisitWindow(value: string, now = Date.now()): boolean {
  const at = Date.parse(value);
  return Number.isNaN(at) || (at >= EARLIEST_VISIT_MS && at <= now + VISIT_WINDOW.futureMarginHours * 3600_000);
}

/** What an instant of a visit looks like; the refusal of a time without an offset names it. */
export const INSTANT_FORM = 'RFC 3339 with an offset, e.g. 2026-03-05T08:00:00+01:00 (Z for UTC)';
const instant = () =>
  z.iso
    .datetime({ offset: true, error: `must be an instant in ${INSTANT_FORM}; a local time without an offset is ambiguous` })
    .refine((v) => inVisitWindow(v), `must lie ${VISIT_WINDOW_TEXT}`)
    .describe(`Instant, ${INSTANT_FORM}, ${VISIT_WINDOW_TEXT}; fractions of a second are dropped`);

/** Postgres text cannot hold NUL: a visit with one is rejected alone (the rest of the batch is stored). */
const noNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'must not contain a NUL character (U+0000)';

export const visitSchema = z
  .strictObject({
    externalId: z.string().trim().min(1).max(200).refine(noNul, NUL_MESSAGE).describe('The reporting system’s id of the visit; unique per reporting system'),
    individualId: z.uuid().optional().describe('The individual, by id; or name them by `personalIdentityNumber` (exactly one of the two)'),
    personalIdentityNumber: pinInput
      .optional()
      .describe('The individual, by personnummer or samordningsnummer (10 or 12 digits, with or without separator); or by `individualId` (exactly one of the two). Never echoed back'),
    unitId: z.uuid().optional().describe('The performing unit, by id; or by `unitCode` (exactly one of the two)'),
    unitCode: unitCodeInput.optional().describe('The performing unit, by the external code registered for it in the directory (its HSA id or the reporting system’s own code); or by `unitId` (exactly one of the two)'),
    staffId: z.string().min(1).max(200).refine(noNul, NUL_MESSAGE).describe('The staff member who made the visit (staff id)'),
    serviceType: serviceTypeSchema,
    checkIn: instant(),
    checkOut: instant(),
    status: timeReportStatusSchema,
    plannedStart: instant().optional(),
    plannedEnd: instant().optional(),
  })
  .superRefine((v, ctx) => {
    const exactlyOne = (a: keyof typeof v, b: keyof typeof v, what: string) => {
      if ((v[a] === undefined) === (v[b] === undefined)) ctx.addIssue({ code: 'custom', path: [v[a] === undefined ? a : b], message: `name ${what} by ${a} or ${b} (exactly one of them)` });
    };
    exactlyOne('individualId', 'personalIdentityNumber', 'the individual');
    exactlyOne('unitId', 'unitCode', 'the unit');
    if (v.personalIdentityNumber !== undefined) {
      // The reason says what is wrong with the number, never the number.
      const pin = parsePersonalIdentityNumber(v.personalIdentityNumber);
      if (!pin.ok) ctx.addIssue({ code: 'custom', path: ['personalIdentityNumber'], message: pin.reason });
    }
  })
  .meta({ id: 'TimeReportVisit', description: 'One visit as the time-reporting system measured it. The individual is named by `individualId` or `personalIdentityNumber`, the unit by `unitId` or `unitCode`.' });
/** A visit as sent: the individual and the unit by id or by personal identity number and unit code. */
export type VisitInput = z.infer<typeof visitSchema>;
/** A visit with its individual and unit named by id (the number and the code looked up). */
export type Visit = Omit<VisitInput, 'individualId' | 'personalIdentityNumber' | 'unitId' | 'unitCode'> & { individualId: string; unitId: string };

export const timeReportBatchBody = z.strictObject({
  visits: z
    .array(visitSchema)
    .min(1)
    .max(MAX_BATCH)
    .describe(`1–${MAX_BATCH} visits. Only this envelope is checked for the whole request; each visit is checked on its own, and a visit that does not match the schema is rejected alone, its outcome naming the fields (\`body.visits.17.checkIn\`).`),
});

/** What the route validates up front: only the envelope, so that one bad visit is rejected alone. */
export const timeReportEnvelope = z.strictObject({ visits: z.array(z.unknown()).min(1).max(MAX_BATCH) });

export const visitOutcomeSchema = z
  .object({
    index: z.number().int().describe('Position of the visit in the batch'),
    externalId: z.string().nullable(),
    outcome: z
      .enum(['created', 'unchanged', 'corrected', 'corrected-after-close', 'rejected'])
      .describe('corrected-after-close: the visit (new or corrected) has time in a closed month (stängd månad); that month stays as it was closed and the difference is an adjustment (justering) in the first open month'),
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
    correctedAfterClose: z.number().int().describe('Visits stored as adjustments of a closed month (justering)'),
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

/** A month in a path: /compensation/periods/{month}/close. */
export const monthParams = z.strictObject({ month });

export const statementQuery = z.strictObject({
  ...csvQuery,
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

const versionSide = z
  .object({
    timeReportId: z.uuid(),
    version: z.number().int(),
    status: timeReportStatusSchema,
    checkIn: z.iso.datetime(),
    checkOut: z.iso.datetime(),
  })
  .describe('One version of the visit');

export const adjustmentLineSchema = z
  .object({
    adjustmentId: z.uuid(),
    closedMonth: z.string().describe('The closed month (stängd månad) the visit belongs to; its statement did not change'),
    organisationId: z.uuid(),
    organisationName: z.string(),
    unitId: z.uuid(),
    unitName: z.string(),
    individualId: z.uuid(),
    individualName: z.string(),
    externalId: z.string().describe('The visit, as the time-reporting system names it'),
    before: versionSide.nullable().describe('The version the closed month counted (null: the visit was reported after the closing)'),
    after: versionSide.describe('The version that counts now'),
    normalSecondsDelta: z.number().int().describe('Change of the closed month’s normal seconds'),
    inconvenientSecondsDelta: z.number().int().describe('Change of the closed month’s inconvenient seconds'),
    amountOre: z.number().int().describe('Signed difference in öre: what the change adds to (or takes from) the closed month’s lines, each line rounded once'),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'CompensationAdjustment', description: 'Justering: a visit reported, corrected or declined after its month was closed, paid in this month' });

export const closingSummarySchema = z
  .object({
    month: z.string(),
    state: z.enum(['open', 'closed', 'reopened']).describe('closed: stängd månad; reopened: closed once, reopened by the contract unit’s admin (open again)'),
    closedAt: z.iso.datetime().nullable(),
    closedBy: z.string().nullable(),
    contentHash: z.string().nullable().describe('SHA-256 (hex) over the providers’ statement hashes, in organisation order'),
    feesFrozen: z.boolean().nullable().describe('Whether the fees (avgifter) of the month were frozen with it (false: no fee rate covered the month)'),
    reopenedAt: z.iso.datetime().nullable(),
    reopenedBy: z.string().nullable(),
    reopenReason: z.string().nullable(),
    statements: z
      .array(z.object({ organisationId: z.uuid(), organisationName: z.string(), amountOre: z.number().int(), contentHash: z.string().describe('SHA-256 (hex) of the provider’s statement JSON as closed') }))
      .describe('Per provider, the statement as it was closed'),
  })
  .meta({ id: 'CompensationPeriod' });

/** The statement as answered: the lines, the adjustments paid in the month, and whether the month is closed. */
export const statementAnswerSchema = statementSchema
  .extend({
    adjustments: z.array(adjustmentLineSchema).describe('Justeringar: changes to closed months paid in this month'),
    adjustmentsOre: z.number().int().describe('Sum of the adjustments'),
    payableOre: z.number().int().describe('total.amountOre + adjustmentsOre: what the month pays'),
    payable: z
      .array(z.object({ organisationId: z.uuid(), organisationName: z.string(), linesOre: z.number().int(), adjustmentsOre: z.number().int(), payableOre: z.number().int() }))
      .describe('Per organisation: the lines, the adjustments and what is paid'),
    closing: z
      .object({ closedAt: z.iso.datetime(), closedBy: z.string(), statements: z.array(z.object({ organisationId: z.uuid(), contentHash: z.string() })) })
      .nullable()
      .describe('null: an open month (computed now). Otherwise the month is closed (stängd månad) and this is the statement exactly as it was closed; each provider’s contentHash is the SHA-256 of its statement (this answer without `closing`, for that provider) as JSON'),
  })
  .meta({ id: 'CompensationStatementWithAdjustments' });

// ---- follow-up reports ----

export const performedVsGrantedQuery = z.strictObject({
  ...csvQuery,
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
  ...csvQuery,
  from: queryDate().describe(`First day of the period, ${QUERY_WINDOW}`),
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

export const visitKindsQuery = z.strictObject({ ...csvQuery, month, organisationId: z.uuid().optional() });

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

/** The 200 response of a route that answers JSON, or CSV for `Accept: text/csv`, with an example of each for OpenAPI. */
export function jsonOrCsv<T extends z.ZodType>(schema: T, description: string, example: z.output<T>, csvExample: string) {
  return {
    description,
    content: {
      'application/json': { schema: answer(description, schema, example) },
      'text/csv': { schema: withExample(z.string().describe('The same lines as CSV (RFC 4180, header row, UTF-8)'), csvExample) },
    },
  };
}
