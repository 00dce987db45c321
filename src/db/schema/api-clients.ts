import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, staff } from './directory.js';

/**
 * Systems that call the API with a token of their own (the time-reporting system, reporting scripts). A token whose
 * `sub` is a client id is honoured only for the client's organisation and only for the roles registered here.
 */
export const apiClients = pgTable(
  'api_clients',
  {
    // The identity provider's client id: the `sub` of the system's tokens.
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    roles: text('roles').array().notNull(),
    registeredBy: text('registered_by')
      .notNull()
      .references(() => staff.id),
    registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedBy: text('revoked_by').references(() => staff.id),
  },
  (t) => [
    index('api_clients_org_idx').on(t.organisationId, t.id),
    check('api_clients_roles_not_empty', sql`cardinality(${t.roles}) > 0`),
  ],
);
