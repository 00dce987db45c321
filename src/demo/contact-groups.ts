import type { Db } from '../db/client.js';
import { contactGroupMembers, contactGroups } from '../db/schema/index.js';
import { demo } from './city.js';

/** A contact group (sändlista) per serving organisation of the demo city, with members. */
export const demoContactGroups = [
  { id: '60000000-0000-4000-8000-000000000001', organisationId: demo.org.privateProvider, name: 'Omsorg Väst Centrum – sändlista', unitIds: [demo.unit.privateCentrum], serviceTypes: ['home_care_day_evening', 'relief', 'escort'] as const, members: ['care-karin', 'manager-maria'] },
  { id: '60000000-0000-4000-8000-000000000002', organisationId: demo.org.nightUnit, name: 'Hemtjänst natt Centrum – sändlista', unitIds: [demo.unit.nightCentrum], serviceTypes: ['home_care_night'] as const, members: ['night-nils'] },
  { id: '60000000-0000-4000-8000-000000000003', organisationId: demo.org.alarmUnit, name: 'Larmenheten', unitIds: [demo.unit.alarm], serviceTypes: ['safety_alarm'] as const, members: ['alarm-alva'] },
  { id: '60000000-0000-4000-8000-000000000004', organisationId: demo.org.cameraUnit, name: 'Trygghetsjouren', unitIds: [demo.unit.camera], serviceTypes: ['camera_supervision'] as const, members: ['camera-cornelia'] },
  { id: '60000000-0000-4000-8000-000000000005', organisationId: demo.org.municipalProvider, name: 'Hemtjänst Centrum egen regi', unitIds: [demo.unit.municipalCentrum], serviceTypes: ['home_care_day_evening'] as const, members: ['municipal-mats'] },
  { id: '60000000-0000-4000-8000-000000000006', organisationId: demo.org.otherProvider, name: 'Trygg Omsorg Hisingen', unitIds: [demo.unit.otherProvider], serviceTypes: ['home_care_day_evening'] as const, members: ['other-olle'] },
  { id: '60000000-0000-4000-8000-000000000007', organisationId: demo.org.district, name: 'Biståndshandläggare Centrum', unitIds: [], serviceTypes: [] as const, members: ['caseworker-cecilia'] },
];

export const demoGroup = {
  privateProvider: demoContactGroups[0]!.id,
  night: demoContactGroups[1]!.id,
  alarm: demoContactGroups[2]!.id,
  camera: demoContactGroups[3]!.id,
  municipal: demoContactGroups[4]!.id,
  otherProvider: demoContactGroups[5]!.id,
  district: demoContactGroups[6]!.id,
};

export async function loadDemoContactGroups(db: Db): Promise<void> {
  await db
    .insert(contactGroups)
    .values(demoContactGroups.map(({ members: _m, serviceTypes, ...g }) => ({ ...g, serviceTypes: [...serviceTypes], createdBy: 'demo' })))
    .onConflictDoNothing();
  await db
    .insert(contactGroupMembers)
    .values(demoContactGroups.flatMap((g) => g.members.map((staffId) => ({ contactGroupId: g.id, staffId }))))
    .onConflictDoNothing();
}
