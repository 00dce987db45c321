import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const organisationKind = pgEnum('organisation_kind', [
  'private_provider',
  'municipal_provider',
  'city_unit',
  'district',
  'contract_unit',
]);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: organisationKind('kind').notNull(),
    // Several city organisations (districts, the night unit) share the city's number: not unique.
    organisationNumber: text('organisation_number').notNull(),
    ...timestamps,
  },
  (t) => [index('organisations_name_idx').on(t.name, t.id)],
);

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    areas: text('areas').array().notNull().default(sql`'{}'::text[]`),
    // The unit's code in other systems (its HSA id, or the time-reporting system's own code): time reports may name
    // the unit by it. Unique, so that a code names one unit.
    externalCode: text('external_code').unique('units_external_code_unique'),
    ...timestamps,
  },
  (t) => [index('units_org_name_idx').on(t.organisationId, t.name, t.id), index('units_name_idx').on(t.name, t.id)],
);

export const staff = pgTable(
  'staff',
  {
    // The identity provider's subject id, so a token's `sub` finds the row.
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    unitId: uuid('unit_id').references(() => units.id),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    managerId: text('manager_id'),
    // The last day in the organisation: delegations to or from the person lapse after it.
    leftOn: date('left_on', { mode: 'string' }),
    ...timestamps,
  },
  (t) => [
    foreignKey({ columns: [t.managerId], foreignColumns: [t.id], name: 'staff_manager_fk' }),
    index('staff_org_name_idx').on(t.organisationId, t.name, t.id),
    index('staff_unit_idx').on(t.unitId),
    index('staff_manager_idx').on(t.managerId),
  ],
);

export const individuals = pgTable(
  'individuals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Normalised to 12 digits (YYYYMMDDNNNC); never logged, masked in lists.
    personalIdentityNumber: text('personal_identity_number').notNull().unique('individuals_pin_unique'),
    name: text('name').notNull(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => organisations.id),
    ...timestamps,
  },
  (t) => [
    index('individuals_district_name_idx').on(t.districtId, t.name, t.id),
    index('individuals_name_idx').on(t.name, t.id),
    check('individuals_pin_format', sql`${t.personalIdentityNumber} ~ '^[0-9]{12}$'`),
  ],
);
