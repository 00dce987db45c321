import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, staff } from './directory.js';

const ms = { withTimezone: true, mode: 'date', precision: 3 } as const;

/** Tasks that may be delegated, as data. Assessment, prescription and follow-up are never delegable. */
export const delegationTaskTypes = pgTable('delegation_task_types', {
  code: text('code').primaryKey(),
  nameSv: text('name_sv').notNull(),
  nameEn: text('name_en').notNull(),
  active: boolean('active').notNull().default(true),
});

/** Delegering: licensed staff let a named employee perform a health-care task, for a period or one occasion. */
export const delegations = pgTable(
  'delegations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    employeeId: text('employee_id')
      .notNull()
      .references(() => staff.id),
    // The licensed staff member who issued it: in the directory, and never the employee (no self-delegation).
    issuedBy: text('issued_by')
      .notNull()
      .references(() => staff.id),
    taskType: text('task_type')
      .notNull()
      .references(() => delegationTaskTypes.code),
    trainingCompletedOn: date('training_completed_on', { mode: 'string' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    singleOccasion: boolean('single_occasion').notNull().default(false),
    note: text('note'),
    renewedFromId: uuid('renewed_from_id'),
    createdAt: timestamp('created_at', ms).notNull().defaultNow(),
    signedAt: timestamp('signed_at', ms),
    declinedAt: timestamp('declined_at', ms),
    declineReason: text('decline_reason'),
    revokedAt: timestamp('revoked_at', ms),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    index('delegations_employee_idx').on(t.employeeId, t.taskType),
    index('delegations_org_valid_to_idx').on(t.organisationId, t.validTo, t.id),
    index('delegations_issuer_idx').on(t.issuedBy),
    check('delegations_period', sql`${t.validTo} >= ${t.validFrom}`),
    check('delegations_not_self', sql`${t.issuedBy} <> ${t.employeeId}`),
  ],
);

/** Every change with who and when. */
export const delegationEvents = pgTable(
  'delegation_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    delegationId: uuid('delegation_id')
      .notNull()
      .references(() => delegations.id),
    event: text('event').notNull(),
    actorId: text('actor_id').notNull(),
    actorOrganisationId: uuid('actor_organisation_id').notNull(),
    reason: text('reason'),
    occurredAt: timestamp('occurred_at', ms).notNull().defaultNow(),
  },
  (t) => [index('delegation_events_delegation_idx').on(t.delegationId, t.occurredAt)],
);
