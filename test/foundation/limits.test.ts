// Rate limits, caching and request ids at the edge of /v1.
import t from 'tap';
import { bearer, createTestApp } from '../helpers/app.js';

t.test('per caller: the limit answers 429 rate-limited with Retry-After; another caller is not affected', async (t) => {
  const { app, tokenFor, config } = await createTestApp(t, { config: { RATE_LIMIT_PER_CALLER_PER_MINUTE: '5' } });
  t.equal(config.rateLimits.perCallerPerMinute, 5);
  const maria = bearer(await tokenFor('manager-maria'));
  const codes: number[] = [];
  for (let i = 0; i < 7; i++) codes.push((await app.inject({ url: '/v1/organisations', headers: maria })).statusCode);
  t.same(codes, [200, 200, 200, 200, 200, 429, 429]);
  const limited = await app.inject({ url: '/v1/organisations', headers: maria });
  t.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal(limited.json().type, '/problems/rate-limited');
  t.ok(Number(limited.headers['retry-after']) >= 1, 'Retry-After in seconds');
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(await tokenFor('care-karin')) })).statusCode, 200, 'Karin has her own budget');
  t.equal((await app.inject({ url: '/health/live' })).statusCode, 200, 'health is never limited');
});

t.test('per address: refused tokens are limited before they are verified', async (t) => {
  const { app, tokenFor } = await createTestApp(t, { config: { RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '3' } });
  const codes: number[] = [];
  for (let i = 0; i < 5; i++) codes.push((await app.inject({ url: '/v1/organisations', headers: bearer(`not.a.token${i}`) })).statusCode);
  t.same(codes, [401, 401, 401, 429, 429]);
  const again = await app.inject({ url: '/v1/organisations' });
  t.equal(again.statusCode, 429, 'no token at all counts too');
  t.ok(Number(again.headers['retry-after']) >= 1);
  t.equal(again.json().type, '/problems/rate-limited');
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(await tokenFor('manager-maria')) })).statusCode, 429, 'the address is limited until the window ends');
});

t.test('every /v1 answer is Cache-Control: no-store, refusals included', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const maria = bearer(await tokenFor('manager-maria'));
  for (const [name, res] of [
    ['a read', await app.inject({ url: '/v1/organisations', headers: maria })],
    ['a 401', await app.inject({ url: '/v1/organisations' })],
    ['a 404', await app.inject({ url: '/v1/individuals/30000000-0000-4000-8000-0000000000ff', headers: maria })],
  ] as const) {
    t.equal(res.headers['cache-control'], 'no-store', name);
  }
});

t.test('x-request-id: a short safe id is kept, anything else replaced', async (t) => {
  const { app, logs } = await createTestApp(t, { demo: false });
  const kept = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'treserva-7f3a.19:2' } });
  t.equal(kept.headers['x-request-id'], 'treserva-7f3a.19:2');
  const refused: [string, string][] = [
    ['8 000 characters', 'a'.repeat(8000)],
    ['a personal identity number', '194107082341'],
    ['spaces and markup', '<script> x'],
  ];
  for (const [name, id] of refused) {
    const res = await app.inject({ url: '/health/live', headers: { 'x-request-id': id } });
    t.not(res.headers['x-request-id'], id, name);
    t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/, `${name}: a new uuid`);
  }
  t.notOk(logs.some((l) => l.includes('194107082341')), 'the number reached no log line');
});

t.test('a token in the query string is never logged', async (t) => {
  const { app, logs, tokenFor } = await createTestApp(t);
  const token = await tokenFor('manager-maria');
  const res = await app.inject({ url: `/v1/organisations?access_token=${token}` });
  t.equal(res.statusCode, 401, 'refused: a token goes in the Authorization header');
  t.notOk(logs.some((l) => l.includes(token.split('.')[1]!)), 'no part of the token in the logs');
  t.ok(logs.some((l) => l.includes('access_token=[redacted]')), 'the URL is logged with the value redacted');
});
