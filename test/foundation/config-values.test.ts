import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import t, { type Test } from 'tap';
import { createVerifier } from '../../src/auth/verify.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const issuesOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
};
const variablesOf = (env: Record<string, string>) => issuesOf(env).map((i) => i.variable);

t.test('an empty variable counts as unset, as a compose file or .env writes it', async (t) => {
  const c = loadConfig({
    PORT: '',
    HOST: ' ',
    LOG_LEVEL: '',
    DATABASE_URL: '',
    DATABASE_POOL_MAX: '',
    DATA_DIR: '',
    BODY_LIMIT_BYTES: '',
    AUTH_JWKS_URL: '',
    AUTH_PUBLIC_KEY: '',
    AUTH_DEV_SECRET: '',
    AUTH_CLOCK_TOLERANCE_SECONDS: '',
  });
  t.equal(c.port, 3000, 'PORT= is the default port, not 0 (a random one)');
  t.equal(c.host, '127.0.0.1');
  t.equal(c.logLevel, 'info');
  t.same(c.database, { kind: 'pglite', dataDir: './data' });
  t.equal(c.bodyLimit, 10 * 1024 * 1024);
  t.equal(c.auth.mode, 'dev-secret');
  t.equal(c.auth.clockToleranceSeconds, 30, 'AUTH_CLOCK_TOLERANCE_SECONDS= is the default, not 0');
  t.ok(c.auth.usingDefaultDevSecret);
});

t.test('numbers: whole numbers in range, nothing else', async (t) => {
  t.equal(loadConfig({ PORT: '0' }).port, 0, 'PORT=0 asks for a free port');
  t.equal(loadConfig({ PORT: ' 8080 ' }).port, 8080);
  t.equal(loadConfig({ AUTH_CLOCK_TOLERANCE_SECONDS: '0' }).auth.clockToleranceSeconds, 0);
  const cases: [Record<string, string>, string][] = [
    [{ PORT: '1e3' }, 'PORT'],
    [{ PORT: '0x10' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ PORT: '65536' }, 'PORT'],
    [{ DATABASE_POOL_MAX: '0' }, 'DATABASE_POOL_MAX'],
    [{ DATABASE_POOL_MAX: 'many' }, 'DATABASE_POOL_MAX'],
    [{ BODY_LIMIT_BYTES: '100' }, 'BODY_LIMIT_BYTES'],
    [{ BODY_LIMIT_BYTES: '1mb' }, 'BODY_LIMIT_BYTES'],
    [{ AUTH_CLOCK_TOLERANCE_SECONDS: '301' }, 'AUTH_CLOCK_TOLERANCE_SECONDS'],
  ];
  for (const [env, variable] of cases) t.same(variablesOf(env), [variable], JSON.stringify(env));
  t.match(issuesOf({ PORT: 'abc' })[0]?.message, /whole number/);
});

t.test('AUTH_ALGORITHMS: unknown names, or none left for public keys, are refused', async (t) => {
  const jwks = { AUTH_JWKS_URL: 'https://idp.example/jwks' };
  t.same(variablesOf({ ...jwks, AUTH_ALGORITHMS: 'RS256,RS257' }), ['AUTH_ALGORITHMS'], 'a typo');
  t.match(issuesOf({ ...jwks, AUTH_ALGORITHMS: 'RS257' })[0]?.message, /RS257/);
  t.same(variablesOf({ ...jwks, AUTH_ALGORITHMS: 'HS256' }), ['AUTH_ALGORITHMS'], 'only HS256 with a JWKS: every token would be refused');
  t.same(variablesOf({ AUTH_PUBLIC_KEY: '{"kty":"RSA"}', AUTH_ALGORITHMS: 'none' }), ['AUTH_ALGORITHMS']);
  t.same(loadConfig({ ...jwks, AUTH_ALGORITHMS: ' ES256 , EdDSA ' }).auth.algorithms, ['ES256', 'EdDSA']);
  t.same(loadConfig({ AUTH_ALGORITHMS: 'HS256' }).auth.algorithms, ['HS256'], 'the dev secret always verifies HS256');
});

t.test('production: the dev secret is refused also next to a public key, and JWKS alone is not enough', async (t) => {
  const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db:5432/hemtjanst', CITY_ORGANISATION_ID: '6f1c1d0e-2a57-4c3f-9d0b-1d6f5b9a7e21' };
  t.same(variablesOf({ ...base, AUTH_PUBLIC_KEY: '{"kty":"RSA"}', AUTH_DEV_SECRET: 'y'.repeat(40) }), ['AUTH_DEV_SECRET']);
  t.same(variablesOf({ NODE_ENV: 'production' }).sort(), ['AUTH_JWKS_URL', 'CITY_ORGANISATION_ID', 'DATABASE_URL'], 'every missing setting is named at once');
  const c = loadConfig({ ...base, AUTH_JWKS_URL: 'https://idp.example/jwks' });
  t.equal(c.env, 'production');
  t.match(c.database, { kind: 'postgres', url: base.DATABASE_URL, poolMax: 10 });
  t.equal(c.auth.mode, 'jwks');
  t.notOk(c.auth.usingDefaultDevSecret);
});

t.test('AUTH_PUBLIC_KEY: PEM (also with \\n escapes) and JWK are read; anything else names the variable', async (t) => {
  const { publicKey } = await generateKeyPair('ES256');
  const pem = await exportSPKI(publicKey);
  for (const [name, key] of [
    ['PEM', pem],
    ['PEM on one line with \\n', pem.trim().replace(/\n/g, '\\n')],
    ['JWK', JSON.stringify(await exportJWK(publicKey))],
  ] as const) {
    t.type(createVerifier(loadConfig({ AUTH_PUBLIC_KEY: key }).auth), 'function', name);
  }
  for (const bad of ['garbage', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', '{"kty":"RSA"}', '{"kty":"oct","k":"c2VjcmV0"}', '{not json']) {
    let error: unknown;
    try {
      createVerifier(loadConfig({ AUTH_PUBLIC_KEY: bad }).auth);
    } catch (err) {
      error = err;
    }
    t.ok(error instanceof ConfigError, `${bad}: a configuration error`);
    t.same(error instanceof ConfigError && error.issues.map((i) => i.variable), ['AUTH_PUBLIC_KEY'], bad);
  }
});

// The start-up script itself: exit code 1 and the variable on stderr, no stack trace, nothing touched.
const start = (t: Test, extra: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'hemtjanst-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn', ...extra };
  for (const k of ['DATABASE_URL', 'TEST_DATABASE_URL', 'AUTH_JWKS_URL', 'AUTH_DEV_SECRET', 'NODE_ENV', 'PORT']) if (!(k in extra)) delete env[k];
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, encoding: 'utf8', timeout: 60_000 });
  return { ...res, dataDirCreated: existsSync(join(dir, 'data')) };
};

t.test('the server stops on a bad key or a production dev secret, naming the variable', async (t) => {
  const badKey = start(t, { AUTH_PUBLIC_KEY: 'garbage' });
  t.equal(badKey.status, 1, badKey.stderr);
  t.match(badKey.stderr, /AUTH_PUBLIC_KEY: is not a public key/);
  t.notMatch(badKey.stderr, /\n\s+at /, 'no stack trace');
  t.notOk(badKey.dataDirCreated, 'stopped before the database was touched');

  const prod = start(t, { NODE_ENV: 'production', AUTH_DEV_SECRET: 'z'.repeat(40), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
  t.equal(prod.status, 1, prod.stderr);
  t.match(prod.stderr, /AUTH_DEV_SECRET: is refused when NODE_ENV=production/);
  t.match(prod.stderr, /AUTH_JWKS_URL: or AUTH_PUBLIC_KEY is required/);
});
