import { z } from 'zod';
import { csvQuery } from '../http/csv.js';

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .refine((v) => Number(v.slice(0, 4)) >= 2000 && Number(v.slice(0, 4)) <= 2099, 'a month from 2000-01 to 2099-12')
  .describe('Calendar month, YYYY-MM (Europe/Stockholm), from 2000-01 to 2099-12');

const day = () => z.iso.date().refine((v) => Number(v.slice(0, 4)) >= 2000 && Number(v.slice(0, 4)) <= 2099, 'a day from 2000-01-01 to 2099-12-31');

export const feeComponentSchema = z
  .enum(['hourly', 'monthly_ceiling', 'alarm_monthly'])
  .describe('hourly: avgift per utförd timme hemtjänst; monthly_ceiling: maxtaxa (högsta avgift per månad); alarm_monthly: avgift för trygghetslarm per månad (no default: the city sets it)');

export const feeRateSchema = z
  .object({
    id: z.uuid(),
    component: feeComponentSchema,
    validFrom: z.iso.date().describe('First day of the month from which the amount applies, until the next row of the same component'),
    amountOre: z.number().int().describe('Amount in öre'),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'FeeRate', description: 'Avgiftstaxa: one part of the individual’s fee from a month' });

/** (decision) A fee amount lies between 0 and 100,000 SEK (10,000,000 öre). */
export const FEE_ORE_MAX = 10_000_000;

export const createFeeRateBody = z.strictObject({
  component: feeComponentSchema,
  validFrom: day()
    .refine((v) => v.endsWith('-01'), 'the first day of a month (fees are monthly)')
    .describe('First day of a month (YYYY-MM-01): fees are monthly'),
  amountOre: z.number().int().min(0).max(FEE_ORE_MAX).describe(`Amount in öre, 0–${FEE_ORE_MAX}; e.g. 21300 for 213 SEK an hour, 212500 for a maxtaxa of 2 125 SEK`),
});

export const feeCeilingSchema = z
  .object({
    id: z.uuid(),
    individualId: z.uuid(),
    validFrom: z.iso.date(),
    validTo: z.iso.date().nullable().describe('Last day (inclusive); null: until further notice'),
    monthlyOre: z.number().int().describe('The individual’s own monthly ceiling (avgiftsutrymme) in öre'),
    recordedBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'FeeCeiling', description: 'Avgiftsutrymme from the income assessment: the most the individual pays a month, for a period' });

export const createFeeCeilingBody = z
  .strictObject({
    individualId: z.uuid(),
    validFrom: day(),
    validTo: day().optional().describe('Last day (inclusive); omitted: until further notice'),
    monthlyOre: z.number().int().min(0).max(FEE_ORE_MAX).describe('Avgiftsutrymme per month in öre (0: the individual pays nothing)'),
  })
  .refine((b) => b.validTo === undefined || b.validTo >= b.validFrom, { message: 'validTo must not be before validFrom', path: ['validTo'] });

export const feeCeilingsQuery = z.strictObject({ individualId: z.uuid() });

export const feeStatementQuery = z.strictObject({
  ...csvQuery,
  month,
  districtId: z.uuid().optional().describe('The district (stadsdel); a case worker may only name their own, and gets it when omitted; reporting gets every district when omitted'),
});

export const feeLineSchema = z
  .object({
    individualId: z.uuid(),
    individualName: z.string(),
    districtId: z.uuid(),
    performedSeconds: z.number().int().describe('Performed and added home-care time in the month (declined visits are not charged)'),
    performedVisits: z.number().int().describe('Performed and added visits that started in the month'),
    declinedVisits: z.number().int().describe('Declined visits that started in the month (not charged)'),
    hourlyFeeOre: z.number().int().describe('Avgift per timme that applied'),
    hoursOre: z.number().int().describe('performedSeconds × hourlyFeeOre / 3600, rounded half up once'),
    alarmMonth: z.boolean().describe('The individual had a safety alarm (trygghetslarm) on some day of the month'),
    alarmOre: z.number().int().describe('The monthly alarm fee, or 0'),
    beforeCapOre: z.number().int().describe('hoursOre + alarmOre, before the cap'),
    maxtaxaOre: z.number().int().describe('Maxtaxa of the month'),
    individualCeilingOre: z.number().int().nullable().describe('The individual’s own ceiling (avgiftsutrymme) of the month: the least valid on some day of it; null: none recorded'),
    capOre: z.number().int().describe('The cap that applied (högkostnadsskydd): the least of maxtaxa and the individual’s ceiling'),
    capSource: z.enum(['maxtaxa', 'individual_ceiling']),
    capApplied: z.boolean().describe('beforeCapOre was above the cap'),
    feeOre: z.number().int().describe('The fee: min(beforeCapOre, capOre)'),
  })
  .meta({ id: 'FeeLine', description: 'Avgift för en månad: each part before the cap, the cap that applied and the fee' });

export const feeStatementSchema = z
  .object({
    month: z.string(),
    districtId: z.uuid().nullable(),
    currency: z.literal('SEK'),
    rates: z.object({
      hourlyOre: z.number().int(),
      maxtaxaOre: z.number().int(),
      alarmMonthlyOre: z.number().int().nullable().describe('null: not set by the city (only needed for a month with an alarm)'),
    }),
    closed: z.boolean().describe('The month is closed (stängd månad): these are the fees as they were frozen then'),
    lines: z.array(feeLineSchema),
    total: z.object({ individuals: z.number().int(), beforeCapOre: z.number().int(), feeOre: z.number().int() }),
  })
  .meta({ id: 'FeeStatement' });
