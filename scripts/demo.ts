// `npm run demo`: loads a small demo city and prints a token for each demo staff member. Safe to run twice.
// When the service is running (HOST/PORT), it asks the service to load it (the embedded database can be opened by
// one process only); otherwise it loads it straight into DATABASE_URL or the embedded database in DATA_DIR.
import { mintDevToken } from '../src/auth/dev-token.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { demoApiClients, demoIndividuals, demoOrganisations, demoStaff } from '../src/demo/city.js';
import { loadDemoCity } from '../src/demo/load.js';
import { bootstrapCity } from '../src/directory/bootstrap.js';

const config = loadConfig();
const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;

async function viaRunningService(): Promise<boolean> {
  const admin = config.city.adminSubs[0];
  if (config.auth.mode !== 'dev-secret' || !admin) return false;
  // One of the admins the service created at start (BOOTSTRAP_ADMIN_SUBS): tokens are bound to the directory.
  const token = await mintDevToken(config.auth, { sub: admin, org: config.city.organisationId, roles: ['admin'] }, '5m');
  try {
    const res = await fetch(`${base}/v1/demo-city`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`the running service answered ${res.status}: ${await res.text()}`);
    console.log(`Loaded through the running service at ${base}.`);
    return true;
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return false;
    throw err;
  }
}

if (!(await viaRunningService())) {
  const database = await connectDatabase(config.database);
  try {
    await runMigrations(database);
    await bootstrapCity(database.db, config.city);
    await loadDemoCity(database.db);
  } finally {
    await database.close();
  }
  console.log(`Loaded into ${database.kind === 'postgres' ? 'DATABASE_URL' : 'the embedded database'}; start the service with \`npm start\`.`);
}
console.log(`Demo city: ${demoOrganisations.length} organisations, ${demoStaff.length} staff, ${demoIndividuals.length} individuals.\n`);
if (config.auth.mode !== 'dev-secret') {
  console.log('Tokens are not printed: the service verifies tokens from your identity provider (AUTH_JWKS_URL / AUTH_PUBLIC_KEY).');
} else {
  console.log(`Tokens (valid 8 hours): open ${base}/docs, press "Authorize" and paste one.`);
  for (const s of [...demoStaff, ...demoApiClients]) {
    const token = await mintDevToken(config.auth, { sub: s.id, org: s.organisationId, roles: s.roles });
    console.log(`\n# ${s.name} (${s.id}, ${demoOrganisations.find((o) => o.id === s.organisationId)?.name}) — ${s.roles.join(', ')}\n${token}`);
  }
}
