import type { Db } from '../db/client.js';
import { loadDemoDirectory } from './city.js';
import { loadDemoServiceOverview } from './service-overview.js';
import { loadDemoContactGroups } from './contact-groups.js';
import { loadDemoDelegations } from './delegations.js';
import { loadDemoTimeReports } from './time-reports.js';
import { loadDemoProviders } from './providers.js';

/** Every feature's demo data, in dependency order. Features append their loader here. */
const loaders: ((db: Db) => Promise<void>)[] = [loadDemoDirectory, loadDemoServiceOverview, loadDemoContactGroups, loadDemoDelegations, loadDemoTimeReports, loadDemoProviders];

export async function loadDemoCity(db: Db): Promise<void> {
  for (const load of loaders) await load(db);
}
