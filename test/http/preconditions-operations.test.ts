import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';

// Apart from test/http/preconditions.test.ts: each file gets its own database, and PGlite is slow to make one.
type Method = 'PATCH' | 'PUT' | 'DELETE';
const STALE = '"c3RhbGUtZXRhZy1vZi1hbi1vbGRlci12ZXJzaW9uLTAx"';

async function caller(w: TestApp, who: string) {
  return bearer(await w.tokenFor(who));
}

t.test('every PATCH/PUT/DELETE of a single resource honours If-Match', async (t) => {
  const w = await createTestApp(t);
  const cases: { name: string; who: string; get: string; method: Method; url?: string; payload?: object; after: (body: Record<string, unknown>) => unknown }[] = [
    { name: 'updateUnit', who: 'admin-anna', get: `/v1/units/${demo.unit.privateCentrum}`, method: 'PATCH', payload: { name: 'Omsorg Väst Centrum Nya' }, after: (b) => b.name },
    { name: 'updateOrganisation', who: 'admin-anna', get: `/v1/organisations/${demo.org.privateProvider}`, method: 'PATCH', payload: { name: 'Omsorg Väst AB Nya' }, after: (b) => b.name },
    { name: 'updateStaff', who: 'admin-anna', get: '/v1/staff/care-kalle', method: 'PATCH', payload: { name: 'Kalle Ny' }, after: (b) => b.name },
    { name: 'updateArea', who: 'admin-anna', get: '/v1/areas/CENTRUM', method: 'PATCH', payload: { name: 'Centrum Nya' }, after: (b) => b.name },
    { name: 'updateContactGroup', who: 'night-nils', get: `/v1/contact-groups/${demoGroup.night}`, method: 'PATCH', payload: { name: 'Natt Centrum Nya' }, after: (b) => b.name },
    { name: 'setContactGroupMembers', who: 'night-nils', get: `/v1/contact-groups/${demoGroup.night}`, method: 'PUT', url: `/v1/contact-groups/${demoGroup.night}/members`, payload: { staffIds: [] }, after: (b) => b.memberIds },
    { name: 'revokeApiClient', who: 'admin-anna', get: '/v1/api-clients/phoniro-egen-regi', method: 'DELETE', after: (b) => b.revokedAt },
    { name: 'deleteContactGroup', who: 'night-nils', get: `/v1/contact-groups/${demoGroup.night}`, method: 'DELETE', after: (b) => b.archived },
  ];
  for (const c of cases) {
    const headers = await caller(w, c.who);
    const read = await w.app.inject({ url: c.get, headers });
    t.equal(read.statusCode, 200, `${c.name}: GET`);
    const etag = read.headers.etag as string;
    t.ok(etag, `${c.name}: GET answers an ETag`);
    const write = (ifMatch: string) => w.app.inject({ method: c.method, url: c.url ?? c.get, headers: { ...headers, 'if-match': ifMatch }, ...(c.payload ? { payload: c.payload } : {}) });
    const stale = await write(STALE);
    t.equal(stale.statusCode, 412, `${c.name}: a stale ETag is 412`);
    t.equal(stale.json().type, '/problems/precondition-failed');
    const again = await w.app.inject({ url: c.get, headers });
    t.equal(again.headers.etag, etag, `${c.name}: nothing changed`);
    t.same(c.after(again.json()), c.after(read.json()));
    const ok = await write(etag);
    t.equal(ok.statusCode, 200, `${c.name}: the current ETag passes`);
    const now = await w.app.inject({ url: c.get, headers });
    if (now.statusCode === 200) t.not(now.headers.etag, etag, `${c.name}: the ETag changed with the resource`);
  }
  const spec = (await w.app.inject({ url: '/openapi.json' })).json();
  const honouring: string[] = [];
  for (const path of Object.values(spec.paths) as Record<string, { operationId: string; parameters?: { in: string; name: string }[]; responses: Record<string, unknown> }>[]) {
    for (const op of Object.values(path)) {
      if (!op.parameters?.some((p) => p.in === 'header' && p.name === 'if-match')) continue;
      honouring.push(op.operationId);
      t.ok(op.responses['412'] && op.responses['428'], `${op.operationId} documents 412 and 428`);
    }
  }
  t.same(honouring.sort(), [...cases.map((c) => c.name), 'updateIndividual'].sort(), 'the OpenAPI lists If-Match on exactly these');
});

