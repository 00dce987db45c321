import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { individuals, organisations, staff, units } from './directory.js';
import { serviceAssignments, serviceType } from './services.js';

/** Which rate applies: the city's own providers (egen regi, city units) or private providers. */
export const providerKind = pgEnum('provider_kind', ['municipal', 'private']);
export const timeReportStatus = pgEnum('time_report_status', ['performed', 'declined', 'added']);

/** Ersättning för utförd tid: the hourly rates, one row per provider kind and start date (the yearly price adjustment). */
export const compensationRates = pgTable(
  'compensation_rates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    providerKind: providerKind('provider_kind').notNull(),
    // Applies from local midnight (Europe/Stockholm) of this date until the next row of the same kind.
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    hourlyOre: integer('hourly_ore').notNull(),
    inconvenientOre: integer('inconvenient_ore').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    unique('compensation_rates_kind_from_unique').on(t.providerKind, t.validFrom),
    check('compensation_rates_positive', sql`${t.hourlyOre} > 0 and ${t.inconvenientOre} > 0`),
  ],
);

/**
 * One version of a visit as the time-reporting system (Phoniro-like) reported it. A correction (same reporting
 * system and externalId, other content) supersedes the current version: the old row stays, `superseded_at` set.
 */
export const timeReports = pgTable(
  'time_reports',
  {
    id: uuid('id').primaryKey(),
    // The reporting system: the token's `sub`; externalId is unique per system.
    reportingSystem: text('reporting_system').notNull(),
    reportingOrganisationId: uuid('reporting_organisation_id')
      .notNull()
      .references(() => organisations.id),
    externalId: text('external_id').notNull(),
    version: integer('version').notNull(),
    individualId: uuid('individual_id')
      .notNull()
      .references(() => individuals.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    // Denormalised from the unit (units never change organisation).
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    providerKind: providerKind('provider_kind').notNull(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    serviceType: serviceType('service_type').notNull(),
    // The service assignment (insats) the visit was performed under.
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => serviceAssignments.id),
    status: timeReportStatus('status').notNull(),
    checkIn: timestamp('check_in', { withTimezone: true, mode: 'date', precision: 0 }).notNull(),
    checkOut: timestamp('check_out', { withTimezone: true, mode: 'date', precision: 0 }).notNull(),
    plannedStart: timestamp('planned_start', { withTimezone: true, mode: 'date', precision: 0 }),
    plannedEnd: timestamp('planned_end', { withTimezone: true, mode: 'date', precision: 0 }),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    supersededAt: timestamp('superseded_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('time_reports_current_unique').on(t.reportingSystem, t.externalId).where(sql`${t.supersededAt} is null`),
    unique('time_reports_version_unique').on(t.reportingSystem, t.externalId, t.version),
    index('time_reports_overlap_idx').on(t.individualId, t.serviceType, t.checkIn).where(sql`${t.supersededAt} is null`),
    check('time_reports_order', sql`${t.checkOut} > ${t.checkIn} and ${t.checkOut} - ${t.checkIn} < interval '24 hours'`),
  ],
);

/**
 * The current version of each visit cut at local midnights (Europe/Stockholm): per local date, the seconds in
 * normal and in inconvenient hours, computed once at write time by the pure calendar rule. Statements and reports
 * group and sum these rows and join the rate in force on `local_date`, so a rate added later is honoured.
 * Derived data: the rows of a superseded version are deleted (the version itself is kept in `time_reports`).
 */
export const timeReportSegments = pgTable(
  'time_report_segments',
  {
    timeReportId: uuid('time_report_id')
      .notNull()
      .references(() => timeReports.id),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    // Copied from the visit so that statements read one table.
    organisationId: uuid('organisation_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    individualId: uuid('individual_id').notNull(),
    staffId: text('staff_id').notNull(),
    serviceType: serviceType('service_type').notNull(),
    providerKind: providerKind('provider_kind').notNull(),
    status: timeReportStatus('status').notNull(),
    normalSeconds: integer('normal_seconds').notNull(),
    inconvenientSeconds: integer('inconvenient_seconds').notNull(),
    // The visit checked in on this date: counting visits uses this row only.
    startsVisit: boolean('starts_visit').notNull(),
  },
  (t) => [
    primaryKey({ name: 'time_report_segments_pk', columns: [t.timeReportId, t.localDate] }),
    index('time_report_segments_org_date_idx').on(t.organisationId, t.localDate),
    index('time_report_segments_date_idx').on(t.localDate),
    check('time_report_segments_seconds', sql`${t.normalSeconds} >= 0 and ${t.inconvenientSeconds} >= 0`),
  ],
);
