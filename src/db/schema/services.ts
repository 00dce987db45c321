import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { SERVICE_TYPES } from '../../individuals/service-rules.js';
import { individuals, organisations, units } from './directory.js';

export const serviceType = pgEnum('service_type', SERVICE_TYPES);

/** Insatsöversikt: which unit performs which service for an individual, over which dates. Never overwritten. */
export const serviceAssignments = pgTable(
  'service_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    individualId: uuid('individual_id')
      .notNull()
      .references(() => individuals.id),
    serviceType: serviceType('service_type').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    // Denormalised from the unit (units never change organisation) so access checks need no join.
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    grantedMinutesPerMonth: integer('granted_minutes_per_month'),
    needsTwoStaff: boolean('needs_two_staff').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    endedBy: text('ended_by'),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('service_assignments_individual_idx').on(t.individualId, t.startDate),
    index('service_assignments_org_idx').on(t.organisationId, t.individualId),
    index('service_assignments_unit_idx').on(t.unitId),
    check('service_assignments_dates', sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);

export const consentMethod = pgEnum('consent_method', ['verbal', 'written']);

/** Samtycke: the individual's consent to information transfer between providers. Withdrawn ones stay. */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    individualId: uuid('individual_id')
      .notNull()
      .references(() => individuals.id),
    givenOn: date('given_on', { mode: 'string' }).notNull(),
    method: consentMethod('method').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedByOrganisationId: uuid('recorded_by_organisation_id').notNull(),
    // Null: all providers that serve the individual; otherwise only these organisations.
    limitedToOrganisationIds: uuid('limited_to_organisation_ids').array(),
    note: text('note'),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    withdrawnBy: text('withdrawn_by'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('consents_individual_idx').on(t.individualId, t.givenOn),
    check('consents_dates', sql`${t.withdrawnOn} is null or ${t.withdrawnOn} >= ${t.givenOn}`),
  ],
);

/** The columns of an access-log entry as the auditor reads them: the table's, and the view's (src/db/access-log.ts). */
export const accessLogColumns = () => ({
  id: uuid('id').notNull(),
  // Millisecond precision: the keyset cursor carries a JS Date, which has no microseconds.
  occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull(),
  actorId: text('actor_id').notNull(),
  actorOrganisationId: uuid('actor_organisation_id').notNull(),
  actorRoles: text('actor_roles').array().notNull(),
  action: text('action').notNull(),
  individualId: uuid('individual_id'),
  resourceType: text('resource_type').notNull(),
  resourceId: text('resource_id'),
  requestId: text('request_id'),
});

/** Append-only access log (HSLF-FS 2016:40): a trigger refuses UPDATE and DELETE. */
export const auditEvents = pgTable(
  'audit_events',
  {
    ...accessLogColumns(),
    id: uuid('id').primaryKey().defaultRandom(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    /**
     * An entry that records one read of many individuals at once (a statement, a report, a list): how many, and who
     * (`individual_ids`); `individual_id` is null. Both null for an entry of its own.
     */
    individualCount: integer('individual_count'),
    /**
     * The individuals of a read of many, in the entry itself, found by individual through a GIN index. A city's month
     * names 33,334 individuals: a row per individual with its two b-tree entries cost 350 ms a read on Postgres (the
     * bench's database), one array ~25 ms, the GIN index's pending list merged in bulk.
     */
    individualIds: uuid('individual_ids').array(),
  },
  (t) => [
    index('audit_events_individual_idx').on(t.individualId, t.occurredAt),
    // Partial: the entries of their own (most of the log) have no array and no place in it.
    index('audit_events_individual_ids_idx').using('gin', t.individualIds).where(sql`individual_ids is not null`),
    index('audit_events_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_events_time_idx').on(t.occurredAt, t.id),
  ],
);

