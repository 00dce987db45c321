import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { mintDevToken } from './auth/dev-token.js';
import { createVerifier } from './auth/verify.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase, waitForDatabase } from './db/client.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { runMigrations } from './db/migrate.js';
import { bootstrapCity } from './directory/bootstrap.js';
import { createLogger } from './logger.js';
import { createMetricsServer } from './http/metrics.js';

/** A bad setting stops the start with a message that names the variable, not a stack trace. */
function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

let config;
try {
  config = loadConfig();
  // AUTH_PUBLIC_KEY is parsed by the verifier: build one now, so a bad key stops the start before the database
  // is touched (buildApp builds its own).
  createVerifier(config.auth);
} catch (err) {
  exitOnConfigError(err);
}

const logger = createLogger(config.logLevel);
let database;
try {
  database = await connectDatabase(config.database);
} catch (err) {
  // Another process holds the embedded data folder: say who, and stop (exit code 1) without a stack trace.
  if (!(err instanceof DataDirLockedError)) throw err;
  console.error(err.message);
  process.exit(1);
}
try {
  await waitForDatabase(database, config.databaseStartupWaitMs, (line) => logger.warn(line));
} catch (err) {
  // Plainly, without a stack trace: the operator's next step is to look at the database.
  console.error(`The database could not be reached within ${config.databaseStartupWaitMs / 1000} s (${(err as { code?: string }).code ?? (err as Error).message}). Check DATABASE_URL and that Postgres is running.`);
  await database.close().catch(() => {});
  process.exit(1);
}
await runMigrations(database);
await bootstrapCity(database.db, config.city);
const app = await buildApp({ config, database, logger });
const metricsServer = config.metrics && app.metricsRegistry ? createMetricsServer(app.metricsRegistry) : undefined;

closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'closing after an error');
  else logger.info({ signal }, 'closing: letting in-flight requests finish');
  await metricsServer?.close();
  await app.close();
  await database.close();
});

await app.listen({ host: config.host, port: config.port });
if (metricsServer && config.metrics) await metricsServer.listen({ host: config.metrics.host, port: config.metrics.port });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
// A second process that finds the folder held names this URL (npm run demo loads through it).
database.dataDirLock?.announce(base);
const where = database.kind === 'pglite' && config.database.kind === 'pglite' ? `embedded Postgres (PGlite) in ${config.database.dataDir}` : 'Postgres at DATABASE_URL';

const lines = [
  '',
  `hemtjanst-api is listening on ${base} (${where})`,
  `  API docs:      ${base}/docs`,
  `  OpenAPI JSON:  ${base}/openapi.json`,
  `  Health:        ${base}/health/ready`,
  ...(config.metrics ? [`  Metrics:       http://${config.metrics.host.includes(':') ? `[${config.metrics.host}]` : config.metrics.host}:${config.metrics.port}/metrics (Prometheus)`] : []),
];
const bootstrapAdmin = config.city.adminSubs[0];
if (config.auth.mode === 'dev-secret' && config.auth.usingDefaultDevSecret && bootstrapAdmin) {
  // One of the admins created at start (BOOTSTRAP_ADMIN_SUBS) in the city's contract unit: the token is bound like any other.
  const token = await mintDevToken(config.auth, { sub: bootstrapAdmin, org: config.city.organisationId, roles: ['admin'] });
  lines.push(
    '',
    '  Development secret in use. An admin token for trying the API (valid 8 hours):',
    `  ${token}`,
    '  Load the demo city with `npm run demo` for tokens of every role.',
  );
}
console.log(lines.join('\n') + '\n');
