import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { organisations, staff } from '../db/schema/index.js';

/** Göteborgs kommun's organisation number: the city's own organisations share it. */
const CITY_ORGANISATION_NUMBER = '212000-1355';

/**
 * At start: the city's contract unit (CITY_ORGANISATION_ID) and the admins in BOOTSTRAP_ADMIN_SUBS, each created only
 * when missing (an existing row is never changed), so the first admin can call the API and register everyone else.
 */
export async function bootstrapCity(db: Db, city: Config['city']): Promise<void> {
  await db
    .insert(organisations)
    .values({ id: city.organisationId, name: city.organisationName, kind: 'contract_unit', organisationNumber: CITY_ORGANISATION_NUMBER })
    .onConflictDoNothing();
  if (city.adminSubs.length === 0) return;
  await db
    .insert(staff)
    .values(city.adminSubs.map((id) => ({ id, name: `Administratör (${id})`, organisationId: city.organisationId, roles: ['admin'] })))
    .onConflictDoNothing();
}
