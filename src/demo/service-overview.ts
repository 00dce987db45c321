import type { Db } from '../db/client.js';
import { consents, serviceAssignments } from '../db/schema/index.js';
import { demo } from './city.js';

/**
 * Astrid has home care from Omsorg Väst, the city's night unit and a safety alarm, and has consented to
 * information transfer. Bertil has home care from the municipal provider and camera supervision, and no consent:
 * the demo of a refused message.
 */
export const demoAssignments = [
  { id: '40000000-0000-4000-8000-000000000001', individualId: demo.individual.astrid, serviceType: 'home_care_day_evening', unitId: demo.unit.privateCentrum, organisationId: demo.org.privateProvider, startDate: '2019-01-01', grantedMinutesPerMonth: 1800, needsTwoStaff: false },
  { id: '40000000-0000-4000-8000-000000000002', individualId: demo.individual.astrid, serviceType: 'home_care_night', unitId: demo.unit.nightCentrum, organisationId: demo.org.nightUnit, startDate: '2019-01-01', grantedMinutesPerMonth: 300, needsTwoStaff: false },
  { id: '40000000-0000-4000-8000-000000000003', individualId: demo.individual.astrid, serviceType: 'safety_alarm', unitId: demo.unit.alarm, organisationId: demo.org.alarmUnit, startDate: '2019-01-01', grantedMinutesPerMonth: null, needsTwoStaff: false },
  { id: '40000000-0000-4000-8000-000000000004', individualId: demo.individual.bertil, serviceType: 'home_care_day_evening', unitId: demo.unit.municipalCentrum, organisationId: demo.org.municipalProvider, startDate: '2019-01-01', grantedMinutesPerMonth: 2400, needsTwoStaff: true },
  { id: '40000000-0000-4000-8000-000000000005', individualId: demo.individual.bertil, serviceType: 'camera_supervision', unitId: demo.unit.camera, organisationId: demo.org.cameraUnit, startDate: '2019-01-01', grantedMinutesPerMonth: null, needsTwoStaff: false },
] as const;

export const demoConsents = [
  { id: '50000000-0000-4000-8000-000000000001', individualId: demo.individual.astrid, givenOn: '2019-01-01', method: 'written' as const, recordedBy: 'caseworker-cecilia', recordedByOrganisationId: demo.org.district, limitedToOrganisationIds: null, note: 'Samtycke vid hembesök' },
];

export async function loadDemoServiceOverview(db: Db): Promise<void> {
  await db
    .insert(serviceAssignments)
    .values(demoAssignments.map((a) => ({ ...a, createdBy: 'caseworker-cecilia' })))
    .onConflictDoNothing();
  await db.insert(consents).values(demoConsents).onConflictDoNothing();
}
