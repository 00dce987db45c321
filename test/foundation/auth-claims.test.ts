import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import t, { type Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { connectPglite } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { DEV_ADMIN_SUB, DEV_CITY_ORGANISATION_ID } from '../../src/config.js';
import { demo } from '../../src/demo/city.js';
import { bootstrapCity } from '../../src/directory/bootstrap.js';
import { staff } from '../../src/db/schema/index.js';
import { bearer, createTestApp, testConfig } from '../helpers/app.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
// The admin created at start in the city's contract unit (test/helpers/app.ts bootstraps like the server): a bound caller.
const org = DEV_CITY_ORGANISATION_ID;
const sub = DEV_ADMIN_SUB;

t.test('claims: what the token must carry, and what an unknown role gives', async (t) => {
  const { app, config, db } = await createTestApp(t, { demo: false });
  const secret = new TextEncoder().encode(config.auth.mode === 'dev-secret' ? config.auth.secret : '');
  const signed = (payload: JWTPayload, edit: (j: SignJWT) => SignJWT = (j) => j) =>
    edit(new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuer(config.auth.issuer).setAudience(config.auth.audience).setExpirationTime('1h')).sign(secret);
  const now = Math.floor(Date.now() / 1000);

  const refused: [string, string][] = [
    ['roles is a string', await signed({ sub, org, roles: 'admin' })],
    ['roles missing', await signed({ sub, org })],
    ['org missing', await signed({ sub, roles: ['admin'] })],
    ['sub missing', await signed({ org, roles: ['admin'] })],
    ['sub empty', await signed({ sub: '', org, roles: ['admin'] })],
    ['not yet valid (nbf in an hour)', await signed({ sub, org, roles: ['admin'] }, (j) => j.setNotBefore(now + 3600))],
    ['audience list without ours', await signed({ sub, org, roles: ['admin'] }, (j) => j.setAudience(['x', 'y']))],
  ];
  for (const [name, token] of refused) {
    const res = await app.inject({ url: '/v1/organisations', headers: bearer(token) });
    t.equal(res.statusCode, 401, name);
    t.equal(res.headers['content-type'], PROBLEM, name);
    t.equal(res.json().type, '/problems/unauthorized', name);
    t.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"', `${name}: WWW-Authenticate`);
  }

  const accepted = await signed({ sub, org, roles: ['admin'] }, (j) => j.setAudience(['x', config.auth.audience]));
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(accepted) })).statusCode, 200, 'an audience list that holds ours');
  t.equal((await app.inject({ url: '/v1/organisations', headers: { authorization: `bearer ${accepted}` } })).statusCode, 200, 'the scheme is case-insensitive');
  const twoTokens = await app.inject({ url: '/v1/organisations', headers: { authorization: `Bearer ${accepted} ${accepted}` } });
  t.equal(twoTokens.statusCode, 401, 'two tokens in one header');
  t.equal(twoTokens.headers['www-authenticate'], 'Bearer');

  // An unknown role is dropped, not an error: the token still reads, but grants nothing beyond the known roles.
  await db.insert(staff).values({ id: 'eku-maja', name: 'Maja Chef', organisationId: org, roles: ['manager'] });
  const king = await signed({ sub: 'eku-maja', org, roles: ['king', 'manager'] });
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(king) })).statusCode, 200);
  const write = await app.inject({ method: 'POST', url: '/v1/organisations', headers: bearer(king), payload: { name: 'X', kind: 'district', organisationNumber: '212000-1355' } });
  t.equal(write.statusCode, 403);
  t.equal(write.json().type, '/problems/forbidden');
  t.match(write.json().detail, /admin/, 'names the role that is needed');
  t.notOk(write.headers['www-authenticate'], '403 is not an authentication challenge');
});

t.test('clock tolerance: AUTH_CLOCK_TOLERANCE_SECONDS decides whether a token a minute past exp passes', async (t) => {
  const database = await connectPglite();
  await runMigrations(database);
  await bootstrapCity(database.db, testConfig().city);
  t.teardown(() => database.close());
  const now = Math.floor(Date.now() / 1000);
  for (const [tolerance, status] of [['0', 401], ['300', 200]] as const) {
    const config = testConfig({ AUTH_CLOCK_TOLERANCE_SECONDS: tolerance });
    const app = await buildApp({ config, database, logger: createLogger('silent') });
    t.teardown(() => app.close());
    const secret = new TextEncoder().encode(config.auth.mode === 'dev-secret' ? config.auth.secret : '');
    const token = await new SignJWT({ org, roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer(config.auth.issuer)
      .setAudience(config.auth.audience)
      .setExpirationTime(now - 60)
      .sign(secret);
    t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(token) })).statusCode, status, `tolerance ${tolerance}s`);
  }
});

t.test('the token is checked on every spelling of a /v1 path', async (t) => {
  const { app, tokenFor, token } = await createTestApp(t);
  const admin = await tokenFor('admin-anna');
  const expired = await token({ sub: 'admin-anna', org: demo.org.contractUnit, roles: ['admin'] }, Math.floor(Date.now() / 1000) - 3600);
  // The router matches percent-encoded characters; the check follows the route, not the raw URL.
  for (const url of ['/%761/organisations', '/v1/%6Frganisations', '/v1/organisations/']) {
    t.equal((await app.inject({ url, headers: bearer(admin) })).statusCode, 200, `${url}: a valid token`);
    const res = await app.inject({ url, headers: bearer(expired) });
    t.equal(res.statusCode, 401, `${url}: an expired token`);
    t.match(res.json().detail, /expired/, `${url}: refused because it expired`);
  }
  const none = await app.inject({ url: '/v1/nothing-here' });
  t.equal(none.statusCode, 404, 'an unknown path is 404 without a token, not 401');
});

// One database per subtest: the apps built in it differ only in their auth settings.
const databases = new WeakMap<Test, Promise<Awaited<ReturnType<typeof connectPglite>>>>();
async function keyApp(t: Test, env: Record<string, string>) {
  if (!databases.has(t)) {
    databases.set(
      t,
      connectPglite().then(async (database) => {
        await runMigrations(database);
        await bootstrapCity(database.db, testConfig().city);
        t.teardown(() => database.close());
        return database;
      }),
    );
  }
  const database = await databases.get(t)!;
  const app = await buildApp({ config: testConfig({ AUTH_DEV_SECRET: '', AUTH_ISSUER: 'https://idp.example', ...env }), database, logger: createLogger('silent') });
  t.teardown(() => app.close());
  return app;
}

t.test('public key mode: the PEM used as an HMAC secret (algorithm confusion) and other algorithms are refused', async (t) => {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const pem = await exportSPKI(publicKey);
  const app = await keyApp(t, { AUTH_PUBLIC_KEY: pem, AUTH_ALGORITHMS: 'ES256' });
  const sign = (alg: string, key: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT({ org, roles: ['admin'] }).setProtectedHeader({ alg }).setSubject(sub).setIssuer('https://idp.example').setAudience('hemtjanst-api').setExpirationTime('1h').sign(key);
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(await sign('ES256', privateKey)) })).statusCode, 200, 'ES256 with the key');
  const confused = await app.inject({ url: '/v1/organisations', headers: bearer(await sign('HS256', new TextEncoder().encode(pem))) });
  t.equal(confused.statusCode, 401, 'HS256 signed with the public key as secret');
  t.match(confused.json().detail, /algorithm/);
  const rsa = await generateKeyPair('RS256');
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(await sign('RS256', rsa.privateKey)) })).statusCode, 401, 'RS256 is not in AUTH_ALGORITHMS');
});

t.test('JWKS mode: an unknown kid is the caller’s 401, an unreachable key set the service’s 503', async (t) => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  let answer: (res: ServerResponse) => void = (res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(jwks));
  };
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  const sign = (kid: string) =>
    new SignJWT({ org, roles: ['admin'] }).setProtectedHeader({ alg: 'RS256', kid }).setSubject(sub).setIssuer('https://idp.example').setAudience('hemtjanst-api').setExpirationTime('1h').sign(privateKey);

  const healthy = await keyApp(t, { AUTH_JWKS_URL: url });
  t.equal((await healthy.inject({ url: '/v1/organisations', headers: bearer(await sign('k1')) })).statusCode, 200);
  const unknownKid = await healthy.inject({ url: '/v1/organisations', headers: bearer(await sign('k9')) });
  t.equal(unknownKid.statusCode, 401, 'a kid the identity provider does not publish');

  const failures: [string, (res: ServerResponse) => void][] = [
    ['the key set answers 500', (res) => ((res.statusCode = 500), res.end('down'))],
    ['the key set answers HTML', (res) => res.end('<html>maintenance</html>')],
    ['the key set answers JSON that is no key set', (res) => res.end('{"keys":"none"}')],
  ];
  for (const [name, failure] of failures) {
    answer = failure;
    const before = fetches;
    const app = await keyApp(t, { AUTH_JWKS_URL: url });
    const res = await app.inject({ url: '/v1/organisations', headers: bearer(await sign('k1')) });
    t.ok(fetches > before, `${name}: fetched`);
    t.equal(res.statusCode, 503, name);
    t.equal(res.headers['content-type'], PROBLEM);
    t.equal(res.json().type, '/problems/service-unavailable', name);
    t.notMatch(res.body, /ERR_JOSE|JSON Web Key Set HTTP/, 'no internals');
  }
  const closed = await keyApp(t, { AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json' });
  t.equal((await closed.inject({ url: '/v1/organisations', headers: bearer(await sign('k1')) })).statusCode, 503, 'nothing listens at AUTH_JWKS_URL');
});
