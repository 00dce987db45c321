import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';

t.test('consent: record, limit, withdraw, give again; states over time', async (t) => {
  const { app, tokenFor } = await createTestApp(t);
  const karin = bearer(await tokenFor('care-karin'));
  const url = `/v1/individuals/${demo.individual.astrid}/consents`;

  const limited = await app.inject({
    method: 'POST',
    url,
    headers: karin,
    payload: { givenOn: '2025-03-01', method: 'verbal', limitedToOrganisationIds: [demo.org.privateProvider, demo.org.nightUnit], note: 'Muntligt vid besök' },
  });
  t.equal(limited.statusCode, 201);
  t.match(limited.json(), { method: 'verbal', recordedBy: 'care-karin', recordedByOrganisationId: demo.org.privateProvider, state: 'active', withdrawnOn: null });

  const bad = await app.inject({ method: 'POST', url, headers: karin, payload: { givenOn: '2025-03-01', method: 'verbal', limitedToOrganisationIds: ['99999999-0000-4000-8000-000000000000'] } });
  t.equal(bad.statusCode, 422);

  const id = limited.json().id;
  const withdraw = (withdrawnOn: string) => app.inject({ method: 'POST', url: `${url}/${id}/withdraw`, headers: karin, payload: { withdrawnOn } });
  t.equal((await withdraw('2025-02-01')).statusCode, 422, 'not before it was given');
  const w = await withdraw('2025-04-01');
  t.equal(w.statusCode, 200);
  t.equal(w.json().withdrawnOn, '2025-04-01');
  t.equal(w.json().withdrawnBy, 'care-karin');
  t.equal((await withdraw('2025-05-01')).statusCode, 409, 'withdrawn once');

  const states = async (on: string) =>
    (await app.inject({ url: `${url}?on=${on}`, headers: karin })).json().items.map((c: { id: string; state: string }) => [c.id === id ? 'limited' : 'demo', c.state]);
  t.same(await states('2025-03-15'), [['demo', 'active'], ['limited', 'active']]);
  t.same(await states('2025-04-01'), [['demo', 'active'], ['limited', 'withdrawn']], 'the withdrawn consent stays on record');
  t.same(await states('2025-02-15'), [['demo', 'active'], ['limited', 'not_yet_valid']]);

  const unknown = await app.inject({ method: 'POST', url: `${url}/99999999-0000-4000-8000-000000000000/withdraw`, headers: karin, payload: { withdrawnOn: '2025-05-01' } });
  t.equal(unknown.statusCode, 404);
});
