// While the database cannot be reached: 503 database-unavailable with Retry-After (never 500), readiness red
// within seconds, and the process stays up.
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { connectPostgres, waitForDatabase } from '../../src/db/client.js';
import { isDatabaseUnavailable } from '../../src/db/availability.js';
import { createLogger } from '../../src/logger.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp, testConfig } from '../helpers/app.js';

// Port 1 on the loopback: nothing listens, every connection is refused at once.
const NOWHERE = 'postgres://postgres@127.0.0.1:1/none';

t.test('a database that refuses connections: 503 with Retry-After, readiness red', async (t) => {
  const database = connectPostgres(NOWHERE, 2, { connectMs: 1_000, statementMs: 2_000, idleInTransactionMs: 2_000 });
  const config = testConfig();
  const app = await buildApp({ config, database, logger: createLogger('silent') });
  t.teardown(async () => {
    await app.close();
    await database.close();
  });
  const { mintDevToken } = await import('../../src/auth/dev-token.js');
  const token = await mintDevToken(config.auth, { sub: 'manager-maria', org: demo.org.privateProvider, roles: ['manager'] });
  const res = await app.inject({ url: '/v1/organisations', headers: bearer(token) });
  t.equal(res.statusCode, 503);
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal(res.json().type, '/problems/database-unavailable');
  t.equal(res.headers['retry-after'], '5');
  t.notMatch(res.body, /ECONNREFUSED|127\.0\.0\.1/, 'no internals');
  const started = Date.now();
  const ready = await app.inject({ url: '/health/ready' });
  t.equal(ready.statusCode, 503);
  t.equal(ready.json().type, '/problems/database-unavailable');
  t.ok(Date.now() - started < 3_000, 'readiness answers within its own time limit');
  t.equal((await app.inject({ url: '/health/live' })).statusCode, 200, 'liveness: the process is fine');
});

t.test('a frozen database (accepts, never answers): readiness red within its limit', async (t) => {
  const { createServer } = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const server = createServer((s) => sockets.push(s)); // accepts and says nothing, like a stopped (SIGSTOP) server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const port = (server.address() as import('node:net').AddressInfo).port;
  const database = connectPostgres(`postgres://postgres@127.0.0.1:${port}/frozen`, 2, { connectMs: 10_000, statementMs: 10_000, idleInTransactionMs: 10_000 });
  const app = await buildApp({ config: testConfig(), database, logger: createLogger('silent') });
  t.teardown(async () => {
    await app.close();
    await database.close().catch(() => {});
  });
  const started = Date.now();
  const ready = await app.inject({ url: '/health/ready' });
  t.equal(ready.statusCode, 503);
  t.ok(Date.now() - started < 3_000, `answered in ${Date.now() - started} ms, not after the 10 s pool timeout`);
});

t.test('waiting for the database at start: retries, then gives up with the last error', async (t) => {
  const database = connectPostgres(NOWHERE, 1, { connectMs: 500, statementMs: 1_000, idleInTransactionMs: 1_000 });
  t.teardown(() => database.close());
  const said: string[] = [];
  const started = Date.now();
  const err = await waitForDatabase(database, 1_800, (line) => said.push(line)).then(() => undefined, (e: unknown) => e);
  t.ok(isDatabaseUnavailable(err), 'the last error is a connection error');
  t.ok(said.length >= 2, `retried ${said.length} times`);
  t.match(said[0], /does not answer yet \(ECONNREFUSED\); trying again in 0\.5 s/);
  t.ok(Date.now() - started < 4_000, 'within the time given');
});

t.test('a real database: waitForDatabase returns at once', async (t) => {
  const { database } = await createTestApp(t, { demo: false });
  const said: string[] = [];
  await waitForDatabase(database, 5_000, (line) => said.push(line));
  t.same(said, []);
});

t.test('which errors mean "the database is away"', async (t) => {
  const cases: [string, unknown, boolean][] = [
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['admin shutdown (a restart)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), true],
    ['wrapped by drizzle', new Error('Failed query: select 1', { cause: new Error('Connection terminated unexpectedly') }), true],
    ['pool timeout', new Error('timeout exceeded when trying to connect'), true],
    ['statement timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }), true],
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' }), false],
    ['a bug', new TypeError('x is undefined'), false],
  ];
  for (const [name, err, away] of cases) t.equal(isDatabaseUnavailable(err), away, name);
});
