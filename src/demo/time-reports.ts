import { eq } from 'drizzle-orm';
import { ingestVisits, reporterOf } from '../compensation/ingest.js';
import type { Db } from '../db/client.js';
import { serviceAssignments } from '../db/schema/index.js';
import { demo, demoApiClients } from './city.js';

/** Astrid's home care at Omsorg Väst Centrum (the service overview's demo assignment). */
const ASTRID_HOME_CARE = '40000000-0000-4000-8000-000000000001';

/** Omsorg Väst's time-reporting system, a registered API client of the demo city. */
const OMSORG_VAST_SYSTEM = demoApiClients.find((c) => c.id === 'phoniro-omsorg-vast')!;

/**
 * A few visits to Astrid in March 2025 as Omsorg Väst's time-reporting system sends them: weekday day and evening,
 * one across 19:00, a Saturday, a declined and an added visit. Try
 * `GET /v1/compensation/statements?month=2025-03` as manager-maria. Re-loading is idempotent (unchanged).
 */
export async function loadDemoTimeReports(db: Db): Promise<void> {
  const [assignment] = await db.select({ id: serviceAssignments.id }).from(serviceAssignments).where(eq(serviceAssignments.id, ASTRID_HOME_CARE));
  if (!assignment) return;
  const visit = (externalId: string, staffId: string, checkIn: string, checkOut: string, status: 'performed' | 'declined' | 'added' = 'performed') => ({
    externalId,
    individualId: demo.individual.astrid,
    unitId: demo.unit.privateCentrum,
    staffId,
    serviceType: 'home_care_day_evening',
    checkIn,
    checkOut,
    status,
  });
  await ingestVisits(db, reporterOf({ sub: OMSORG_VAST_SYSTEM.id, org: OMSORG_VAST_SYSTEM.organisationId }), [
    visit('demo-astrid-1', 'care-karin', '2025-03-04T08:00:00+01:00', '2025-03-04T08:45:00+01:00'),
    visit('demo-astrid-2', 'care-kalle', '2025-03-04T18:40:00+01:00', '2025-03-04T19:20:00+01:00'),
    visit('demo-astrid-3', 'care-karin', '2025-03-05T20:00:00+01:00', '2025-03-05T20:30:00+01:00'),
    visit('demo-astrid-4', 'care-kalle', '2025-03-08T09:00:00+01:00', '2025-03-08T09:50:00+01:00'),
    visit('demo-astrid-5', 'care-karin', '2025-03-11T08:00:00+01:00', '2025-03-11T08:05:00+01:00', 'declined'),
    visit('demo-astrid-6', 'nurse-lena', '2025-03-12T14:00:00+01:00', '2025-03-12T14:30:00+01:00', 'added'),
  ]);
}
