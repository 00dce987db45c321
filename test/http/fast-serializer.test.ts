import t from 'tap';
import { z } from 'zod';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { compiledSerializer } from '../../src/http/fast-serializer.js';
import { page } from '../../src/http/pagination.js';
import { problemSchema } from '../../src/http/problem.js';
import { acknowledgedMessageExample, messageExample, replyExample } from '../../src/messages/examples.js';
import { messageSchema } from '../../src/messages/schemas.js';

// The inbox's compiled serializer writes exactly what the zod serializer writes, and nothing undeclared.

const route = (schema: z.ZodType, httpStatus: string) => ({ schema, method: 'GET', url: '/v1/messages/inbox', httpStatus });
const inboxPage = page(messageSchema);
const zodWritten = serializerCompiler(route(inboxPage, '200'));
const compiled = compiledSerializer(route(inboxPage, '200'));

t.test('a page of messages: the same bytes as zod and JSON.stringify', async (t) => {
  const pages = [
    { items: [messageExample, acknowledgedMessageExample, replyExample], nextCursor: 'WyIyMDI1LTAzLTA0VDE1OjQyOjEwLjAwMFoiXQ' },
    { items: [], nextCursor: null },
    { items: [{ ...messageExample, subject: 'Citat "så" och \\ och \u2028 radbrytning\n', body: 'åäö ÅÄÖ 🙂' }], nextCursor: null },
  ];
  for (const p of pages) t.equal(compiled(p), zodWritten(p));
  t.same(JSON.parse(compiled(pages[2])), pages[2], 'quotes, backslashes, line separators and emoji survive');
});

t.test('nothing undeclared is written', async (t) => {
  const leaky = { items: [{ ...messageExample, personalIdentityNumber: '19410708-2341', recipients: [{ ...messageExample.recipients[0]!, secret: 'x' }] }], nextCursor: null, debug: { sql: 'select 1' } };
  const written = compiled(leaky);
  t.notMatch(written, /19410708|personalIdentityNumber|secret|debug/);
  t.same(JSON.parse(written), { items: [messageExample], nextCursor: null });
});

t.test('answers other than 2xx keep the zod serializer (problem details)', async (t) => {
  const problem = compiledSerializer(route(problemSchema, '400'));
  const body = { type: '/problems/validation', title: 'Bad Request', status: 400, detail: 'limit must be at most 100' };
  t.equal(problem(body), serializerCompiler(route(problemSchema, '400'))(body));
});
