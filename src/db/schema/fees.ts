import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { individuals } from './directory.js';

/** The parts of the individual's fee (avgift) that the city sets, each changing on its own date. */
export const feeComponent = pgEnum('fee_component', ['hourly', 'monthly_ceiling', 'alarm_monthly']);

/**
 * Avgiftstaxa as data: per component an amount in öre from the first day of a month (fees are monthly) until the
 * next row of the same component. hourly: per performed hour of home care; monthly_ceiling: maxtaxa;
 * alarm_monthly: trygghetslarm per month (no default: the city sets it).
 */
export const feeRates = pgTable(
  'fee_rates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    component: feeComponent('component').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    amountOre: integer('amount_ore').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    unique('fee_rates_component_from_unique').on(t.component, t.validFrom),
    check('fee_rates_first_of_month', sql`extract(day from ${t.validFrom}) = 1`),
    check('fee_rates_non_negative', sql`${t.amountOre} >= 0`),
  ],
);

/** Avgiftsutrymme: the individual's own monthly fee ceiling from the income assessment, for a period. Never overwritten. */
export const individualFeeCeilings = pgTable(
  'individual_fee_ceilings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    individualId: uuid('individual_id')
      .notNull()
      .references(() => individuals.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    monthlyOre: integer('monthly_ore').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedByOrganisationId: uuid('recorded_by_organisation_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('individual_fee_ceilings_individual_idx').on(t.individualId, t.validFrom),
    check('individual_fee_ceilings_dates', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check('individual_fee_ceilings_non_negative', sql`${t.monthlyOre} >= 0`),
  ],
);
