import t from 'tap';
import { bearer, createTestApp } from '../helpers/app.js';

// Issue 10: inputs of the compensation routes that gave 500. Months and days are bounded to the years 2000–2099 (a
// month in year 9999 ran past the end of the database's calendar); amounts to what a rate can be (a small hourly
// rate derived an inconvenient-hours rate of 0 öre, which the rate table refuses).

t.test('months and days outside 2000–2099 are 400 with the field named; the edges answer', async (t) => {
  const ta = await createTestApp(t);
  const { app } = ta;
  const admin = bearer(await ta.tokenFor('admin-anna'));
  const get = (url: string, accept?: string) => app.inject({ url, headers: accept ? { ...admin, accept } : admin });

  const refused: [string, string][] = [
    ['/v1/compensation/statements?month=9999-12', 'query.month'],
    ['/v1/compensation/statements?month=1999-12', 'query.month'],
    ['/v1/compensation/statements?month=0000-01', 'query.month'],
    ['/v1/compensation/reports/performed-vs-granted?month=9999-12', 'query.month'],
    ['/v1/compensation/reports/declined-added?month=9999-12', 'query.month'],
    ['/v1/compensation/reports/continuity?from=9999-12-31', 'query.from'],
    ['/v1/compensation/reports/continuity?from=0001-01-01', 'query.from'],
  ];
  for (const [url, path] of refused) {
    for (const accept of [undefined, 'text/csv']) {
      const res = await get(url, accept);
      t.equal(res.statusCode, 400, `${url} ${accept ?? ''}`);
      t.match(res.json(), { type: '/problems/validation', errors: [{ path }] }, url);
    }
  }
  // The last month and the last period of the window answer (no rows; no 500 at the edge of the calendar).
  t.equal((await get('/v1/compensation/statements?month=2099-12')).statusCode, 200);
  t.equal((await get('/v1/compensation/statements?month=2099-12', 'text/csv')).statusCode, 200);
  t.equal((await get('/v1/compensation/reports/performed-vs-granted?month=2099-12')).statusCode, 200);
  t.equal((await get('/v1/compensation/reports/declined-added?month=2099-12')).statusCode, 200);
  t.equal((await get('/v1/compensation/reports/continuity?from=2099-12-31&days=92')).statusCode, 200);
  // Before compensation started, inside the window: the domain's clear 422, as before.
  t.equal((await get('/v1/compensation/statements?month=2018-12')).statusCode, 422);

  // The OpenAPI says so.
  const spec = (await app.inject({ url: '/openapi.json' })).json();
  const month = spec.paths['/v1/compensation/statements'].get.parameters.find((p: { name: string }) => p.name === 'month');
  t.match(month.schema.description ?? month.description, /2000-01 to 2099-12/);
});

t.test('rates: amounts are bounded, a small hourly rate is a 400 naming it, not a 500', async (t) => {
  const ta = await createTestApp(t);
  const { app } = ta;
  const admin = bearer(await ta.tokenFor('admin-anna'));
  const post = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/v1/compensation/rates', headers: admin, payload });

  let day = 1;
  const next = () => `2031-01-${String(day++).padStart(2, '0')}`;
  for (const [hourlyOre, path] of [
    [1, 'body.hourlyOre'],
    [5, 'body.hourlyOre'],
    [50, 'body.hourlyOre'],
    [9_999, 'body.hourlyOre'],
    [1_000_001, 'body.hourlyOre'],
    [46_700.5, 'body.hourlyOre'],
  ] as const) {
    const res = await post({ providerKind: 'private', validFrom: next(), hourlyOre });
    t.equal(res.statusCode, 400, `hourlyOre ${hourlyOre}`);
    t.match(res.json(), { type: '/problems/validation', errors: [{ path }] }, `hourlyOre ${hourlyOre}`);
  }
  const smallSupplement = await post({ providerKind: 'private', validFrom: next(), hourlyOre: 46_700, inconvenientOre: 1 });
  t.equal(smallSupplement.statusCode, 400);
  t.match(smallSupplement.json().errors, [{ path: 'body.inconvenientOre', message: /at least 10000 öre/ }]);
  t.equal((await post({ providerKind: 'private', validFrom: '9999-12-31', hourlyOre: 46_700 })).statusCode, 400, 'a start in year 9999');

  // The smallest rate: the supplement is derived (+17 %, whole kronor) and stored.
  const smallest = await post({ providerKind: 'private', validFrom: next(), hourlyOre: 10_000 });
  t.equal(smallest.statusCode, 201);
  t.match(smallest.json(), { hourlyOre: 10_000, inconvenientOre: 11_700 });
  const largest = await post({ providerKind: 'municipal', validFrom: next(), hourlyOre: 1_000_000 });
  t.equal(largest.statusCode, 201);
  t.match(largest.json(), { hourlyOre: 1_000_000, inconvenientOre: 1_170_000 });
});
