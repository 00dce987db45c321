import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { describeAccess, rolesOf } from './auth/access.js';
import { createCallerBinder, type CallerBinder } from './auth/caller.js';
import { accessPlugin, type AccessEntry } from './auth/plugin.js';
import { apiClientRoutes } from './api-clients/routes.js';
import { refuseWhileClosing } from './http/closing.js';
import { clientErrorHandler, errorHandlerPlugin, frameworkErrors } from './http/error-handler.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { openapiInfo } from './http/openapi-info.js';
import { DOCS_KEY, dropUnusedComponents, placeDocs, routeDocs } from './http/openapi-docs.js';
import { idempotencyPlugin } from './http/idempotency.js';
import { preconditionsPlugin } from './http/preconditions.js';
import { registerMetrics } from './http/metrics.js';
import { problemPageRoutes } from './http/problem-pages.js';
import { refuseNul } from './http/nul-guard.js';
import { acceptedRequestId } from './http/request-id.js';
import { healthRoutes } from './health/routes.js';
import { directoryRoutes } from './directory/routes.js';
import { individualRoutes } from './individuals/routes.js';
import { auditRoutes } from './audit/routes.js';
import { demoRoutes } from './demo/routes.js';
import { compensationRoutes } from './compensation/routes.js';
import { messagingRoutes } from './messages/routes.js';
import { delegationRoutes } from './delegations/routes.js';
import { areaRoutes } from './areas/routes.js';
import { providerRoutes } from './providers/routes.js';
import { defaultProviderRoutes } from './default-provider/routes.js';
import { feeRoutes } from './fees/routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    config: Config;
    /** Every /v1 operation with its declared access, in registration order (the matrix test and README read it). */
    accessTable: AccessEntry[];
    /** Binds tokens to the directory; writes to staff and API clients call `forget`. */
    callers: CallerBinder;
  }
}

export type App = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface AppOptions {
  config: Config;
  database: Database;
  logger: Logger;
}

/** Composes the service; the same factory serves `src/server.ts`, the tests and the OpenAPI export. */
export async function buildApp({ config, database, logger }: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    // A client's x-request-id is kept only when it is a short, safe token (it reaches logs, problems and the audit
    // log); anything else, a personal identity number included, gets a new id.
    requestIdHeader: false,
    genReqId: (req) => acceptedRequestId(req.headers['x-request-id']) ?? randomUUID(),
    // maxParamLength: staff ids (the identity provider's `sub`) may be 200 characters, more once percent-encoded;
    // Fastify's default of 100 made longer ones unreadable. The route schemas set the real limits (400 beyond).
    // frameworkErrors: what the router refuses is answered with problem details too.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    frameworkErrors,
    clientErrorHandler,
    // Fastify's own 503 while closing is not problem details: the hook below answers instead.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: any other body is 415, not a string handed to the validator.
  app.removeContentTypeParser('text/plain');
  registerJsonBodyParser(app);
  app.setValidatorCompiler(refuseNul(validatorCompiler));
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('database', database);
  app.decorate('config', config);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandlerPlugin);
  await app.register(refuseWhileClosing);
  // Before every route: the plugin learns the route templates as they are registered.
  if (config.metrics) await registerMetrics(app, database);
  // A browser front end (a Treserva-like client) on one of CORS_ORIGINS may call the API; preflights are answered
  // before authentication, as browsers send them without credentials.
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Next-Cursor', 'X-Request-Id', 'Idempotent-Replayed'],
    maxAge: 600,
  });
  await app.register(swagger, {
    openapi: { openapi: '3.1.0', ...openapiInfo },
    // Who may call each operation is written from its declaration: a line in the description and `x-roles`.
    // Examples and answer descriptions declared with withExample/answer (src/http/openapi-docs.ts) ride along in
    // `x-docs` and are put in place once the whole document stands.
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const docs = routeDocs(input.schema as Parameters<typeof routeDocs>[0]);
      const schema = docs ? { ...out.schema, [DOCS_KEY]: docs } : out.schema;
      const access = input.route.config?.access;
      if (!access) return { ...out, schema };
      const who = describeAccess(access);
      const description = schema.description ? `${String(schema.description)}\n\n${who}` : who;
      return { ...out, schema: { ...schema, description, 'x-roles': rolesOf(access) } };
    },
    transformObject: (input) => dropUnusedComponents(placeDocs(jsonSchemaTransformObject(input))),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Limits are applied by the /v1 access hook (per caller once bound, per address for refused tokens): no route hooks.
  await app.register(rateLimit, { global: false });
  // 0 turns a threshold off (the tests do: a busy machine must not fail them).
  await app.register(underPressure, { maxEventLoopDelay: config.pressure.maxEventLoopDelayMs, exposeStatusRoute: false });
  await app.register(healthRoutes);
  // The `type` URIs of problem answers resolve to pages that explain them (public, no token).
  await app.register(problemPageRoutes);

  const callers = createCallerBinder(database.db, config.auth.callerCacheMs);
  const accessTable: AccessEntry[] = [];
  app.decorate('callers', callers);
  app.decorate('accessTable', accessTable);
  // /v1: one encapsulated context whose hook authenticates, binds the caller and enforces each route's declaration.
  await app.register(
    async function v1(api) {
      // Answers here may carry personal data: no cache along the way may keep them.
      api.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });
      await api.register(accessPlugin, { auth: config.auth, binder: callers, table: accessTable, limits: config.rateLimits });
      await api.register(idempotencyPlugin, { db: database.db, ttlHours: config.idempotencyKeyHours });
      await api.register(preconditionsPlugin, { required: config.ifMatchRequired });
      await api.register(directoryRoutes);
      await api.register(individualRoutes);
      await api.register(auditRoutes);
      await api.register(apiClientRoutes, { binder: callers });
      await api.register(messagingRoutes);
      await api.register(delegationRoutes);
      await api.register(compensationRoutes);
      await api.register(areaRoutes);
      await api.register(providerRoutes);
      await api.register(defaultProviderRoutes);
      await api.register(feeRoutes);
      if (config.env !== 'production') await api.register(demoRoutes);
    },
    { prefix: '/v1' },
  );
  return app;
}
