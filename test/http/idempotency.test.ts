import { and, eq, sql } from 'drizzle-orm';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { idempotencyKeys } from '../../src/db/schema/index.js';
import { canonicalJson } from '../../src/http/canonical-json.js';
import { parseIdempotencyKey, requestFingerprint } from '../../src/http/idempotency.js';
import { messagingWorld } from '../helpers/messaging.js';

const message = (subject: string) => ({ to: { contactGroupIds: [demoGroup.night] }, individualId: demo.individual.astrid, subject, body: 'Behöver hjälp med medicin i kväll.' });

t.test('the key as sent: a structured-field string or a bare token, 1–255 printable characters', async (t) => {
  t.equal(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"'), '8e03978e-40d5-43e8-bc93-6894a57f9324');
  t.equal(parseIdempotencyKey('abc-123'), 'abc-123');
  t.equal(parseIdempotencyKey('"a \\"b\\""'), 'a "b"');
  t.equal(parseIdempotencyKey('""'), undefined);
  t.equal(parseIdempotencyKey('two words'), undefined);
  t.equal(parseIdempotencyKey('x'.repeat(256)), undefined);
  t.not(requestFingerprint('POST', '/v1/messages', { a: 1 }), requestFingerprint('POST', '/v1/contact-groups', { a: 1 }), 'another path is another request');
  t.equal(requestFingerprint('POST', '/v1/messages', { a: 1, b: 2 }), requestFingerprint('POST', '/v1/messages', { b: 2, a: 1 }));
  t.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }), canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }), 'key order does not matter');
});

t.test('Idempotency-Key on POST /v1/messages', async (t) => {
  const w = await messagingWorld(t);
  const post = async (who: string, key: string | undefined, payload: object) =>
    w.app.inject({ method: 'POST', url: '/v1/messages', headers: { ...(await w.as(who)), ...(key ? { 'idempotency-key': key } : {}) }, payload });
  const before = await w.rowCounts();

  const first = await post('care-karin', '"k-1"', message('Ändrat behov'));
  t.equal(first.statusCode, 201, 'the first request runs');
  t.equal(first.headers.location, `/v1/messages/${first.json().id}`);
  t.notOk(first.headers['idempotent-replayed']);
  const again = await post('care-karin', '"k-1"', { body: 'Behöver hjälp med medicin i kväll.', subject: 'Ändrat behov', individualId: demo.individual.astrid, to: { contactGroupIds: [demoGroup.night] } });
  t.equal(again.statusCode, 201, 'a retry (keys in another order) gets the first answer');
  t.equal(again.body, first.body, 'the same body');
  t.equal(again.headers.location, first.headers.location, 'the same Location');
  t.match(again.headers['content-type'], /application\/json/);
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.equal((await w.rowCounts()).messages, before.messages + 1, 'the message is stored once');

  const other = await post('care-karin', '"k-1"', message('Något annat'));
  t.equal(other.statusCode, 422, 'the same key with another body is refused');
  t.match(other.json(), { type: '/problems/idempotency-key-reused', status: 422 });
  t.match(other.headers['content-type'], /application\/problem\+json/);
  t.equal((await w.rowCounts()).messages, before.messages + 1, 'nothing sent');

  // Another caller with the same key is independent: Mats of the municipal provider sends his own message.
  const mats = await w.app.inject({
    method: 'POST',
    url: '/v1/messages',
    headers: { ...(await w.as('municipal-mats')), 'idempotency-key': 'k-1' },
    payload: { to: { contactGroupIds: [demoGroup.district] }, individualId: demo.individual.bertil, subject: 'Ändrat behov', body: 'Ny tid för besök.' },
  });
  t.equal(mats.statusCode, 201, 'another caller’s key of the same value is its own');
  t.not(mats.json().id, first.json().id);
  t.equal((await w.rowCounts()).messages, before.messages + 2);

  // Without a key nothing changes: two sends are two messages.
  t.equal((await post('care-karin', undefined, message('Utan nyckel'))).statusCode, 201);
  t.equal((await post('care-karin', undefined, message('Utan nyckel'))).statusCode, 201);
  t.equal((await w.rowCounts()).messages, before.messages + 4);

  const bad = await post('care-karin', 'two words', message('Ändrat behov'));
  t.equal(bad.statusCode, 400, 'a malformed key is refused');
  t.equal((await w.rowCounts()).messages, before.messages + 4);

  // A refusal is an answer too: kept and replayed, not run again.
  const refused = await post('care-karin', 'k-refused', { ...message('Till fel mottagare'), to: { contactGroupIds: [demoGroup.camera] } });
  t.equal(refused.statusCode, 422);
  const refusedAgain = await post('care-karin', 'k-refused', { ...message('Till fel mottagare'), to: { contactGroupIds: [demoGroup.camera] } });
  t.equal(refusedAgain.statusCode, 422);
  t.equal(refusedAgain.headers['idempotent-replayed'], 'true');
  t.equal(refusedAgain.json().type, '/problems/recipient-not-serving');

  // Bad input never reaches the handler and keeps no key: the corrected retry runs.
  const invalid = await post('care-karin', 'k-invalid', { subject: 'x' });
  t.equal(invalid.statusCode, 400);
  t.same(await w.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'k-invalid')), [], 'no key row for a 400 of validation');

  // A request still in flight with that key: 409 with Retry-After, nothing sent.
  const [stored] = await w.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.key, 'k-1'), eq(idempotencyKeys.callerSub, 'care-karin')));
  t.ok(stored, 'the key is stored for the caller and its organisation');
  t.equal(stored!.callerOrg, demo.org.privateProvider);
  const hours = (stored!.expiresAt.getTime() - stored!.startedAt.getTime()) / 3_600_000;
  t.ok(hours > 23.99 && hours < 24.01, 'kept 24 hours');
  await w.db.insert(idempotencyKeys).values({ callerSub: 'care-karin', callerOrg: demo.org.privateProvider, key: 'k-flight', fingerprint: stored!.fingerprint, expiresAt: sql`now() + interval '1 day'` });
  const inFlight = await post('care-karin', 'k-flight', message('Ändrat behov'));
  t.equal(inFlight.statusCode, 409);
  t.match(inFlight.json(), { type: '/problems/idempotency-key-in-use' });
  t.equal(inFlight.headers['retry-after'], '1');
  t.equal((await w.rowCounts()).messages, before.messages + 4, 'nothing sent while in flight');

  // An in-flight row whose request died long ago is taken over by the retry.
  await w.db.update(idempotencyKeys).set({ startedAt: sql`now() - interval '10 minutes'` }).where(eq(idempotencyKeys.key, 'k-flight'));
  const takenOver = await post('care-karin', 'k-flight', message('Ändrat behov'));
  t.equal(takenOver.statusCode, 201, 'an abandoned key is taken over');
  t.equal((await w.rowCounts()).messages, before.messages + 5);

  // After 24 hours the key is forgotten (and purged on the next write): the same key runs anew.
  await w.db.update(idempotencyKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(idempotencyKeys.key, 'k-1'));
  const expired = await post('care-karin', 'k-1', message('Ändrat behov'));
  t.equal(expired.statusCode, 201);
  t.not(expired.json().id, first.json().id, 'an expired key does not replay');
  t.notOk(expired.headers['idempotent-replayed']);
});

t.test('two parallel requests with one key: one runs, the other waits its turn or replays, never both', async (t) => {
  const w = await messagingWorld(t);
  const before = await w.rowCounts();
  const headers = { ...(await w.as('care-karin')), 'idempotency-key': 'parallel' };
  const answers = await Promise.all([1, 2, 3].map(() => w.app.inject({ method: 'POST', url: '/v1/messages', headers, payload: message('Parallellt') })));
  const codes = answers.map((a) => a.statusCode).sort();
  t.ok(codes.every((c) => c === 201 || c === 409), `201 or 409 only (${codes.join(', ')})`);
  t.ok(codes.includes(201));
  t.equal((await w.rowCounts()).messages, before.messages + 1, 'one message');
});

t.test('the OpenAPI documents the header on each creating POST, and only there', async (t) => {
  const w = await messagingWorld(t);
  const spec = (await w.app.inject({ url: '/openapi.json' })).json();
  const header = (op: { parameters?: { in: string; name: string }[] }) => op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key');
  const withKey: string[] = [];
  for (const path of Object.values(spec.paths) as Record<string, { operationId: string; parameters?: { in: string; name: string }[] }>[]) {
    for (const op of Object.values(path)) if (header(op)) withKey.push(op.operationId);
  }
  t.same(withKey.sort(), [
    'assignFromWaitingList', 'createArea', 'createCompensationRate', 'createContactGroup', 'createDelegation', 'createIndividual', 'createOrganisation',
    'createServiceAssignment', 'createStaff', 'createUnit', 'recordConsent', 'registerApiClient', 'registerWaitingListEntry', 'renewDelegation', 'sendMessage',
  ]);
  t.ok(spec.paths['/v1/messages'].post.responses['409'] && spec.paths['/v1/messages'].post.responses['422']);
});
