import type { Db } from '../db/client.js';
import { loadDemoDirectory } from './city.js';
import { loadDemoServiceOverview } from './service-overview.js';
import { loadDemoContactGroups } from './contact-groups.js';
import { loadDemoDelegations } from './delegations.js';
import { loadDemoTimeReports } from './time-reports.js';
import { loadDemoProviders } from './providers.js';
import { loadDemoDefaultProvider } from './default-provider.js';

/** Every feature's demo data, in dependency order. Features append their loader here. */
const loaders: ((db: Db) => Promise<void>)[] = [loadDemoDirectory, loadDemoServiceOverview, loadDemoContactGroups, loadDemoDelegations, loadDemoTimeReports, loadDemoProviders, loadDemoDefaultProvider];

export async function loadDemoCity(db: Db): Promise<void> {
  for (const load of loaders) await load(db);
}
