// At first start: the city's contract unit and its first admins, created only when missing.
import { eq, inArray } from 'drizzle-orm';
import t from 'tap';
import { mintDevToken } from '../../src/auth/dev-token.js';
import { loadConfig } from '../../src/config.js';
import { organisations, staff } from '../../src/db/schema/index.js';
import { bootstrapCity } from '../../src/directory/bootstrap.js';
import { bearer, createTestApp, testConfig } from '../helpers/app.js';

const CITY = '6f1c1d0e-2a57-4c3f-9d0b-1d6f5b9a7e21';

t.test('creates the contract unit and the admins once, never changes them, and their tokens work', async (t) => {
  const { app, db } = await createTestApp(t, { demo: false });
  const config = testConfig({ CITY_ORGANISATION_ID: CITY, CITY_ORGANISATION_NAME: 'Göteborgs Stad, Avtalsenheten', BOOTSTRAP_ADMIN_SUBS: 'idp|anna, idp|bo' });
  t.same(config.city.adminSubs, ['idp|anna', 'idp|bo']);
  await bootstrapCity(db, config.city);
  const [city] = await db.select().from(organisations).where(eq(organisations.id, CITY));
  t.match(city, { name: 'Göteborgs Stad, Avtalsenheten', kind: 'contract_unit', organisationNumber: '212000-1355' });
  const admins = await db.select().from(staff).where(inArray(staff.id, ['idp|anna', 'idp|bo']));
  t.same(admins.map((a) => [a.id, a.organisationId, a.roles]).sort(), [['idp|anna', CITY, ['admin']], ['idp|bo', CITY, ['admin']]]);

  // An admin renamed or moved by the city stays as the city left it: a restart changes nothing.
  await db.update(staff).set({ name: 'Anna Andersson' }).where(eq(staff.id, 'idp|anna'));
  await db.update(organisations).set({ name: 'Avtalsenheten' }).where(eq(organisations.id, CITY));
  await bootstrapCity(db, config.city);
  t.equal((await db.select().from(staff).where(eq(staff.id, 'idp|anna')))[0]!.name, 'Anna Andersson');
  t.equal((await db.select().from(organisations).where(eq(organisations.id, CITY)))[0]!.name, 'Avtalsenheten');

  const token = await mintDevToken(config.auth, { sub: 'idp|bo', org: CITY, roles: ['admin'] });
  const created = await app.inject({ method: 'POST', url: '/v1/organisations', headers: bearer(token), payload: { name: 'Omsorg Väst AB', kind: 'private_provider', organisationNumber: '556016-0680' } });
  t.equal(created.statusCode, 201, 'the first admin registers the first provider');
});

t.test('production names no admins unless told', async (t) => {
  const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://a@b/c', AUTH_JWKS_URL: 'https://idp.example/jwks', CITY_ORGANISATION_ID: CITY };
  t.same(loadConfig(base).city.adminSubs, []);
  t.same(loadConfig({ ...base, BOOTSTRAP_ADMIN_SUBS: 'idp|anna' }).city.adminSubs, ['idp|anna']);
  t.same(testConfig().city.adminSubs, ['dev-admin'], 'outside production: the development admin');
});
