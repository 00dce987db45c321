import t from 'tap';
import Fastify from 'fastify';
import { LARGE_BODY_BYTES, registerJsonBodyParser } from '../../src/http/json-body.js';

// A large JSON body is decoded, parsed and handed on in turns of the event loop of their own (a 5,000-visit batch
// stalled every other request for 20–40 ms); what it parses to, and what it refuses, stay Fastify's.

async function appWith(parser: boolean) {
  const app = Fastify({ bodyLimit: 16 * 2 ** 20 });
  if (parser) registerJsonBodyParser(app);
  let handlerStarted = false;
  let turns = 0;
  app.addHook('preParsing', async (request, _reply, payload) => {
    handlerStarted = false;
    turns = 0;
    // From the last byte of the body until the handler runs: how many turns of the event loop other work got.
    const tick = () => {
      if (handlerStarted) return;
      turns += 1;
      setImmediate(tick);
    };
    payload.on('end', () => setImmediate(tick));
    return payload;
  });
  app.post('/echo', async (request) => {
    handlerStarted = true;
    const body = request.body as { items: unknown[] };
    return { items: body.items.length };
  });
  return { app, turns: () => turns };
}

const large = JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => ({ i, name: `Åsa Öberg ${i}`, note: 'x'.repeat(8) })) });

t.test('a large body: the same value, with a turn of the event loop before the handler runs', async (t) => {
  t.ok(Buffer.byteLength(large) > LARGE_BODY_BYTES);
  const { app, turns } = await appWith(true);
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: large });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { items: 20_000 });
  t.ok(turns() >= 3, `other work got turns between the body and the handler (${turns()})`);

  // Fastify's own parser (the control): body, parse and handler in one go.
  const plain = await appWith(false);
  t.teardown(() => plain.app.close());
  t.equal((await plain.app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: large })).statusCode, 200);
  t.ok(plain.turns() <= 1, `without it the body was decoded, parsed and handled in one go (${plain.turns()})`);
});

t.test('what Fastify refuses is refused the same, large or small', async (t) => {
  const { app } = await appWith(true);
  t.teardown(() => app.close());
  const post = (payload: string) => app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });
  for (const [name, body] of [
    ['small', '{"items": [1, 2'],
    ['large', `${large.slice(0, -1)},`],
  ] as const) {
    const res = await post(body);
    t.equal(res.statusCode, 400, `${name} invalid JSON`);
    t.equal(res.json().code, 'FST_ERR_CTP_INVALID_JSON_BODY');
  }
  for (const body of ['{"items": [], "__proto__": {"x": 1}}', `${large.slice(0, -1)},"__proto__":{"x":1}}`]) {
    const res = await post(body);
    t.equal(res.statusCode, 400, 'prototype poisoning');
  }
  const empty = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '' });
  t.equal(empty.json().code, 'FST_ERR_CTP_EMPTY_JSON_BODY');
  t.same((await post('{"items":[1,2,3]}')).json(), { items: 3 }, 'a small body as before');
});
