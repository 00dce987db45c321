import type { Db } from '../db/client.js';
import { areas, individualAreas, providerCapacitySettings } from '../db/schema/index.js';
import { demo } from './city.js';

/** A few of the city's 35 geographic areas, in the demo's two districts. */
export const demoAreas = [
  { code: 'CENTRUM', name: 'Centrum', districtId: demo.org.district },
  { code: 'MAJORNA-LINNE', name: 'Majorna-Linné', districtId: demo.org.district },
  { code: 'NORRA-HISINGEN', name: 'Norra Hisingen', districtId: demo.org.otherDistrict },
  { code: 'LUNDBY', name: 'Lundby', districtId: demo.org.otherDistrict },
];

/**
 * Astrid and Bertil live in Centrum. Omsorg Väst is selectable in Centrum and Majorna-Linné up to 100 granted hours
 * a month (it carries Astrid's 30); Trygg Omsorg in Norra Hisingen and Centrum without a cap.
 */
export async function loadDemoProviders(db: Db): Promise<void> {
  await db.insert(areas).values(demoAreas).onConflictDoNothing();
  await db
    .insert(individualAreas)
    .values([
      { id: '60000000-0000-4000-8000-000000000001', individualId: demo.individual.astrid, areaCode: 'CENTRUM', validFrom: '2019-01-01', setBy: 'caseworker-cecilia', setByOrganisationId: demo.org.district },
      { id: '60000000-0000-4000-8000-000000000002', individualId: demo.individual.bertil, areaCode: 'CENTRUM', validFrom: '2019-01-01', setBy: 'caseworker-cecilia', setByOrganisationId: demo.org.district },
    ])
    .onConflictDoNothing();
  await db
    .insert(providerCapacitySettings)
    .values([
      { id: '61000000-0000-4000-8000-000000000001', organisationId: demo.org.privateProvider, validFrom: '2019-01-01', areaCodes: ['CENTRUM', 'MAJORNA-LINNE'], capHoursPerMonth: 100, setBy: 'manager-maria', setByOrganisationId: demo.org.privateProvider },
      { id: '61000000-0000-4000-8000-000000000002', organisationId: demo.org.otherProvider, validFrom: '2019-01-01', areaCodes: ['NORRA-HISINGEN', 'CENTRUM'], capHoursPerMonth: null, setBy: 'other-olle', setByOrganisationId: demo.org.otherProvider },
    ])
    .onConflictDoNothing();
}
