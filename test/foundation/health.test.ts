import t from 'tap';
import { createTestApp } from '../helpers/app.js';

t.test('health', async (t) => {
  const { app, database } = await createTestApp(t, { demo: false });
  const live = await app.inject({ url: '/health/live' });
  t.equal(live.statusCode, 200);
  t.same(live.json(), { status: 'ok' });
  const ready = await app.inject({ url: '/health/ready' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ok', database: database.kind });
  t.match(ready.headers['x-request-id'], /^[0-9a-f-]{36}$/);
});

t.test('ready answers 503 problem when the database is gone', async (t) => {
  const { app, database } = await createTestApp(t, { demo: false });
  await database.close();
  const res = await app.inject({ url: '/health/ready' });
  t.equal(res.statusCode, 503);
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal(res.json().type, '/problems/database-unavailable');
});
