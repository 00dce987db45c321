import t from 'tap';
import type { App } from '../../src/app.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { postVisits } from '../helpers/compensation.js';

// The hole: a time-reporting client's `sub` with another `org` re-sent one of Omsorg Väst's visits and got
// `corrected`; the visit moved to the other organisation's unit and Omsorg Väst's March statement fell from
// 1 649,42 kr to 1 311,75 kr. The reporting system is now bound: its client id is honoured only with the
// organisation it is registered for.

/** demo-astrid-2 as Omsorg Väst reported it, moved to the night unit (where Astrid also has granted night care). */
const movedToNightUnit = {
  externalId: 'demo-astrid-2',
  individualId: demo.individual.astrid,
  unitId: demo.unit.nightCentrum,
  staffId: 'night-nils',
  serviceType: 'home_care_night',
  checkIn: '2025-03-04T18:40:00+01:00',
  checkOut: '2025-03-04T19:20:00+01:00',
  status: 'performed',
};

async function omsorgVastMarch(app: App, token: string) {
  const res = await app.inject({ url: `/v1/compensation/statements?month=2025-03&organisationId=${demo.org.privateProvider}`, headers: bearer(token) });
  return res.json() as { lines: { individualId: string; amountOre: number }[]; total: { amountOre: number } };
}

t.test('a time-reporting client cannot report for an organisation it is not registered for', async (t) => {
  const ta = await createTestApp(t);
  const { app } = ta;
  const maria = await ta.tokenFor('manager-maria');
  const before = await omsorgVastMarch(app, maria);
  t.equal(before.total.amountOre, 164942, 'Omsorg Väst’s March: 1 649,42 kr');
  const unchanged = async (after: string) => t.same(await omsorgVastMarch(app, maria), before, `Omsorg Väst’s statement unchanged after ${after}`);

  // Omsorg Väst's registered system with the night unit in `org`.
  const wrongOrg = await ta.token({ sub: 'phoniro-omsorg-vast', org: demo.org.nightUnit, roles: ['time_reporter'] });
  const moved = await postVisits(app, wrongOrg, [movedToNightUnit]);
  t.equal(moved.statusCode, 403, 'a registered client id with another organisation: 403');
  t.equal(moved.json().type, '/problems/forbidden');
  t.notOk(moved.json().results, 'no visit was looked at');
  await unchanged('the client id with another organisation');

  // A client id nobody registered, with either organisation.
  for (const org of [demo.org.nightUnit, demo.org.privateProvider]) {
    const unregistered = await ta.token({ sub: 'phoniro-unregistered', org, roles: ['time_reporter'] });
    const res = await postVisits(app, unregistered, [movedToNightUnit]);
    t.equal(res.statusCode, 403, `an unregistered client id (org ${org === demo.org.nightUnit ? 'night unit' : 'Omsorg Väst'}): 403`);
    t.equal(res.json().type, '/problems/forbidden');
  }
  await unchanged('the unregistered client ids');

  // The night unit's own system, registered by the contract unit's admin, with Omsorg Väst in `org`.
  const registered = await app.inject({
    method: 'POST',
    url: '/v1/api-clients',
    headers: bearer(await ta.tokenFor('admin-anna')),
    payload: { id: 'tes-natt', name: 'Tidsregistrering (natt)', organisationId: demo.org.nightUnit, roles: ['time_reporter'] },
  });
  t.equal(registered.statusCode, 201);
  const nightAsOmsorgVast = await ta.token({ sub: 'tes-natt', org: demo.org.privateProvider, roles: ['time_reporter'] });
  t.equal((await postVisits(app, nightAsOmsorgVast, [{ ...movedToNightUnit, unitId: demo.unit.privateCentrum, staffId: 'care-kalle', serviceType: 'home_care_day_evening' }])).statusCode, 403, 'a registered client id with an organisation it is not registered for: 403');
  await unchanged('another registered client with Omsorg Väst in `org`');

  // Bound to its own organisation, the night unit's system reports into its own id space: the same externalId is a
  // visit of its own, never a correction of Omsorg Väst's.
  const night = await ta.token({ sub: 'tes-natt', org: demo.org.nightUnit, roles: ['time_reporter'] });
  const own = await postVisits(app, night, [movedToNightUnit]);
  t.equal(own.statusCode, 200);
  t.match(own.json().results, [{ externalId: 'demo-astrid-2', outcome: 'created', version: 1 }]);
  await unchanged('the night unit’s own report');

  // Omsorg Väst's own system, bound to Omsorg Väst, cannot move its visit to the night unit either.
  const self = await postVisits(app, await ta.tokenFor('phoniro-omsorg-vast'), [movedToNightUnit]);
  t.match(self.json().results, [{ outcome: 'rejected', reason: /another organisation/ }]);

  // Nothing moved: the visit keeps its one version at Omsorg Väst, and the statement is the same.
  await unchanged('everything');
  const versions = await app.inject({ url: '/v1/time-reports?externalId=demo-astrid-2', headers: bearer(await ta.tokenFor('phoniro-omsorg-vast')) });
  t.match(versions.json().items, [{ version: 1, current: true, unitId: demo.unit.privateCentrum, organisationId: demo.org.privateProvider }]);
  t.equal(versions.json().items.length, 1);
});
