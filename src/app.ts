import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
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
import { authPlugin } from './auth/plugin.js';
import { errorHandlerPlugin, frameworkErrors } from './http/error-handler.js';
import { openapiInfo } from './http/openapi-info.js';
import { healthRoutes } from './health/routes.js';
import { directoryRoutes } from './directory/routes.js';
import { demoRoutes } from './demo/routes.js';
import { compensationRoutes } from './compensation/routes.js';
import { messagingRoutes } from './messages/routes.js';
import { delegationRoutes } from './delegations/routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    config: Config;
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
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // maxParamLength: staff ids (the identity provider's `sub`) may be 200 characters, more once percent-encoded;
    // Fastify's default of 100 made longer ones unreadable. The route schemas set the real limits (400 beyond).
    // frameworkErrors: what the router refuses is answered with problem details too.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: any other body is 415, not a string handed to the validator.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('database', database);
  app.decorate('config', config);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandlerPlugin);
  await app.register(swagger, {
    openapi: { openapi: '3.1.0', ...openapiInfo },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(underPressure, { maxEventLoopDelay: 2000, exposeStatusRoute: false });
  await app.register(authPlugin, { auth: config.auth });
  await app.register(healthRoutes);
  await app.register(directoryRoutes, { prefix: '/v1' });
  await app.register(messagingRoutes, { prefix: '/v1' });
  await app.register(delegationRoutes, { prefix: '/v1' });
  await app.register(compensationRoutes, { prefix: '/v1' });
  if (config.env !== 'production') await app.register(demoRoutes, { prefix: '/v1' });
  return app;
}
