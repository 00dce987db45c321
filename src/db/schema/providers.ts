import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { individuals, organisations } from './directory.js';
import { consents, serviceAssignments } from './services.js';

// Choosing a provider (LOV): the city's geographic areas, where each private provider is selectable and up to which
// capacity cap, the waiting lists (kö) of providers that are not selectable, and the start of new assignments.
// History tables and event logs are append-only (triggers in the migration).

const ms = { withTimezone: true, mode: 'date', precision: 3 } as const;

/** The city's geographic areas (35 in Göteborg): data the contract unit's admin keeps. */
export const areas = pgTable('areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  districtId: uuid('district_id')
    .notNull()
    .references(() => organisations.id),
  createdAt: timestamp('created_at', ms).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', ms).notNull().defaultNow(),
});

/** Where an individual lives, from a day on; the latest row in force on a day is the area. Never overwritten. */
export const individualAreas = pgTable(
  'individual_areas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    individualId: uuid('individual_id')
      .notNull()
      .references(() => individuals.id),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    setBy: text('set_by').notNull(),
    setByOrganisationId: uuid('set_by_organisation_id').notNull(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    setAt: timestamp('set_at', ms).notNull().defaultNow(),
  },
  (t) => [index('individual_areas_individual_idx').on(t.individualId, t.validFrom, t.seq)],
);

/**
 * A private provider's choice, from a day on: the areas it is selectable in and its capacity cap (kapacitetstak) in
 * granted hours of home care day/evening per month (null: no cap). The latest row in force on a day holds.
 */
export const providerCapacitySettings = pgTable(
  'provider_capacity_settings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    areaCodes: text('area_codes').array().notNull(),
    capHoursPerMonth: integer('cap_hours_per_month'),
    setBy: text('set_by').notNull(),
    setByOrganisationId: uuid('set_by_organisation_id').notNull(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    setAt: timestamp('set_at', ms).notNull().defaultNow(),
  },
  (t) => [
    index('provider_capacity_settings_org_idx').on(t.organisationId, t.validFrom, t.seq),
    check('provider_capacity_settings_cap', sql`${t.capHoursPerMonth} is null or ${t.capHoursPerMonth} >= 0`),
  ],
);

/**
 * Kö: an individual waiting to choose a provider that is not selectable. Ordered by `registeredOn` (the day the case
 * worker's message arrived, or the day the individual made contact), ties by `seq` (the order of registration).
 */
export const waitingListEntries = pgTable(
  'waiting_list_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    individualId: uuid('individual_id')
      .notNull()
      .references(() => individuals.id),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    /** case_worker: the district registered it with the individual's consent; individual_contact: the individual contacted the provider. */
    via: text('via', { enum: ['case_worker', 'individual_contact'] }).notNull(),
    consentId: uuid('consent_id').references(() => consents.id),
    status: text('status', { enum: ['waiting', 'offered', 'assigned', 'declined', 'withdrawn', 'assigned-elsewhere'] }).notNull().default('waiting'),
    closedReason: text('closed_reason'),
    assignmentId: uuid('assignment_id').references(() => serviceAssignments.id),
    registeredBy: text('registered_by').notNull(),
    registeredByOrganisationId: uuid('registered_by_organisation_id').notNull(),
    createdAt: timestamp('created_at', ms).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', ms).notNull().defaultNow(),
  },
  (t) => [
    index('waiting_list_entries_queue_idx').on(t.organisationId, t.registeredOn, t.seq),
    index('waiting_list_entries_individual_idx').on(t.individualId),
    // One open entry per individual and provider.
    uniqueIndex('waiting_list_entries_open_unique').on(t.organisationId, t.individualId).where(sql`${t.status} in ('waiting', 'offered')`),
  ],
);

/** Every change of a waiting-list entry with who and when; append-only. */
export const waitingListEvents = pgTable(
  'waiting_list_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => waitingListEntries.id),
    event: text('event').notNull(),
    actorId: text('actor_id').notNull(),
    actorOrganisationId: uuid('actor_organisation_id').notNull(),
    reason: text('reason'),
    occurredAt: timestamp('occurred_at', ms).notNull().defaultNow(),
  },
  (t) => [index('waiting_list_events_entry_idx').on(t.entryId, t.occurredAt)],
);

/**
 * The start of a new home-care assignment (1.8.8): when the provider received it, whether the need requires a start
 * within 24 hours, and when the provider first contacted the individual and made the first visit.
 */
export const assignmentStarts = pgTable('assignment_starts', {
  assignmentId: uuid('assignment_id')
    .primaryKey()
    .references(() => serviceAssignments.id),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id),
  receivedAt: timestamp('received_at', ms).notNull(),
  startWithin24Hours: boolean('start_within_24_hours').notNull(),
  firstContactAt: timestamp('first_contact_at', ms),
  firstContactBy: text('first_contact_by'),
  firstVisitAt: timestamp('first_visit_at', ms),
  firstVisitBy: text('first_visit_by'),
}, (t) => [index('assignment_starts_org_idx').on(t.organisationId, t.receivedAt)]);
