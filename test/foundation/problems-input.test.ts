import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { mintDevToken } from '../../src/auth/dev-token.js';
import { individuals, units } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';
import { loadDemoCity } from '../../src/demo/load.js';
import { encodeCursor } from '../../src/http/pagination.js';
import { createLogger } from '../../src/logger.js';
import { bearer, createTestApp, testConfig } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const NO_INTERNALS = /at .*\.(ts|js):\d+|select |insert into|duplicate key|violates|drizzle|node_modules/i;

t.test('input problems: each field named, each cursor checked, each method and media type answered', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const json = { ...admin, 'content-type': 'application/json' };
  const org = { name: 'A', kind: 'district', organisationNumber: '212000-1355' };
  const cases: { name: string; req: InjectOptions; status: number; type: string; paths?: string[] }[] = [
    { name: 'two unknown properties', req: { method: 'POST', url: '/v1/organisations', headers: admin, payload: { ...org, colour: 'red', size: 2 } }, status: 400, type: 'validation-error', paths: ['body.colour', 'body.size'] },
    { name: 'unknown property on update', req: { method: 'PATCH', url: `/v1/units/${demo.unit.privateCentrum}`, headers: admin, payload: { organisationId: demo.org.district } }, status: 400, type: 'validation-error', paths: ['body.organisationId'] },
    { name: 'unknown query parameter', req: { url: '/v1/organisations?colour=red', headers: admin }, status: 400, type: 'validation-error', paths: ['query.colour'] },
    { name: 'array item', req: { method: 'POST', url: '/v1/units', headers: admin, payload: { organisationId: demo.org.privateProvider, name: 'U', areas: ['Centrum', ' '] } }, status: 400, type: 'validation-error', paths: ['body.areas.1'] },
    { name: 'unknown role', req: { method: 'POST', url: '/v1/staff', headers: admin, payload: { id: 'x', name: 'X', organisationId: demo.org.privateProvider, roles: ['king'] } }, status: 400, type: 'validation-error', paths: ['body.roles.0'] },
    { name: 'limit too large', req: { url: '/v1/units?limit=201', headers: admin }, status: 400, type: 'validation-error', paths: ['query.limit'] },
    { name: 'limit not a number', req: { url: '/v1/staff?limit=ten', headers: admin }, status: 400, type: 'validation-error', paths: ['query.limit'] },
    { name: 'filter not a uuid', req: { url: '/v1/units?organisationId=42', headers: admin }, status: 400, type: 'validation-error', paths: ['query.organisationId'] },
    { name: 'kind not known', req: { url: '/v1/organisations?kind=shop', headers: admin }, status: 400, type: 'validation-error', paths: ['query.kind'] },
    { name: 'staff id too long', req: { url: `/v1/staff/${'x'.repeat(201)}`, headers: admin }, status: 400, type: 'validation-error', paths: ['path.id'] },
    { name: 'path segment beyond the router limit', req: { url: `/v1/staff/${'x'.repeat(1001)}`, headers: admin }, status: 414, type: 'uri-too-long' },
    { name: 'malformed percent-encoding', req: { url: '/v1/staff/%E0%A4%A', headers: admin }, status: 400, type: 'bad-request' },
    { name: 'body is JSON null', req: { method: 'POST', url: '/v1/organisations', headers: json, payload: 'null' }, status: 400, type: 'validation-error', paths: ['body'] },
    { name: 'body is an array', req: { method: 'POST', url: '/v1/units', headers: json, payload: '[]' }, status: 400, type: 'validation-error', paths: ['body'] },
    { name: 'no body', req: { method: 'POST', url: '/v1/staff', headers: admin }, status: 400, type: 'validation-error', paths: ['body'] },
    { name: 'empty JSON body', req: { method: 'POST', url: '/v1/organisations', headers: json, payload: '' }, status: 400, type: 'bad-request' },
    { name: 'prototype pollution', req: { method: 'POST', url: '/v1/organisations', headers: json, payload: '{"__proto__":{"admin":true},"name":"A","kind":"district","organisationNumber":"212000-1355"}' }, status: 400, type: 'bad-request' },
    // Cursors that decode to a key of the right length but not of the right kind (a forged or foreign cursor).
    { name: 'cursor with a non-uuid id', req: { url: `/v1/organisations?cursor=${encodeCursor(['A', 'not-a-uuid'])}`, headers: admin }, status: 400, type: 'invalid-cursor', paths: ['query.cursor'] },
    { name: 'cursor of numbers', req: { url: `/v1/units?cursor=${encodeCursor([1, 2])}`, headers: admin }, status: 400, type: 'invalid-cursor', paths: ['query.cursor'] },
    { name: 'cursor of three', req: { url: `/v1/staff?cursor=${encodeCursor(['a', 'b', 'c'])}`, headers: admin }, status: 400, type: 'invalid-cursor', paths: ['query.cursor'] },
    { name: 'cursor not base64 JSON', req: { url: '/v1/staff?cursor=%E2%9C%93', headers: admin }, status: 400, type: 'invalid-cursor', paths: ['query.cursor'] },
    { name: 'cursor too long', req: { url: `/v1/units?cursor=${'a'.repeat(1001)}`, headers: admin }, status: 400, type: 'validation-error', paths: ['query.cursor'] },
    // Postgres text cannot hold NUL: refused in one place, for every part of a request, with the field's path.
    { name: 'NUL in a body field', req: { method: 'POST', url: '/v1/organisations', headers: admin, payload: { ...org, name: 'A\u0000B' } }, status: 400, type: 'validation-error', paths: ['body.name'] },
    { name: 'NUL in an array item', req: { method: 'POST', url: '/v1/units', headers: admin, payload: { organisationId: demo.org.privateProvider, name: 'U', areas: ['Centrum', 'x\u0000'] } }, status: 400, type: 'validation-error', paths: ['body.areas.1'] },
    { name: 'NUL in a query value', req: { url: '/v1/organisations?namePrefix=A%00', headers: admin }, status: 400, type: 'validation-error', paths: ['query.namePrefix'] },
    { name: 'NUL in a path value', req: { url: '/v1/staff/karin%00', headers: admin }, status: 400, type: 'validation-error', paths: ['path.id'] },
    { name: 'NUL in a cursor', req: { url: `/v1/staff?cursor=${encodeCursor(['a\u0000', 'b'])}`, headers: admin }, status: 400, type: 'invalid-cursor', paths: ['query.cursor'] },
    { name: 'form body', req: { method: 'POST', url: '/v1/units', headers: { ...admin, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=U' }, status: 415, type: 'unsupported-media-type' },
    { name: 'XML body on update', req: { method: 'PATCH', url: `/v1/units/${demo.unit.privateCentrum}`, headers: { ...admin, 'content-type': 'application/xml' }, payload: '<unit/>' }, status: 415, type: 'unsupported-media-type' },
    { name: 'text body on search', req: { method: 'POST', url: '/v1/individuals/search', headers: { ...admin, 'content-type': 'text/plain' }, payload: '19410708-2341' }, status: 415, type: 'unsupported-media-type' },
    { name: 'OPTIONS', req: { method: 'OPTIONS', url: '/v1/organisations', headers: admin }, status: 405, type: 'method-not-allowed' },
    { name: 'PUT on a POST-only route', req: { method: 'PUT', url: '/v1/individuals/search', headers: admin, payload: {} }, status: 405, type: 'method-not-allowed' },
    { name: 'DELETE on an item', req: { method: 'DELETE', url: `/v1/units/${demo.unit.privateCentrum}`, headers: admin }, status: 405, type: 'method-not-allowed' },
    { name: 'unknown unit', req: { url: '/v1/units/99999999-0000-4000-8000-000000000000', headers: admin }, status: 404, type: 'not-found' },
    { name: 'unknown staff', req: { url: '/v1/staff/nobody', headers: admin }, status: 404, type: 'not-found' },
    { name: 'unknown individual', req: { url: '/v1/individuals/99999999-0000-4000-8000-000000000000', headers: admin }, status: 404, type: 'not-found' },
    { name: 'update of an unknown organisation', req: { method: 'PATCH', url: '/v1/organisations/99999999-0000-4000-8000-000000000000', headers: admin, payload: { name: 'X' } }, status: 404, type: 'not-found' },
    { name: 'staff in another organisation’s unit', req: { method: 'POST', url: '/v1/staff', headers: admin, payload: { id: 'x', name: 'X', organisationId: demo.org.otherProvider, unitId: demo.unit.privateCentrum } }, status: 422, type: 'unprocessable', paths: ['body.unitId'] },
    { name: 'staff of no organisation', req: { method: 'POST', url: '/v1/staff', headers: admin, payload: { id: 'x', name: 'X', organisationId: '99999999-0000-4000-8000-000000000000' } }, status: 422, type: 'unprocessable', paths: ['body.organisationId'] },
    { name: 'individual in no district', req: { method: 'POST', url: '/v1/individuals', headers: admin, payload: { personalIdentityNumber: '19271103-1217', name: 'X', districtId: '99999999-0000-4000-8000-000000000000' } }, status: 422, type: 'unprocessable', paths: ['body.districtId'] },
  ];
  for (const c of cases) {
    const res = await app.inject(c.req);
    t.equal(res.statusCode, c.status, `${c.name}: status`);
    t.equal(res.headers['content-type'], PROBLEM, `${c.name}: content type`);
    const body = res.json();
    t.equal(body.type, `/problems/${c.type}`, `${c.name}: type`);
    t.equal(body.status, c.status, `${c.name}: status member`);
    t.ok(typeof body.title === 'string' && body.title.length > 0, `${c.name}: title`);
    t.ok(typeof body.detail === 'string' && body.detail.length > 0, `${c.name}: detail`);
    t.equal(body.instance, (c.req.url as string).split('?')[0], `${c.name}: instance`);
    if (c.paths) t.same(body.errors.map((e: { path: string }) => e.path), c.paths, `${c.name}: paths`);
    t.notMatch(res.body, NO_INTERNALS, `${c.name}: no stack or SQL`);
  }
  t.equal((await app.inject({ method: 'OPTIONS', url: '/v1/organisations', headers: admin })).headers.allow, 'GET, POST');
  // GET and PATCH route to /individuals/:id (and fail its uuid check): Allow lists what the router accepts.
  t.equal((await app.inject({ method: 'PUT', url: '/v1/individuals/search', headers: admin, payload: {} })).headers.allow, 'GET, POST, PATCH');
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/staff/care-karin`, headers: admin })).headers.allow, 'GET, PATCH');

  // A staff id may be 200 characters (the identity provider's `sub`): it can be read back, also percent-encoded.
  const longId = `idp|${'y'.repeat(196)}`;
  t.equal((await app.inject({ method: 'POST', url: '/v1/staff', headers: admin, payload: { id: longId, name: 'Long', organisationId: demo.org.privateProvider } })).statusCode, 201);
  const readBack = await app.inject({ url: `/v1/staff/${encodeURIComponent(longId)}`, headers: admin });
  t.equal(readBack.statusCode, 200, 'a 200-character staff id reads back');
  t.equal(readBack.json().id, longId);

  const charset = await app.inject({ method: 'POST', url: '/v1/organisations', headers: { ...admin, 'content-type': 'application/json; charset=utf-8' }, payload: JSON.stringify(org) });
  t.equal(charset.statusCode, 201, 'application/json with a charset is JSON');
});

t.test('errors from the database and from code: mapped, never shown raw, logged without personal identity numbers', async (t) => {
  const { database, backend, drop } = await createTestDatabase();
  t.comment(`database: ${backend}`);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = testConfig();
  const app = await buildApp({ config, database, logger: createLogger('info', sink) });
  t.teardown(async () => {
    await app.close();
    await drop();
  });
  const { db } = database;
  const pin = '195502153124';
  // Routes that fail the ways real handlers can, registered before ready() like any route.
  app.get('/v1/test/crash', async () => {
    throw new Error(`select * from individuals where personal_identity_number = '${pin}'`);
  });
  app.get('/v1/test/missing-reference', async () => db.insert(units).values({ organisationId: '99999999-0000-4000-8000-000000000000', name: 'U' }));
  app.get('/v1/test/bad-format', async () => db.select().from(units).where(eq(units.id, 'not-a-uuid')));
  app.get('/v1/test/unique', async () => {
    await db.insert(individuals).values({ personalIdentityNumber: pin, name: 'A', districtId: demo.org.district });
    await db.insert(individuals).values({ personalIdentityNumber: pin, name: 'B', districtId: demo.org.district });
  });
  app.get('/v1/test/check', async () => db.insert(individuals).values({ personalIdentityNumber: '19550215', name: 'A', districtId: demo.org.district }));
  await app.ready();
  await loadDemoCity(db);
  const headers = bearer(await mintDevToken(config.auth, { sub: 'admin-anna', org: demo.org.contractUnit, roles: ['admin'] }));

  const expected: [string, number, string][] = [
    ['/v1/test/crash', 500, 'internal-error'],
    ['/v1/test/missing-reference', 422, 'unprocessable'],
    ['/v1/test/bad-format', 400, 'bad-request'],
    ['/v1/test/unique', 409, 'conflict'],
    ['/v1/test/check', 500, 'internal-error'],
  ];
  for (const [url, status, type] of expected) {
    const res = await app.inject({ url, headers });
    t.equal(res.statusCode, status, url);
    t.equal(res.headers['content-type'], PROBLEM, url);
    t.equal(res.json().type, `/problems/${type}`, url);
    t.notMatch(res.body, NO_INTERNALS, `${url}: no stack or SQL`);
    t.notOk(res.body.includes(pin) || res.body.includes('19550215'), `${url}: no personal identity number`);
    const line = logs.find((l) => l.includes(res.headers['x-request-id'] as string) && /request (failed|refused)/.test(l));
    t.ok(line, `${url}: logged with the request id`);
    if (status === 500) t.match(JSON.parse(line!), { level: 50, msg: 'request failed', err: { type: 'Error' } }, `${url}: logged as an error`);
  }
  const all = logs.join('');
  t.match(all, /select \* from individuals where personal_identity_number = '\[pin\]'/, 'the crash is logged, its number masked');
  t.notOk(all.includes(pin), 'the number never reaches the logs');
  t.notOk(all.includes('Bearer '), 'nor the token');
});
