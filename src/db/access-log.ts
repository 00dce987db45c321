import { pgView, uuid } from 'drizzle-orm/pg-core';
import { accessLogColumns } from './schema/services.js';

// A view, not a table: it lives outside src/db/schema/ (drizzle-kit reads that folder, and the view is written by hand
// in migration 0012).

/**
 * The access log one entry per individual read, as the auditor sees it (a view, created by migration 0012): the entries
 * of their own, and each individual of an entry that read many. `entry_key` orders the entries of one event (the nil
 * uuid for an entry of its own), so that (occurred_at, id, entry_key) is unique for paging.
 */
export const accessLog = pgView('access_log', {
  ...accessLogColumns(),
  entryKey: uuid('entry_key').notNull(),
}).existing();
