import t from 'tap';
import { count, eq } from 'drizzle-orm';
import { timeReports } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';
import { loadDemoCity } from '../../src/demo/load.js';
import { createTestApp } from '../helpers/app.js';
import { statement } from '../helpers/compensation.js';

t.test('the demo city has a month of visits for Astrid; loading it twice changes nothing', async (t) => {
  const ta = await createTestApp(t);
  const countVisits = async () => (await ta.db.select({ n: count() }).from(timeReports).where(eq(timeReports.individualId, demo.individual.astrid)))[0]!.n;
  t.equal(await countVisits(), 6);
  await loadDemoCity(ta.db);
  t.equal(await countVisits(), 6, 'idempotent');
  const res = await statement(ta.app, await ta.tokenFor('manager-maria'), 'month=2025-03');
  t.equal(res.statusCode, 200);
  // 5 700 s normal, 6 000 s inconvenient at 467 / 546 SEK: 593 790 000 / 3 600 = 164 941.67 öre.
  t.match(res.json().lines, [
    { individualId: demo.individual.astrid, normalSeconds: 5700, inconvenientSeconds: 6000, performedVisits: 4, addedVisits: 1, declinedVisits: 1, declinedSeconds: 300, amountOre: 164942 },
  ]);
});
