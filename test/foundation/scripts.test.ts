import { spawnSync } from 'node:child_process';
import { count } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { loadDemoCity } from '../../src/demo/load.js';
import { individuals, messages, staff } from '../../src/db/schema/index.js';
import { bearer, createTestApp } from '../helpers/app.js';

t.test('npm run token mints a development token the service accepts', async (t) => {
  const { app } = await createTestApp(t);
  const env: NodeJS.ProcessEnv = { ...process.env, AUTH_DEV_SECRET: 'test-secret-0123456789-0123456789-abcdef', NODE_ENV: 'test' };
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--sub', 'care-karin', '--org', demo.org.privateProvider, '--roles', 'care_staff'], { env, encoding: 'utf8' });
  t.equal(res.status, 0, res.stderr);
  const token = res.stdout.trim();
  t.match(decodeJwt(token), { sub: 'care-karin', org: demo.org.privateProvider, roles: ['care_staff'], aud: 'hemtjanst-api' });
  t.equal((await app.inject({ url: '/v1/organisations', headers: bearer(token) })).statusCode, 200);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--sub', 's', '--org', demo.org.privateProvider, '--roles', 'king'], { env, encoding: 'utf8' });
  t.equal(bad.status, 2);
  t.match(bad.stderr, /Unknown role "king"/);
});

t.test('the demo city loads twice without change, also through the dev route', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const counts = async () => [
    Number((await db.select({ n: count() }).from(staff))[0]!.n),
    Number((await db.select({ n: count() }).from(individuals))[0]!.n),
    Number((await db.select({ n: count() }).from(messages))[0]!.n),
  ];
  const before = await counts();
  await loadDemoCity(db);
  const res = await app.inject({ method: 'POST', url: '/v1/demo-city', headers: bearer(await tokenFor('admin-anna')) });
  t.equal(res.statusCode, 200);
  t.same(await counts(), before);
  t.equal((await app.inject({ method: 'POST', url: '/v1/demo-city', headers: bearer(await tokenFor('care-karin')) })).statusCode, 403);
});
