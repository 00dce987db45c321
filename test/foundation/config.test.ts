import { spawnSync } from 'node:child_process';
import t from 'tap';
import { ConfigError, DEFAULT_DEV_SECRET, loadConfig } from '../../src/config.js';

const variablesOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => i.variable);
    throw err;
  }
  return [];
};

t.test('defaults: embedded database, dev secret, local port', async (t) => {
  const c = loadConfig({});
  t.equal(c.port, 3000);
  t.equal(c.host, '127.0.0.1');
  t.same(c.database, { kind: 'pglite', dataDir: './data' });
  t.equal(c.auth.mode, 'dev-secret');
  t.equal(c.auth.mode === 'dev-secret' && c.auth.secret, DEFAULT_DEV_SECRET);
  t.ok(c.auth.usingDefaultDevSecret);
  t.same(c.auth.algorithms, ['HS256']);
  const pg = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/x', DATABASE_POOL_MAX: '4' });
  t.same(pg.database, { kind: 'postgres', url: 'postgres://u@db:5432/x', poolMax: 4, timeouts: { connectMs: 5000, statementMs: 30000, idleInTransactionMs: 60000 } });
  const jwks = loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ALGORITHMS: 'RS256,HS256,none' });
  t.same(jwks.auth.algorithms, ['RS256'], 'HS* and none are never allowed with public keys');
});

t.test('a bad value names the variable', async (t) => {
  const city = { CITY_ORGANISATION_ID: '6f1c1d0e-2a57-4c3f-9d0b-1d6f5b9a7e21' };
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ AUTH_DEV_SECRET: 'short' }, 'AUTH_DEV_SECRET'],
    [{ AUTH_JWKS_URL: 'not a url' }, 'AUTH_JWKS_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ ...city, NODE_ENV: 'production', DATABASE_URL: 'postgres://a@b/c', AUTH_JWKS_URL: 'https://idp/jwks', AUTH_DEV_SECRET: 'x'.repeat(40) }, 'AUTH_DEV_SECRET'],
    [{ ...city, NODE_ENV: 'production', DATABASE_URL: 'postgres://a@b/c' }, 'AUTH_JWKS_URL'],
    [{ ...city, NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp/jwks' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://a@b/c', AUTH_JWKS_URL: 'https://idp/jwks' }, 'CITY_ORGANISATION_ID'],
    [{ CITY_ORGANISATION_ID: 'eku' }, 'CITY_ORGANISATION_ID'],
    [{ BOOTSTRAP_ADMIN_SUBS: 'anna,has space' }, 'BOOTSTRAP_ADMIN_SUBS'],
    [{ AUTH_CALLER_CACHE_SECONDS: '-1' }, 'AUTH_CALLER_CACHE_SECONDS'],
  ];
  for (const [env, variable] of cases) t.same(variablesOf(env), [variable], JSON.stringify(env));
  t.same(variablesOf({ ...city, NODE_ENV: 'production', DATABASE_URL: 'postgres://a@b/c', AUTH_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----' }), []);
});

t.test('the server refuses to start on a bad value and names it', async (t) => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'abc' };
  delete env.DATABASE_URL;
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, encoding: 'utf8', timeout: 60_000 });
  t.equal(res.status, 1);
  t.match(res.stderr, /PORT:/);
});
