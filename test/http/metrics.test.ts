import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { demo } from '../../src/demo/city.js';
import { createMetricsServer } from '../../src/http/metrics.js';
import { bearer, createTestApp } from '../helpers/app.js';

t.test('METRICS_PORT: validated, off by default, never the API port', async (t) => {
  t.equal(loadConfig({ NODE_ENV: 'test' }).metrics, undefined, 'off by default');
  t.same(loadConfig({ NODE_ENV: 'test', METRICS_PORT: '9464' }).metrics, { port: 9464, host: '127.0.0.1' });
  t.same(loadConfig({ NODE_ENV: 'test', METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics, { port: 9464, host: '0.0.0.0' });
  t.throws(() => loadConfig({ NODE_ENV: 'test', METRICS_PORT: 'abc' }), /METRICS_PORT/);
  t.throws(() => loadConfig({ NODE_ENV: 'test', METRICS_PORT: '70000' }), /METRICS_PORT/);
  t.throws(() => loadConfig({ NODE_ENV: 'test', METRICS_PORT: '3000' }), /METRICS_PORT: must differ from PORT/);
});

t.test('/metrics in Prometheus format: route templates, status codes, pool, event loop; no ids from URLs', async (t) => {
  const w = await createTestApp(t, { demo: true, config: { METRICS_PORT: '9464' } });
  const registry = w.app.metricsRegistry;
  t.ok(registry, 'collected when METRICS_PORT is set');
  const metrics = createMetricsServer(registry!);
  t.teardown(() => metrics.close());

  const cecilia = bearer(await w.tokenFor('caseworker-cecilia'));
  t.equal((await w.app.inject({ url: `/v1/individuals/${demo.individual.astrid}`, headers: cecilia })).statusCode, 200);
  t.equal((await w.app.inject({ url: '/v1/individuals/30000000-0000-4000-8000-0000000000ff', headers: cecilia })).statusCode, 404);
  t.equal((await w.app.inject({ url: '/v1/staff/caseworker-cecilia', headers: cecilia })).statusCode, 200);
  // A personal identity number in a URL (where it does not belong) must not reach a label either.
  t.equal((await w.app.inject({ url: '/v1/individuals/19121212-1212', headers: cecilia })).statusCode, 400);
  t.equal((await w.app.inject({ url: '/v1/no-such-route/191212121212', headers: cecilia })).statusCode, 404);
  t.equal((await w.app.inject({ url: '/health/live' })).statusCode, 200);

  t.equal((await w.app.inject({ url: '/metrics' })).statusCode, 404, 'not served on the API port');
  const res = await metrics.inject({ url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const text = res.body;
  t.match(text, /http_request_duration_seconds_count\{method="GET",route="\/v1\/individuals\/:id",status_code="200"\} 1/, 'duration by route template and status');
  t.match(text, /http_request_duration_seconds_count\{method="GET",route="\/v1\/individuals\/:id",status_code="404"\} 1/, 'status counts per route');
  t.match(text, /http_request_duration_seconds_count\{method="GET",route="\/v1\/individuals\/:id",status_code="400"\} 1/);
  t.match(text, /http_request_duration_seconds_bucket\{le="0\.05",method="GET",route="\/v1\/staff\/:id",status_code="200"\}/, 'a histogram with buckets');
  t.match(text, /nodejs_eventloop_lag_p99_seconds \d/, 'event-loop delay');
  t.match(text, /process_resident_memory_bytes|nodejs_heap_size_used_bytes/);
  if (w.database.kind === 'postgres') {
    t.match(text, /db_pool_connections_in_use \d+/, 'pool in use');
    t.match(text, /db_pool_requests_waiting \d+/, 'pool waiting');
    t.match(text, /db_pool_connections_max 5/);
    t.match(text, /db_driver_info\{driver="pg"\} 1/);
  } else {
    t.notMatch(text, /db_pool_/, 'PGlite has no pool');
    t.match(text, /db_driver_info\{driver="pglite"\} 1/);
  }
  for (const raw of [demo.individual.astrid, '30000000-0000-4000-8000-0000000000ff', '19121212-1212', '191212121212', 'caseworker-cecilia', 'no-such-route']) {
    t.notOk(text.includes(raw), `no ${raw} in the metrics`);
  }
});

t.test('without METRICS_PORT nothing is collected', async (t) => {
  const w = await createTestApp(t, { demo: false });
  t.equal(w.app.metricsRegistry, undefined);
  t.equal((await w.app.inject({ url: '/metrics' })).statusCode, 404);
});
