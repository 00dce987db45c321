import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger } from '../../src/logger.js';
import { bearer, createTestApp } from '../helpers/app.js';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

t.test('the logger redacts authorization and personal identity numbers wherever we put them', async (t) => {
  const { logger, lines } = capture();
  logger.info({ headers: { authorization: 'Bearer secret.token.here', accept: 'application/json' } }, 'headers');
  logger.info({ req: { method: 'GET', url: '/v1/individuals?namePrefix=19550215-3124', id: 'r1', headers: { authorization: 'Bearer x', 'user-agent': 'ua' } } }, 'req');
  logger.info({ personalIdentityNumber: '195502153124' }, 'top level');
  logger.info({ individual: { personalIdentityNumber: '195502153124', name: 'C' } }, 'nested');
  logger.info({ row: { personal_identity_number: '195502153124' } }, 'column name');
  logger.info('a message about 550215-3124');
  const dbError = Object.assign(new Error('Failed query: insert into "individuals" values ($1)\nparams: 195502153124'), {
    cause: Object.assign(new Error('duplicate key value violates unique constraint "individuals_pin_unique"'), {
      code: '23505',
      constraint: 'individuals_pin_unique',
      detail: 'Key (personal_identity_number)=(195502153124) already exists.',
    }),
  });
  logger.error({ err: dbError }, 'failed');
  // A failed insert of a message: drizzle puts the subject and body in the error's message; none of it is logged.
  logger.error({ err: new Error('Failed query: insert into "messages" values ($1, $2)\nparams: Astrid föll i natt,Hon har ont i höften') }, 'failed');

  const text = JSON.stringify(lines);
  t.notOk(text.includes('secret.token.here') || text.includes('Bearer'), 'no token');
  t.notOk(/195502153124|5502153124|550215-3124/.test(text), 'no number in any form');
  t.same(lines[0]!.headers, { authorization: '[redacted]', accept: 'application/json' });
  t.same(lines[1]!.req, { method: 'GET', url: '/v1/individuals?namePrefix=[pin]', requestId: 'r1', userAgent: 'ua' }, 'requests: method, masked URL, id, agent; no headers');
  t.equal(lines[2]!.personalIdentityNumber, '[redacted]');
  t.same(lines[3]!.individual, { personalIdentityNumber: '[redacted]', name: 'C' });
  t.same(lines[4]!.row, { personal_identity_number: '[redacted]' });
  t.equal(lines[5]!.msg, 'a message about [pin]');
  t.match(lines[6]!.err, { type: 'Error', code: '23505', constraint: 'individuals_pin_unique', message: /params: \[redacted\]/, cause: /duplicate key/ });
  t.notOk('detail' in (lines[6]!.err as object), 'the Postgres detail (row values) is not logged');
  t.notMatch(JSON.stringify(lines[7]), /Astrid|höften/, 'no parameter of a failed query (a message’s subject and body)');
  t.match(lines[7]!.err, { message: /insert into "messages"/ }, 'the SQL itself stays');
});

t.test('request logs carry the request id, answered in x-request-id and in problems', async (t) => {
  const { app, tokenFor, logs } = await createTestApp(t);
  const token = await tokenFor('admin-anna');
  const ok = await app.inject({ url: '/v1/organisations', headers: bearer(token) });
  const refused = await app.inject({ url: '/v1/organisations', headers: { authorization: 'Bearer not.a.token' } });
  const lines = logs.map((l) => JSON.parse(l) as { reqId?: string; msg: string; req?: { requestId?: string }; res?: { statusCode: number } });
  for (const res of [ok, refused]) {
    const id = res.headers['x-request-id'] as string;
    t.match(id, /^[0-9a-f-]{36}$/);
    const mine = lines.filter((l) => l.reqId === id);
    t.same(mine.map((l) => l.msg).filter((m) => m !== 'request refused'), ['incoming request', 'request completed'], `${res.statusCode}: both request lines`);
    t.equal(mine.find((l) => l.msg === 'incoming request')?.req?.requestId, id);
    t.equal(mine.find((l) => l.msg === 'request completed')?.res?.statusCode, res.statusCode);
  }
  t.equal(refused.json().requestId, refused.headers['x-request-id'], 'a problem names the request id to quote');
  const all = logs.join('');
  t.notOk(all.includes(token) || all.includes('not.a.token'), 'no token, valid or not');
});
