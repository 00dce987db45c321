import { Writable } from 'node:stream';
import type { Test } from 'tap';
import { buildApp, type App } from '../../src/app.js';
import { mintDevToken } from '../../src/auth/dev-token.js';
import type { Role } from '../../src/auth/roles.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { loadDemoCity } from '../../src/demo/load.js';
import { demoApiClients, demoStaff } from '../../src/demo/city.js';
import { bootstrapCity } from '../../src/directory/bootstrap.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase } from './database.js';

export const testConfig = (overrides: Record<string, string> = {}) =>
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    AUTH_DEV_SECRET: 'test-secret-0123456789-0123456789-abcdef',
    // A test file makes thousands of requests as one caller, and the machine may be busy: limits and the
    // event-loop threshold are off here and tested on their own (test/foundation/limits.test.ts).
    RATE_LIMIT_PER_CALLER_PER_MINUTE: '0',
    RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '0',
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...overrides,
  });

export interface TestApp {
  app: App;
  database: Database;
  db: Database['db'];
  config: ReturnType<typeof testConfig>;
  /** Every log line the app wrote, for assertions that nothing sensitive is logged. */
  logs: string[];
  token(claims: { sub: string; org: string; roles: Role[] }, expiresIn?: string | number): Promise<string>;
  /** A token for a demo staff member, with the roles and organisation the demo city gives them. */
  tokenFor(staffId: string): Promise<string>;
}

/**
 * The real app (the same buildApp as src/server.ts) on this test file's own migrated database, optionally with the
 * demo city loaded. Closed and dropped when the test ends.
 */
export async function createTestApp(t: Test, opts: { demo?: boolean; config?: Record<string, string> } = { demo: true }): Promise<TestApp> {
  const { database, backend, drop } = await createTestDatabase();
  t.comment(`database: ${backend}`);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = testConfig(opts.config);
  const app = await buildApp({ config, database, logger: createLogger('info', sink) });
  await app.ready();
  // What the server does at start: the city's contract unit and its first admin exist before anything else.
  await bootstrapCity(database.db, config.city);
  if (opts.demo !== false) await loadDemoCity(database.db);
  t.teardown(async () => {
    await app.close();
    await drop();
  });
  const token = (claims: { sub: string; org: string; roles: Role[] }, expiresIn?: string | number) =>
    mintDevToken(config.auth, claims, expiresIn);
  return {
    app,
    database,
    db: database.db,
    config,
    logs,
    token,
    async tokenFor(staffId: string) {
      const s = [...demoStaff, ...demoApiClients].find((d) => d.id === staffId);
      if (!s) throw new Error(`no demo staff ${staffId}`);
      return token({ sub: s.id, org: s.organisationId, roles: s.roles });
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
