import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Idempotency-Key records (draft-ietf-httpapi-idempotency-key-header): one row per caller and key, in the database
 * so that every instance behind a load balancer sees it. `status` is null while the first request is in flight;
 * the stored answer is replayed to a retry with the same key and the same request. Kept 24 hours.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    // The bound caller: the token's `sub` and its organisation.
    callerSub: text('caller_sub').notNull(),
    callerOrg: uuid('caller_org').notNull(),
    key: text('key').notNull(),
    // sha-256 of method, path and the canonical JSON body: the same key with another request is refused.
    fingerprint: text('fingerprint').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: integer('status'),
    headers: jsonb('headers').$type<Record<string, string>>(),
    body: text('body'),
  },
  (t) => [primaryKey({ columns: [t.callerOrg, t.callerSub, t.key] }), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);
