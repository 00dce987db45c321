// `npm run demo [-- --url http://127.0.0.1:3000]`: loads a small demo city and prints a token for each demo staff
// member. Safe to run twice.
// It asks the running service to load it (at --url, or at HOST/PORT as `npm start` reads them). With no service
// there it loads straight into DATABASE_URL, or into the embedded database in DATA_DIR, but never into a data folder
// another process holds: then it loads through that holder's URL when the holder recorded one, or refuses (exit 1).
import { parseArgs } from 'node:util';
import { mintDevToken } from '../src/auth/dev-token.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, type Database } from '../src/db/client.js';
import { DataDirLockedError } from '../src/db/data-dir-lock.js';
import { runMigrations } from '../src/db/migrate.js';
import { demoApiClients, demoIndividuals, demoOrganisations, demoStaff } from '../src/demo/city.js';
import { loadDemoCity } from '../src/demo/load.js';
import { bootstrapCity } from '../src/directory/bootstrap.js';

const { values } = parseArgs({ options: { url: { type: 'string' } } });
const config = loadConfig();
const configuredBase = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
const explicitUrl = values.url?.replace(/\/+$/, '');
if (explicitUrl !== undefined && !URL.canParse(explicitUrl)) refuse(`--url ${explicitUrl} is not a URL (e.g. --url http://127.0.0.1:3000).`);

function refuse(message: string): never {
  console.error(message);
  process.exit(1);
}

/** 'loaded', or 'absent' when nothing listens at `base`; throws when a service answers but refuses. */
async function viaService(base: string): Promise<'loaded' | 'absent'> {
  const admin = config.city.adminSubs[0];
  // Without the development secret this script cannot speak to the service: it can only load directly.
  if (config.auth.mode !== 'dev-secret' || !admin) return 'absent';
  // One of the admins the service created at start (BOOTSTRAP_ADMIN_SUBS): tokens are bound to the directory.
  const token = await mintDevToken(config.auth, { sub: admin, org: config.city.organisationId, roles: ['admin'] }, '5m');
  let res: Response;
  try {
    res = await fetch(`${base}/v1/demo-city`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH') return 'absent';
    throw err;
  }
  if (!res.ok) {
    refuse(`The service at ${base} answered ${res.status}: ${await res.text()}\n(Does it run with the same AUTH_DEV_SECRET and BOOTSTRAP_ADMIN_SUBS as this shell?)`);
  }
  console.log(`Loaded through the running service at ${base}.`);
  return 'loaded';
}

/** Loads into the database directly, or names the process that holds the embedded folder. */
async function directly(): Promise<'loaded' | DataDirLockedError> {
  let database: Database;
  try {
    database = await connectDatabase(config.database);
  } catch (err) {
    if (err instanceof DataDirLockedError) return err;
    throw err;
  }
  try {
    await runMigrations(database);
    await bootstrapCity(database.db, config.city);
    await loadDemoCity(database.db);
  } finally {
    await database.close();
  }
  console.log(`Loaded into ${database.kind === 'postgres' ? 'DATABASE_URL' : `the embedded database in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}`}; start the service with \`npm start\`.`);
  return 'loaded';
}

let base = explicitUrl ?? configuredBase;
if ((await viaService(base)) === 'absent') {
  if (explicitUrl) refuse(`No service answers at ${explicitUrl}. Start it with \`npm start\`, or leave out --url to load into the database directly.`);
  const outcome = await directly();
  if (outcome instanceof DataDirLockedError) {
    const holderUrl = outcome.holder?.url;
    if (!holderUrl || holderUrl === base || (await viaService(holderUrl)) === 'absent') {
      refuse(
        `${outcome.message}\nNothing was loaded. No service answers at ${base}` +
          (holderUrl && holderUrl !== base ? ` nor at ${holderUrl}` : '') +
          '. Run `npm run demo` with the same HOST and PORT as `npm start`, or pass `-- --url http://HOST:PORT`.',
      );
    }
    base = holderUrl;
  }
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
