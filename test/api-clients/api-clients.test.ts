// Registered systems: only the contract unit's admin registers them, their tokens are bound to the organisation
// and roles registered, and a revoked client is refused at once.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { apiClients, staff } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';

const phoniro = { id: 'phoniro-trygg', name: 'Phoniro, Trygg Omsorg', organisationId: demo.org.otherProvider, roles: ['time_reporter'] };

t.test('register, read, list and revoke a client; its tokens follow the registration', async (t) => {
  const { app, db, tokenFor, token } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const asClient = async () => bearer(await token({ sub: phoniro.id, org: phoniro.organisationId, roles: ['time_reporter'] }));
  const tryIt = async () => (await app.inject({ url: '/v1/time-reports?externalId=v-1', headers: await asClient() })).statusCode;

  t.equal(await tryIt(), 403, 'an unregistered client id is refused');
  const created = await app.inject({ method: 'POST', url: '/v1/api-clients', headers: admin, payload: phoniro });
  t.equal(created.statusCode, 201, created.body);
  t.match(created.json(), { ...phoniro, registeredBy: 'admin-anna', revokedAt: null });
  t.equal(created.headers.location, '/v1/api-clients/phoniro-trygg');
  t.equal(await tryIt(), 200, 'registered: its token is honoured');

  const other = bearer(await token({ sub: phoniro.id, org: demo.org.privateProvider, roles: ['time_reporter'] }));
  const wrongOrg = await app.inject({ url: '/v1/time-reports?externalId=v-1', headers: other });
  t.equal(wrongOrg.statusCode, 403, 'the same client id with another organisation');
  t.match(wrongOrg.json().detail, /does not belong to the organisation/);

  t.match((await app.inject({ url: '/v1/api-clients/phoniro-trygg', headers: admin })).json(), phoniro);
  t.ok((await app.inject({ url: `/v1/api-clients?organisationId=${demo.org.otherProvider}`, headers: admin })).json().items.some((c: { id: string }) => c.id === phoniro.id));

  const revoked = await app.inject({ method: 'DELETE', url: '/v1/api-clients/phoniro-trygg', headers: admin });
  t.equal(revoked.statusCode, 200);
  t.equal(revoked.json().revokedBy, 'admin-anna');
  t.equal(await tryIt(), 403, 'revoked: refused at once (the binding cache is cleared)');
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/api-clients/phoniro-trygg', headers: admin })).statusCode, 409, 'revoking twice');
  t.notOk((await app.inject({ url: '/v1/api-clients', headers: admin })).json().items.some((c: { id: string }) => c.id === phoniro.id), 'revoked clients are hidden by default');
  t.ok((await app.inject({ url: '/v1/api-clients?includeRevoked=true', headers: admin })).json().items.some((c: { id: string }) => c.id === phoniro.id));
  t.equal((await db.select().from(apiClients).where(eq(apiClients.id, phoniro.id))).length, 1, 'the registration stays on record');
  t.equal((await app.inject({ method: 'POST', url: '/v1/api-clients', headers: admin, payload: phoniro })).statusCode, 409, 'a revoked id is not registered again');
});

t.test('refusals: who registers, which roles, which ids', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const before = (await db.select().from(apiClients)).length;
  for (const who of ['eku-erik', 'auditor-agnes', 'manager-maria', 'itcontact-ivan', 'caseworker-cecilia', 'phoniro-omsorg-vast']) {
    const res = await app.inject({ method: 'POST', url: '/v1/api-clients', headers: bearer(await tokenFor(who)), payload: { id: 'x' } });
    t.equal(res.statusCode, 403, `${who} may not register systems (403 before the bad body is looked at)`);
    t.equal((await app.inject({ url: '/v1/api-clients', headers: bearer(await tokenFor(who)) })).statusCode, 403, `${who} may not list them`);
  }
  const notHonoured = await app.inject({ method: 'POST', url: '/v1/api-clients', headers: admin, payload: { ...phoniro, roles: ['reporting'] } });
  t.equal(notHonoured.statusCode, 422, 'reporting is a city role: not for a private provider’s system');
  t.same(notHonoured.json().errors, [{ path: 'body.roles.0', message: 'reporting is not honoured for an organisation of kind private_provider' }]);
  const personRole = await app.inject({ method: 'POST', url: '/v1/api-clients', headers: admin, payload: { ...phoniro, roles: ['manager'] } });
  t.equal(personRole.statusCode, 400, 'a person’s role is not a client role');
  t.match(personRole.json().errors[0].path, /body\.roles/);
  const staffId = await app.inject({ method: 'POST', url: '/v1/api-clients', headers: admin, payload: { ...phoniro, id: 'care-karin' } });
  t.equal(staffId.statusCode, 409, 'a staff member’s id');
  const noOrg = await app.inject({ method: 'POST', url: '/v1/api-clients', headers: admin, payload: { ...phoniro, organisationId: '10000000-0000-4000-8000-0000000000ff' } });
  t.equal(noOrg.statusCode, 422);
  t.equal((await db.select().from(apiClients)).length, before, 'nothing was stored');
  t.equal((await app.inject({ url: '/v1/api-clients/nobody', headers: admin })).statusCode, 404);
  t.equal((await db.select().from(staff).where(eq(staff.id, 'x'))).length, 0);
});

t.test('a reporting script of the city is a client too', async (t) => {
  const { app, tokenFor, token } = await createTestApp(t);
  const admin = bearer(await tokenFor('admin-anna'));
  const script = { id: 'uppfoljning-script', name: 'Uppföljning (skript)', organisationId: demo.org.contractUnit, roles: ['reporting'] };
  t.equal((await app.inject({ method: 'POST', url: '/v1/api-clients', headers: admin, payload: script })).statusCode, 201);
  const asScript = bearer(await token({ sub: script.id, org: script.organisationId, roles: ['reporting'] }));
  t.equal((await app.inject({ url: '/v1/compensation/statements?month=2019-05', headers: asScript })).statusCode, 200, 'reads statements');
  const asAdmin = bearer(await token({ sub: script.id, org: script.organisationId, roles: ['reporting', 'admin'] }));
  t.equal((await app.inject({ url: '/v1/compensation/statements?month=2019-05', headers: asAdmin })).statusCode, 403, 'a system claiming admin is refused whole');
});
