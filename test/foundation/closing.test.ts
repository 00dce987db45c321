// While the service shuts down, a request still arriving on an open connection is answered 503 in problem details
// (Fastify's own answer was a bare JSON body), with Retry-After and Connection: close; the request already running
// finishes normally.
import { connect } from 'node:net';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';

t.test('a request that arrives while the service closes gets problem details', async (t) => {
  const { database, drop } = await createTestDatabase();
  t.teardown(drop);
  const app = await buildApp({ config: testConfig(), database, logger: createLogger('silent') });
  const gates = new Map<string, () => void>();
  const running = new Map<string, Promise<void>>();
  const gate = (name: string) => {
    let started!: () => void;
    running.set(name, new Promise<void>((resolve) => (started = resolve)));
    const released = new Promise<void>((resolve) => gates.set(name, resolve));
    return { started: () => started(), released };
  };
  const a = gate('a');
  const b = gate('b');
  app.get('/slow-for-test/:name', async (request) => {
    const g = (request.params as { name: string }).name === 'a' ? a : b;
    g.started();
    await g.released;
    return { done: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };

  const open = () => {
    const socket = connect(port, '127.0.0.1');
    const conn = { socket, raw: '' };
    socket.on('data', (d) => (conn.raw += d));
    return conn;
  };
  const waitFor = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  };
  // A keeps the close waiting; B is answered during the close and then asks again on its open connection.
  const connA = open();
  const connB = open();
  connA.socket.write('GET /slow-for-test/a HTTP/1.1\r\nHost: x\r\n\r\n');
  connB.socket.write('GET /slow-for-test/b HTTP/1.1\r\nHost: x\r\n\r\n');
  await Promise.all([running.get('a'), running.get('b')]);
  const closed = app.close();
  await new Promise((r) => setTimeout(r, 50));
  gates.get('b')!();
  await waitFor(() => connB.raw.includes('"done":true'));
  connB.socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
  await waitFor(() => connB.raw.split('HTTP/1.1 ').length > 2);
  gates.get('a')!();
  await waitFor(() => connA.raw.includes('"done":true'));
  connA.socket.destroy();
  connB.socket.destroy();
  await closed;

  const answers = connB.raw.split(/(?=HTTP\/1\.1 )/);
  t.match(connA.raw, /^HTTP\/1\.1 200/, 'the request running when the close began finished');
  t.equal(answers.length, 2, 'both requests on the open connection were answered');
  t.match(answers[0], /^HTTP\/1\.1 200/);
  t.match(answers[1], /^HTTP\/1\.1 503/, 'the one that arrived during the close was refused');
  t.match(answers[1], /content-type: application\/problem\+json/i);
  t.match(answers[1], /retry-after: \d+/i);
  t.match(answers[1], /connection: close/i);
  t.match(answers[1], /"type":"\/problems\/service-unavailable"/);
  t.match(answers[1], /shutting down/);
});
