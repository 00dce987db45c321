// A browser front end on a configured origin may call the API; others get no CORS headers.
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { bearer, createTestApp } from '../helpers/app.js';

const FRONT_END = 'https://treserva.goteborg.example';

t.test('a preflight from a configured origin is answered before authentication', async (t) => {
  const { app, tokenFor } = await createTestApp(t, { config: { CORS_ORIGINS: `${FRONT_END}, https://other.example` } });
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/messages',
    headers: { origin: FRONT_END, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key, if-match' },
  });
  t.equal(preflight.statusCode, 204);
  t.equal(preflight.headers['access-control-allow-origin'], FRONT_END);
  t.match(preflight.headers['access-control-allow-headers'], /Authorization/);
  t.match(preflight.headers['access-control-allow-headers'], /If-Match/);
  t.match(preflight.headers['access-control-allow-headers'], /Idempotency-Key/);
  t.match(preflight.headers['access-control-allow-methods'], /PATCH/);

  const read = await app.inject({ url: '/v1/organisations', headers: { origin: FRONT_END, ...bearer(await tokenFor('manager-maria')) } });
  t.equal(read.statusCode, 200);
  t.equal(read.headers['access-control-allow-origin'], FRONT_END);
  for (const h of ['ETag', 'Location', 'Retry-After', 'X-Next-Cursor']) t.match(read.headers['access-control-expose-headers'], new RegExp(h));

  const stranger = await app.inject({ method: 'OPTIONS', url: '/v1/messages', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  t.notOk(stranger.headers['access-control-allow-origin'], 'an origin not configured gets no allowance');
});

t.test('no origins by default', async (t) => {
  const { app } = await createTestApp(t, { demo: false });
  const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/messages', headers: { origin: FRONT_END, 'access-control-request-method': 'POST' } });
  t.notOk(preflight.headers['access-control-allow-origin']);
});

t.test('CORS_ORIGINS must be origins', async (t) => {
  t.throws(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' }), /CORS_ORIGINS/);
  t.throws(() => loadConfig({ CORS_ORIGINS: 'not a url' }), /CORS_ORIGINS/);
  t.same(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins, ['https://a.example', 'http://localhost:5173']);
});
