import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { individuals, organisations, units } from './directory.js';
import { areas } from './providers.js';
import { serviceAssignments } from './services.js';

// Ickevalsalternativ (LOV 9 kap. 2 §): who gets an individual who cannot or will not choose. The rules are policies
// with a start date (data, not code); providers' qualification and participation are append-only histories; every
// allocation and every provider skipped on the way is kept, so the city can show equal treatment (likabehandling).

const ms = { withTimezone: true, mode: 'date', precision: 3 } as const;

/**
 * The rule in force from `validFrom` (the latest row on or before a day holds). `municipal`: the city's own home
 * care is the default. `rotation` (turordning): qualified private providers take turns; `participation` says whether
 * a qualified provider opts in (voluntary) or is in by qualification (mandatory); an approval of qualification
 * lasts `qualificationMonths` (null: until revoked).
 */
export const defaultProviderPolicies = pgTable(
  'default_provider_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    validFrom: date('valid_from', { mode: 'string' }).notNull().unique(),
    model: text('model', { enum: ['municipal', 'rotation'] }).notNull(),
    participation: text('participation', { enum: ['voluntary', 'mandatory'] }),
    criteria: text('criteria').array().notNull().default(sql`'{}'::text[]`),
    qualificationMonths: integer('qualification_months'),
    description: text('description').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', ms).notNull().defaultNow(),
  },
  (t) => [
    check('default_provider_policies_shape', sql`(${t.model} = 'municipal' and ${t.participation} is null) or (${t.model} = 'rotation' and ${t.participation} is not null)`),
    check('default_provider_policies_months', sql`${t.qualificationMonths} is null or ${t.qualificationMonths} between 1 and 120`),
  ],
);

/** The contract unit approves a provider as qualified (a full alternative), or revokes it, from a day on. */
export const defaultProviderQualifications = pgTable(
  'default_provider_qualifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    event: text('event', { enum: ['approved', 'revoked'] }).notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    criteriaMet: text('criteria_met').array().notNull().default(sql`'{}'::text[]`),
    reason: text('reason'),
    recordedBy: text('recorded_by').notNull(),
    recordedByOrganisationId: uuid('recorded_by_organisation_id').notNull(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    recordedAt: timestamp('recorded_at', ms).notNull().defaultNow(),
  },
  (t) => [
    index('default_provider_qualifications_org_idx').on(t.organisationId, t.effectiveOn, t.seq),
    check('default_provider_qualifications_reason', sql`${t.event} = 'approved' or ${t.reason} is not null`),
  ],
);

/** A provider's manager opts in or out of the rotation in an area, from a day on, naming the unit that takes it. */
export const defaultProviderParticipations = pgTable(
  'default_provider_participations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    participates: text('participates', { enum: ['in', 'out'] }).notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    setBy: text('set_by').notNull(),
    setByOrganisationId: uuid('set_by_organisation_id').notNull(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    setAt: timestamp('set_at', ms).notNull().defaultNow(),
  },
  (t) => [index('default_provider_participations_area_idx').on(t.areaCode, t.organisationId, t.validFrom, t.seq)],
);

/**
 * One allocation: the individual, the area, the policy in force, the provider that got the turn (or the municipal
 * provider, and why), the home-care assignment created, who asked and when. `seq` orders the turns.
 */
export const defaultProviderAllocations = pgTable(
  'default_provider_allocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    individualId: uuid('individual_id')
      .notNull()
      .references(() => individuals.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organisations.id),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => defaultProviderPolicies.id),
    /** rotation: a provider in turn; municipal-policy: the policy names the city; municipal-fallback: no one in turn could take it. */
    outcome: text('outcome', { enum: ['rotation', 'municipal-policy', 'municipal-fallback'] }).notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => serviceAssignments.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedByOrganisationId: uuid('requested_by_organisation_id').notNull(),
    allocatedAt: timestamp('allocated_at', ms).notNull().defaultNow(),
  },
  (t) => [
    index('default_provider_allocations_area_idx').on(t.areaCode, t.organisationId, t.seq),
    index('default_provider_allocations_time_idx').on(t.allocatedAt, t.id),
    index('default_provider_allocations_individual_idx').on(t.individualId),
  ],
);

/** A provider passed over in an allocation although it stood ahead in turn, with the reason. */
export const defaultProviderSkips = pgTable(
  'default_provider_skips',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    allocationId: uuid('allocation_id')
      .notNull()
      .references(() => defaultProviderAllocations.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    position: integer('position').notNull(),
    reason: text('reason', { enum: ['capacity-reached', 'wrong-area', 'no-unit'] }).notNull(),
    detail: text('detail').notNull(),
  },
  (t) => [index('default_provider_skips_allocation_idx').on(t.allocationId, t.position)],
);
