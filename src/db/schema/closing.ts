import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { individuals, organisations, units } from './directory.js';
import { timeReports } from './compensation.js';

/**
 * Stängd månad: the contract unit closed a compensation month. The statements (and fees) of the month as they stood
 * are kept in `closed_statements` / `closed_fee_lines`; later changes become adjustments. A reopened closing keeps its
 * row (who, when, why); a month has at most one closing in force.
 */
export const compensationClosings = pgTable(
  'compensation_closings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    month: text('month').notNull(),
    closedBy: text('closed_by').notNull(),
    closedByOrganisationId: uuid('closed_by_organisation_id').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    // SHA-256 over the providers' statement hashes, in organisation order.
    contentHash: text('content_hash').notNull(),
    // False when the month's fees could not be computed at closing (no fee rate, or an alarm month without an alarm fee).
    feesFrozen: boolean('fees_frozen').notNull(),
    // The fee rates the frozen fees used (JSON text), null when none were frozen.
    feeRatesJson: text('fee_rates_json'),
    reopenedBy: text('reopened_by'),
    reopenedAt: timestamp('reopened_at', { withTimezone: true, mode: 'date', precision: 3 }),
    reopenReason: text('reopen_reason'),
  },
  (t) => [
    uniqueIndex('compensation_closings_month_in_force').on(t.month).where(sql`${t.reopenedAt} is null`),
    check('compensation_closings_month', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('compensation_closings_reopen', sql`(${t.reopenedAt} is null) = (${t.reopenReason} is null)`),
  ],
);

/** A provider's statement of a closed month, exactly as it was sent at closing (JSON text: key order kept). */
export const closedStatements = pgTable(
  'closed_statements',
  {
    closingId: uuid('closing_id')
      .notNull()
      .references(() => compensationClosings.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    organisationName: text('organisation_name').notNull(),
    statementJson: text('statement_json').notNull(),
    amountOre: bigint('amount_ore', { mode: 'number' }).notNull(),
    contentHash: text('content_hash').notNull(),
  },
  (t) => [primaryKey({ name: 'closed_statements_pk', columns: [t.closingId, t.organisationId] })],
);

/**
 * Justering: a visit reported, corrected or declined after its month was closed. The closed month does not change;
 * the difference (seconds and öre, positive or negative) is paid in `month`, the first open month after it at the
 * time. Adjustments of a reopened closing no longer count (the month's own statement shows the change).
 */
export const compensationAdjustments = pgTable(
  'compensation_adjustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    closingId: uuid('closing_id')
      .notNull()
      .references(() => compensationClosings.id),
    closedMonth: text('closed_month').notNull(),
    month: text('month').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    individualId: uuid('individual_id')
      .notNull()
      .references(() => individuals.id),
    reportingSystem: text('reporting_system').notNull(),
    externalId: text('external_id').notNull(),
    oldTimeReportId: uuid('old_time_report_id').references(() => timeReports.id),
    oldVersion: integer('old_version'),
    newTimeReportId: uuid('new_time_report_id')
      .notNull()
      .references(() => timeReports.id),
    newVersion: integer('new_version').notNull(),
    normalSecondsDelta: integer('normal_seconds_delta').notNull(),
    inconvenientSecondsDelta: integer('inconvenient_seconds_delta').notNull(),
    amountOre: bigint('amount_ore', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('compensation_adjustments_month_idx').on(t.month, t.organisationId), index('compensation_adjustments_closing_idx').on(t.closingId)],
);

/** The fees (avgifter) of a closed month, one line per individual, as computed at closing. */
export const closedFeeLines = pgTable(
  'closed_fee_lines',
  {
    closingId: uuid('closing_id')
      .notNull()
      .references(() => compensationClosings.id),
    individualId: uuid('individual_id')
      .notNull()
      .references(() => individuals.id),
    districtId: uuid('district_id').notNull(),
    lineJson: text('line_json').notNull(),
  },
  (t) => [primaryKey({ name: 'closed_fee_lines_pk', columns: [t.closingId, t.individualId] }), index('closed_fee_lines_district_idx').on(t.closingId, t.districtId)],
);
