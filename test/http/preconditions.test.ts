import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { etagOf, parseIfMatch } from '../../src/http/preconditions.js';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { bearer, createTestApp, testConfig, type TestApp } from '../helpers/app.js';

const STALE = '"c3RhbGUtZXRhZy1vZi1hbi1vbGRlci12ZXJzaW9uLTAx"';

async function caller(w: TestApp, who: string) {
  return bearer(await w.tokenFor(who));
}

t.test('If-Match is * or a list of strong entity tags', async (t) => {
  t.equal(parseIfMatch('*'), '*');
  t.same(parseIfMatch('"a", "b"'), ['"a"', '"b"']);
  t.same(parseIfMatch('W/"a", "b"'), ['"b"'], 'weak tags never match');
  t.throws(() => parseIfMatch('abc'), /If-Match must be/);
  t.throws(() => parseIfMatch('"a" "b"'), /If-Match must be/);
  t.equal(etagOf({ a: 1, b: 2 }), etagOf({ b: 2, a: 1 }));
  t.match(etagOf({ a: 1 }), /^"[A-Za-z0-9_-]{43}"$/, 'a strong tag');
});

t.test('two case workers editing the same individual: the second gets 412, nothing is overwritten', async (t) => {
  const w = await createTestApp(t);
  const cecilia = await caller(w, 'caseworker-cecilia');
  const url = `/v1/individuals/${demo.individual.astrid}`;
  const read = await w.app.inject({ url, headers: cecilia });
  t.equal(read.statusCode, 200);
  const etag = read.headers.etag as string;
  t.match(etag, /^"[A-Za-z0-9_-]+"$/, 'GET answers a strong ETag');
  t.equal((await w.app.inject({ url, headers: cecilia })).headers.etag, etag, 'the same while nothing changes');

  const stale = await w.app.inject({ method: 'PATCH', url, headers: { ...cecilia, 'if-match': STALE }, payload: { name: 'Astrid Överskriven' } });
  t.equal(stale.statusCode, 412);
  t.match(stale.json(), { type: '/problems/precondition-failed', status: 412 });
  t.match(stale.headers['content-type'], /application\/problem\+json/);
  t.equal((await w.app.inject({ url, headers: cecilia })).json().name, read.json().name, 'nothing changed');

  const weak = await w.app.inject({ method: 'PATCH', url, headers: { ...cecilia, 'if-match': `W/${etag}` }, payload: { name: 'Astrid Svag' } });
  t.equal(weak.statusCode, 412, 'a weak tag does not match (strong comparison)');

  const first = await w.app.inject({ method: 'PATCH', url, headers: { ...cecilia, 'if-match': etag }, payload: { name: 'Astrid Andersson-Berg' } });
  t.equal(first.statusCode, 200, 'the current ETag lets the write through');
  t.not(first.headers.etag, etag, 'a new ETag for the new state');
  const after = await w.app.inject({ url, headers: cecilia });
  t.equal(after.headers.etag, first.headers.etag, 'the write answers the ETag a GET gives now');
  t.equal(after.json().name, 'Astrid Andersson-Berg');

  // The second case worker still holds the first ETag.
  const second = await w.app.inject({ method: 'PATCH', url, headers: { ...cecilia, 'if-match': etag }, payload: { name: 'Astrid Andersson' } });
  t.equal(second.statusCode, 412, 'the stale ETag is refused');
  t.equal((await w.app.inject({ url, headers: cecilia })).json().name, 'Astrid Andersson-Berg', 'the first change stands');

  t.equal((await w.app.inject({ method: 'PATCH', url, headers: { ...cecilia, 'if-match': `${STALE}, ${after.headers.etag as string}` }, payload: { name: 'Astrid A' } })).statusCode, 200, 'one of a list matching is enough');
  t.equal((await w.app.inject({ method: 'PATCH', url, headers: { ...cecilia, 'if-match': '*' }, payload: { name: 'Astrid B' } })).statusCode, 200, '* matches any current state');
  t.equal((await w.app.inject({ method: 'PATCH', url, headers: cecilia, payload: { name: 'Astrid C' } })).statusCode, 200, 'without If-Match the write goes through (not required by default)');
  t.equal((await w.app.inject({ method: 'PATCH', url, headers: { ...cecilia, 'if-match': 'not-a-tag' }, payload: { name: 'Astrid D' } })).statusCode, 400, 'a malformed If-Match is 400');

  // Visibility first: an individual the caller may not see stays 404, whatever If-Match says.
  const hugo = await caller(w, 'caseworker-hugo');
  t.equal((await w.app.inject({ method: 'PATCH', url, headers: { ...hugo, 'if-match': STALE }, payload: { name: 'X' } })).statusCode, 404);

  // Parallel writes with the same ETag: exactly one wins (the compare is atomic with the write).
  const current = (await w.app.inject({ url, headers: cecilia })).headers.etag as string;
  const answers = await Promise.all(
    ['Astrid Ett', 'Astrid Två', 'Astrid Tre'].map((name) => w.app.inject({ method: 'PATCH', url, headers: { ...cecilia, 'if-match': current }, payload: { name } })),
  );
  t.same(answers.map((a) => a.statusCode).sort(), [200, 412, 412], 'one of three parallel writes with one ETag');
  const winner = answers.find((a) => a.statusCode === 200)!.json().name;
  t.equal((await w.app.inject({ url, headers: cecilia })).json().name, winner, 'the one that won is what is stored');
});

t.test('IF_MATCH_REQUIRED: 428 without If-Match on the listed operations only', async (t) => {
  const w = await createTestApp(t, { demo: true, config: { IF_MATCH_REQUIRED: 'updateIndividual' } });
  const cecilia = await caller(w, 'caseworker-cecilia');
  const url = `/v1/individuals/${demo.individual.astrid}`;
  const missing = await w.app.inject({ method: 'PATCH', url, headers: cecilia, payload: { name: 'Astrid Utan' } });
  t.equal(missing.statusCode, 428);
  t.match(missing.json(), { type: '/problems/precondition-required', status: 428 });
  t.not((await w.app.inject({ url, headers: cecilia })).json().name, 'Astrid Utan', 'nothing changed');
  const etag = (await w.app.inject({ url, headers: cecilia })).headers.etag as string;
  t.equal((await w.app.inject({ method: 'PATCH', url, headers: { ...cecilia, 'if-match': etag }, payload: { name: 'Astrid Med' } })).statusCode, 200);
  const anna = await caller(w, 'admin-anna');
  t.equal((await w.app.inject({ method: 'PATCH', url: '/v1/areas/CENTRUM', headers: anna, payload: { name: 'Centrum' } })).statusCode, 200, 'an operation not listed needs no If-Match');
  // The role refusal still comes first (403 before 428): the access hook runs before the body and the header.
  const karin = await caller(w, 'care-karin');
  t.equal((await w.app.inject({ method: 'PATCH', url, headers: karin, payload: { name: 'X' } })).statusCode, 403);

  // `*` covers every operation that honours If-Match (a second app on the same database).
  const all = await buildApp({ config: testConfig({ IF_MATCH_REQUIRED: '*' }), database: w.database, logger: createLogger('silent') });
  t.teardown(() => all.close());
  await all.ready();
  t.equal((await all.inject({ method: 'PATCH', url: '/v1/areas/CENTRUM', headers: anna, payload: { name: 'Centrum' } })).statusCode, 428);
  t.equal((await all.inject({ method: 'DELETE', url: '/v1/api-clients/phoniro-egen-regi', headers: anna })).statusCode, 428);

  // A name that is no operation honouring If-Match would protect nothing: the start stops, naming it.
  const typo = await buildApp({ config: testConfig({ IF_MATCH_REQUIRED: 'updateIndividual,updateNothing' }), database: w.database, logger: createLogger('silent') });
  await t.rejects(async () => { await typo.ready(); }, /IF_MATCH_REQUIRED names updateNothing/);
  await typo.close().catch(() => {});
});


