import Fastify, { type FastifyInstance } from 'fastify';
import fastifyMetrics, { type IMetricsPluginOptions } from 'fastify-metrics';
import promClient, { Registry } from 'prom-client';
import type { Database } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry; present when METRICS_PORT is set. */
    metricsRegistry?: Registry;
  }
}

/**
 * Prometheus metrics of one app, with `fastify-metrics` (prom-client): request duration by method, route template
 * and status (the route's pattern such as `/v1/individuals/:id`, never the raw URL: no ids or personal identity
 * numbers reach a label; unknown URLs are not recorded), Node's default metrics (event-loop delay included), and
 * the database pool. Its own registry (not prom-client's global one), so several apps in one process (the tests)
 * do not clash. Registered at the root before the routes; nothing is served here (see `createMetricsServer`).
 */
export async function registerMetrics(app: FastifyInstance, database: Database) {
  const registry = new Registry();
  const options: Partial<IMetricsPluginOptions> = {
    promClient,
    endpoint: null,
    defaultMetrics: { enabled: true, register: registry },
    routeMetrics: {
      enabled: { histogram: true, summary: false },
      registeredRoutesOnly: true,
      // The docs and the OpenAPI are not the service.
      routeBlacklist: [/^\/docs/, '/openapi.json'],
      overrides: { histogram: { registers: [registry], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] } },
    },
  };
  // A CommonJS module: its plugin is the `default` export.
  await app.register(fastifyMetrics.default, options);
  const pool = database.pool;
  if (pool) {
    const gauge = (name: string, help: string, value: () => number) =>
      new promClient.Gauge({ name, help, registers: [registry], collect() { this.set(value()); } });
    gauge('db_pool_connections_total', 'Connections the pg pool holds (idle and in use)', () => pool.totalCount);
    gauge('db_pool_connections_in_use', 'Connections checked out of the pg pool by a request', () => pool.totalCount - pool.idleCount);
    gauge('db_pool_connections_idle', 'Idle connections in the pg pool', () => pool.idleCount);
    gauge('db_pool_requests_waiting', 'Queries waiting for a pg pool connection (pool exhausted)', () => pool.waitingCount);
    new promClient.Gauge({ name: 'db_pool_connections_max', help: 'DATABASE_POOL_MAX', registers: [registry] }).set(pool.options.max ?? 10);
  }
  // PGlite has one connection and no pool: the driver is named so that a dashboard knows which series to expect.
  new promClient.Gauge({ name: 'db_driver_info', help: 'The database driver in use (1 for the one in use)', labelNames: ['driver'], registers: [registry] })
    .labels(database.kind === 'postgres' ? 'pg' : 'pglite')
    .set(1);
  app.decorate('metricsRegistry', registry);
}

/**
 * The listener for Prometheus on METRICS_PORT: `GET /metrics` and nothing else. Apart from the API port, so that
 * it is never reachable where the API is published (no token is asked: bind METRICS_HOST to an internal address).
 */
export function createMetricsServer(registry: Registry) {
  const server = Fastify({ logger: false });
  server.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  return server;
}
