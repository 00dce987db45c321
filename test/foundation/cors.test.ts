// A browser front end on a configured origin may call the API; others get no CORS headers.
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
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

  // What the front end does with them: a preflight for a PATCH with If-Match, the GET whose ETag it must read, the
  // write; a create with Idempotency-Key whose Location and Idempotent-Replayed it must read.
  const individual = `/v1/individuals/${demo.individual.astrid}`;
  const patchPreflight = await app.inject({ method: 'OPTIONS', url: individual, headers: { origin: FRONT_END, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type, if-match' } });
  t.equal(patchPreflight.statusCode, 204);
  t.match(patchPreflight.headers['access-control-allow-methods'], /PATCH/);
  t.match(patchPreflight.headers['access-control-allow-methods'], /DELETE/);
  const cecilia = { origin: FRONT_END, ...bearer(await tokenFor('caseworker-cecilia')) };
  const got = await app.inject({ url: individual, headers: cecilia });
  t.ok(got.headers.etag, 'the GET carries an ETag');
  t.match(got.headers['access-control-expose-headers'], /ETag/, 'and the browser may read it');
  const patched = await app.inject({ method: 'PATCH', url: individual, headers: { ...cecilia, 'if-match': got.headers.etag as string }, payload: { name: 'Astrid Andersson' } });
  t.equal(patched.statusCode, 200);
  t.equal(patched.headers['access-control-allow-origin'], FRONT_END);
  const karin = { origin: FRONT_END, ...bearer(await tokenFor('care-karin')), 'idempotency-key': '"cors-1"' };
  const message = { to: { contactGroupIds: [demoGroup.night] }, individualId: demo.individual.astrid, subject: 'Ändrat behov', body: 'Behöver hjälp i kväll.' };
  const sent = await app.inject({ method: 'POST', url: '/v1/messages', headers: karin, payload: message });
  t.equal(sent.statusCode, 201);
  t.ok(sent.headers.location);
  const replayed = await app.inject({ method: 'POST', url: '/v1/messages', headers: karin, payload: message });
  t.equal(replayed.headers['idempotent-replayed'], 'true');
  t.equal(replayed.headers['access-control-allow-origin'], FRONT_END, 'a replayed answer carries the CORS headers too');
  for (const h of ['Location', 'Idempotent-Replayed']) t.match(replayed.headers['access-control-expose-headers'], new RegExp(h));

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
