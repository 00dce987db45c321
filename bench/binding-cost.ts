// `npm run bench:binding`: what binding every token to the directory costs. The same cheap read
// (`GET /v1/organisations?limit=1`) under autocannon, with the binding cache on (AUTH_CALLER_CACHE_SECONDS=15, the
// default) and off (0: one directory lookup per request), on one embedded database, in one run.
import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import { mintDevToken } from '../src/auth/dev-token.js';
import { loadConfig } from '../src/config.js';
import { connectPglite } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { loadDemoCity } from '../src/demo/load.js';
import { demo } from '../src/demo/city.js';
import { bootstrapCity } from '../src/directory/bootstrap.js';
import { createLogger } from '../src/logger.js';

const seconds = process.argv.includes('--quick') ? 3 : 10;
const database = await connectPglite();
await runMigrations(database);

async function measure(cacheSeconds: string) {
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    AUTH_CALLER_CACHE_SECONDS: cacheSeconds,
    RATE_LIMIT_PER_CALLER_PER_MINUTE: '0',
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
  });
  const app = await buildApp({ config, database, logger: createLogger('silent') });
  await bootstrapCity(database.db, config.city);
  await loadDemoCity(database.db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const token = await mintDevToken(config.auth, { sub: 'manager-maria', org: demo.org.privateProvider, roles: ['manager'] });
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/v1/organisations?limit=1`,
    connections: 20,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  await app.close();
  if (result.non2xx > 0) throw new Error(`${result.non2xx} answers were not 2xx`);
  return { requestsPerSecond: result.requests.average, p99Ms: result.latency.p99 };
}

const cached = await measure('15');
const uncached = await measure('0');
await database.close();
console.table({ 'cache on (15 s)': cached, 'cache off (a lookup per request)': uncached });
console.log(`Binding without the cache costs ${((1 - uncached.requestsPerSecond / cached.requestsPerSecond) * 100).toFixed(0)} % of the requests a second on this read.`);
