import type { FastifyPluginAsync } from 'fastify';
import { consentRoutes } from './consents.routes.js';
import { registerRoutes } from './register.routes.js';
import { serviceRoutes } from './services.routes.js';

/** Den enskilde: the register of individuals, their service overview (insatsöversikt) and consents (samtycke). */
export const individualRoutes: FastifyPluginAsync = async (app) => {
  await app.register(registerRoutes);
  await app.register(serviceRoutes);
  await app.register(consentRoutes);
};
