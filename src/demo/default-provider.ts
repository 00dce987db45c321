import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { defaultProviderParticipations, defaultProviderQualifications } from '../db/schema/index.js';
import { demo } from './city.js';

/**
 * The turordning of the demo city (the policies themselves are seeded by the migration): the contract unit has
 * judged both private providers a full alternative on the day the demo is loaded (an approval lasts 12 months), and
 * both take their turn in Centrum.
 */
export async function loadDemoDefaultProvider(db: Db): Promise<void> {
  const today = localDate();
  await db
    .insert(defaultProviderQualifications)
    .values(
      [demo.org.privateProvider, demo.org.otherProvider].map((organisationId, i) => ({
        id: `62000000-0000-4000-8000-00000000000${i + 1}`,
        organisationId,
        event: 'approved' as const,
        effectiveOn: today,
        criteriaMet: ['Bedömd som fullgott alternativ av avtalsenheten (EKU)'],
        recordedBy: 'admin-anna',
        recordedByOrganisationId: demo.org.contractUnit,
      })),
    )
    .onConflictDoNothing();
  await db
    .insert(defaultProviderParticipations)
    .values([
      { id: '63000000-0000-4000-8000-000000000001', organisationId: demo.org.privateProvider, areaCode: 'CENTRUM', participates: 'in', unitId: demo.unit.privateCentrum, validFrom: today, setBy: 'manager-maria', setByOrganisationId: demo.org.privateProvider },
      { id: '63000000-0000-4000-8000-000000000002', organisationId: demo.org.otherProvider, areaCode: 'CENTRUM', participates: 'in', unitId: demo.unit.otherProvider, validFrom: today, setBy: 'other-olle', setByOrganisationId: demo.org.otherProvider },
    ])
    .onConflictDoNothing();
}
