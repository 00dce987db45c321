import { DEV_ADMIN_SUB } from '../../src/config.js';
import { bootstrapCity } from '../../src/directory/bootstrap.js';
import type { InjectOptions } from 'fastify';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { connectPglite } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp, testConfig } from '../helpers/app.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

t.test('every error is problem+json with the right type', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const json = { ...admin, 'content-type': 'application/json' };
  const cases: { name: string; req: InjectOptions; status: number; type: string; paths?: string[] }[] = [
    { name: 'validation', req: { method: 'POST', url: '/v1/organisations', headers: admin, payload: { name: '', kind: 'shop' } }, status: 400, type: 'validation-error', paths: ['body.name', 'body.kind', 'body.organisationNumber'] },
    { name: 'unknown property', req: { method: 'POST', url: '/v1/organisations', headers: admin, payload: { name: 'A', kind: 'district', organisationNumber: '212000-1355', colour: 'red' } }, status: 400, type: 'validation-error', paths: ['body.colour'] },
    { name: 'query', req: { url: '/v1/organisations?limit=0', headers: admin }, status: 400, type: 'validation-error', paths: ['query.limit'] },
    { name: 'path', req: { url: '/v1/organisations/not-a-uuid', headers: admin }, status: 400, type: 'validation-error', paths: ['path.id'] },
    { name: 'organisation number', req: { method: 'POST', url: '/v1/organisations', headers: admin, payload: { name: 'A', kind: 'district', organisationNumber: '212000-1356' } }, status: 400, type: 'validation-error', paths: ['body.organisationNumber'] },
    { name: 'invalid JSON', req: { method: 'POST', url: '/v1/organisations', headers: json, payload: '{"name":' }, status: 400, type: 'bad-request' },
    { name: 'invalid cursor', req: { url: '/v1/organisations?cursor=bm9wZQ', headers: admin }, status: 400, type: 'invalid-cursor', paths: ['query.cursor'] },
    { name: 'unknown route', req: { url: '/v1/nothing-here', headers: admin }, status: 404, type: 'not-found' },
    { name: 'unknown id', req: { url: '/v1/organisations/99999999-0000-4000-8000-000000000000', headers: admin }, status: 404, type: 'not-found' },
    { name: 'wrong method', req: { method: 'DELETE', url: '/v1/organisations' }, status: 405, type: 'method-not-allowed' },
    { name: 'wrong content type', req: { method: 'POST', url: '/v1/organisations', headers: { ...admin, 'content-type': 'text/plain' }, payload: 'hello' }, status: 415, type: 'unsupported-media-type' },
    { name: 'unique clash', req: { method: 'POST', url: '/v1/individuals', headers: admin, payload: { personalIdentityNumber: '19410708-2341', name: 'Twin', districtId: demo.org.district } }, status: 409, type: 'conflict' },
    { name: 'duplicate staff id', req: { method: 'POST', url: '/v1/staff', headers: admin, payload: { id: 'care-karin', name: 'Twin', organisationId: demo.org.privateProvider } }, status: 409, type: 'conflict' },
    { name: 'business rule', req: { method: 'POST', url: '/v1/units', headers: admin, payload: { organisationId: '99999999-0000-4000-8000-000000000000', name: 'U' } }, status: 422, type: 'unprocessable', paths: ['body.organisationId'] },
    { name: 'forbidden', req: { method: 'POST', url: '/v1/units', headers: bearer(await tokenFor('care-karin')), payload: { organisationId: demo.org.privateProvider, name: 'U' } }, status: 403, type: 'forbidden' },
  ];
  for (const c of cases) {
    const res = await app.inject(c.req);
    t.equal(res.statusCode, c.status, `${c.name}: status`);
    t.equal(res.headers['content-type'], PROBLEM, `${c.name}: content type`);
    const body = res.json();
    t.equal(body.type, `/problems/${c.type}`, `${c.name}: type`);
    t.equal(body.status, c.status);
    t.type(body.title, 'string');
    t.ok(body.detail.length > 0, `${c.name}: detail`);
    t.equal(body.requestId, res.headers['x-request-id']);
    if (c.paths) t.same(body.errors.map((e: { path: string }) => e.path), c.paths, `${c.name}: paths`);
    t.notMatch(res.body, /at .*\.(ts|js):\d+|select |insert into|duplicate key/i, `${c.name}: no stack or SQL`);
  }
  const wrong = await app.inject({ method: 'PUT', url: `/v1/organisations/${demo.org.district}` });
  t.equal(wrong.statusCode, 405);
  t.equal(wrong.headers.allow, 'GET, PATCH');
});

t.test('a body over the limit is 413', async (t) => {
  const database = await connectPglite();
  await runMigrations(database);
  const config = testConfig({ BODY_LIMIT_BYTES: '2048' });
  const app = await buildApp({ config, database, logger: createLogger('silent') });
  t.teardown(async () => {
    await app.close();
    await database.close();
  });
  const { mintDevToken } = await import('../../src/auth/dev-token.js');
  await bootstrapCity(database.db, config.city);
  const token = await mintDevToken(config.auth, { sub: DEV_ADMIN_SUB, org: config.city.organisationId, roles: ['admin'] });
  const res = await app.inject({ method: 'POST', url: '/v1/organisations', headers: bearer(token), payload: { name: 'x'.repeat(5000), kind: 'district', organisationNumber: '212000-1355' } });
  t.equal(res.statusCode, 413);
  t.equal(res.json().type, '/problems/payload-too-large');
});
