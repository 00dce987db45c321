import type { FastifyPluginAsync } from 'fastify';
import { individualRoutes } from '../individuals/routes.js';
import { organisationRoutes } from './organisations.routes.js';
import { staffRoutes } from './staff.routes.js';
import { unitRoutes } from './units.routes.js';

/** The nouns every feature needs: organisations, units, staff, individuals. */
export const directoryRoutes: FastifyPluginAsync = async (app) => {
  await app.register(organisationRoutes);
  await app.register(unitRoutes);
  await app.register(staffRoutes);
  await app.register(individualRoutes);
};
