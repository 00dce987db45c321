import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { timeReports } from '../db/schema/index.js';
import { iso } from '../http/sql-helpers.js';
import type { timeReportVersionSchema } from './schemas.js';

type Row = typeof timeReports.$inferSelect;

/** Every version of one visit of one reporting system, oldest first. */
export async function visitVersions(db: Db, reportingSystem: string, externalId: string): Promise<Row[]> {
  return db
    .select()
    .from(timeReports)
    .where(and(eq(timeReports.reportingSystem, reportingSystem), eq(timeReports.externalId, externalId)))
    .orderBy(asc(timeReports.version));
}

export const toVersionDto = (r: Row): z.infer<typeof timeReportVersionSchema> => ({
  id: r.id,
  externalId: r.externalId,
  version: r.version,
  current: r.supersededAt === null,
  individualId: r.individualId,
  unitId: r.unitId,
  organisationId: r.organisationId,
  staffId: r.staffId,
  serviceType: r.serviceType,
  status: r.status,
  checkIn: iso(r.checkIn),
  checkOut: iso(r.checkOut),
  plannedStart: r.plannedStart ? iso(r.plannedStart) : null,
  plannedEnd: r.plannedEnd ? iso(r.plannedEnd) : null,
  receivedAt: iso(r.receivedAt),
  supersededAt: r.supersededAt ? iso(r.supersededAt) : null,
});
