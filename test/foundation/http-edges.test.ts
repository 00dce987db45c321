// What Node's HTTP parser refuses before any route runs is answered as problem details too.
import { connect } from 'node:net';
import t from 'tap';
import { createTestApp } from '../helpers/app.js';

async function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => (data += String(chunk)));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
  });
}

t.test('431 and a malformed request are problem+json', async (t) => {
  const { app } = await createTestApp(t, { demo: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;

  const big = await raw(port, `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  t.match(big, /^HTTP\/1\.1 431 /);
  t.match(big, /Content-Type: application\/problem\+json/);
  const body = JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4)) as { type: string; status: number; detail: string };
  t.equal(body.type, '/problems/headers-too-large');
  t.equal(body.status, 431);

  const broken = await raw(port, 'GARBAGE\r\n\r\n');
  t.match(broken, /^HTTP\/1\.1 400 /);
  t.match(broken, /"type":"\/problems\/bad-request"/);
});
