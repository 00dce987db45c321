import type { FastifyPluginAsync } from 'fastify';
import { auditRoutes } from '../audit/routes.js';
import { consentRoutes } from '../individuals/consents.routes.js';
import { individualRoutes } from '../individuals/routes.js';
import { serviceRoutes } from '../individuals/services.routes.js';
import { organisationRoutes } from './organisations.routes.js';
import { staffRoutes } from './staff.routes.js';
import { unitRoutes } from './units.routes.js';

/** The nouns every feature needs (organisations, units, staff, individuals), the service overview, consent and the access log. */
export const directoryRoutes: FastifyPluginAsync = async (app) => {
  await app.register(organisationRoutes);
  await app.register(unitRoutes);
  await app.register(staffRoutes);
  await app.register(individualRoutes);
  await app.register(serviceRoutes);
  await app.register(consentRoutes);
  await app.register(auditRoutes);
};
