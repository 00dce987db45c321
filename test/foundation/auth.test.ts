import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import t, { type Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { connectPglite } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { demo } from '../../src/demo/city.js';
import { loadDemoCity } from '../../src/demo/load.js';
import { bearer, createTestApp, testConfig } from '../helpers/app.js';

const claims = { org: demo.org.privateProvider, roles: ['care_staff'] };

t.test('HS256 (dev secret): each refusal is 401 with a reason', async (t) => {
  const { app, config, token } = await createTestApp(t);
  const secret = new TextEncoder().encode(config.auth.mode === 'dev-secret' ? config.auth.secret : '');
  const sign = (edit: (j: SignJWT) => SignJWT, key = secret) =>
    edit(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('care-karin')).sign(key);
  const base = (j: SignJWT) => j.setIssuer(config.auth.issuer).setAudience(config.auth.audience).setExpirationTime('1h');
  const now = Math.floor(Date.now() / 1000);
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
    JSON.stringify({ ...claims, sub: 'care-karin', iss: config.auth.issuer, aud: config.auth.audience, exp: now + 3600 }),
  ).toString('base64url')}.`;

  const cases: [string, Record<string, string>, RegExp][] = [
    ['no token', {}, /Bearer/],
    ['not a bearer header', { authorization: 'Basic abc' }, /Bearer/],
    ['garbage', bearer('abc.def.ghi'), /not valid/],
    ['expired', bearer(await sign((j) => j.setIssuer(config.auth.issuer).setAudience(config.auth.audience).setExpirationTime(now - 3600))), /expired/],
    ['no exp', bearer(await sign((j) => j.setIssuer(config.auth.issuer).setAudience(config.auth.audience))), /exp/],
    ['wrong audience', bearer(await sign((j) => j.setIssuer(config.auth.issuer).setAudience('someone-else').setExpirationTime('1h'))), /aud/],
    ['wrong issuer', bearer(await sign((j) => j.setIssuer('evil').setAudience(config.auth.audience).setExpirationTime('1h'))), /iss/],
    ['alg none', bearer(none), /not valid|algorithm/],
    ['wrong key', bearer(await sign(base, new TextEncoder().encode('another-secret-0123456789-0123456789'))), /signature/],
    ['org is not an id', bearer(await new SignJWT({ org: 'x', roles: [] }).setProtectedHeader({ alg: 'HS256' }).setSubject('s').setIssuer(config.auth.issuer).setAudience(config.auth.audience).setExpirationTime('1h').sign(secret)), /claims/],
  ];
  for (const [name, headers, detail] of cases) {
    const res = await app.inject({ url: '/v1/organisations', headers });
    t.equal(res.statusCode, 401, name);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem+json`);
    t.equal(res.json().type, '/problems/unauthorized', name);
    t.match(res.json().detail, detail, `${name}: ${res.json().detail}`);
    t.match(res.headers['www-authenticate'], /^Bearer/, `${name}: WWW-Authenticate`);
  }
  const ok = await app.inject({ url: '/v1/organisations', headers: bearer(await sign(base)) });
  t.equal(ok.statusCode, 200, 'the same token done right');
  const forbidden = await app.inject({
    method: 'POST',
    url: '/v1/organisations',
    headers: bearer(await token({ sub: 'care-karin', org: demo.org.privateProvider, roles: ['care_staff'] })),
    payload: { name: 'X', kind: 'district', organisationNumber: '212000-1355' },
  });
  t.equal(forbidden.statusCode, 403, 'valid token without the role');
  t.equal(forbidden.json().type, '/problems/forbidden');
  t.equal((await app.inject({ url: '/health/live' })).statusCode, 200, 'health needs no token');
});

async function appWith(t: Test, env: Record<string, string>) {
  const database = await connectPglite();
  await runMigrations(database);
  await loadDemoCity(database.db);
  const app = await buildApp({ config: testConfig({ AUTH_DEV_SECRET: '', ...env }), database, logger: createLogger('silent') });
  t.teardown(async () => {
    await app.close();
    await database.close();
  });
  return app;
}

t.test('public key (PEM and JWK) and JWKS: RS256 accepted, HS256 refused', async (t) => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const iss = 'https://idp.example';
  const aud = 'hemtjanst-api';
  const rs = (key: Parameters<SignJWT['sign']>[0], alg = 'RS256', kid?: string) =>
    new SignJWT(claims).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).setSubject('care-karin').setIssuer(iss).setAudience(aud).setExpirationTime('1h').sign(key);
  const hs = await rs(new TextEncoder().encode('x'.repeat(40)), 'HS256');

  const pem = await exportSPKI(publicKey);
  const jwk = JSON.stringify(await exportJWK(publicKey));
  for (const [name, key] of [['PEM', pem], ['JWK', jwk]] as const) {
    const app = await appWith(t, { AUTH_PUBLIC_KEY: key, AUTH_ISSUER: iss, AUTH_AUDIENCE: aud });
    t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(await rs(privateKey)) })).statusCode, 200, `${name}: RS256 accepted`);
    t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(await rs(other.privateKey)) })).statusCode, 401, `${name}: another key refused`);
    const refused = await app.inject({ url: '/v1/organisations', headers: bearer(hs) });
    t.equal(refused.statusCode, 401, `${name}: HS256 refused`);
  }

  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  const app = await appWith(t, { AUTH_JWKS_URL: url, AUTH_ISSUER: iss, AUTH_AUDIENCE: aud });
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(await rs(privateKey, 'RS256', 'k1')) })).statusCode, 200, 'JWKS: accepted');
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(await rs(other.privateKey, 'RS256', 'k1')) })).statusCode, 401, 'JWKS: wrong key');
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(hs) })).statusCode, 401, 'JWKS: HS256 refused');
});
