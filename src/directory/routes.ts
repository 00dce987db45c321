import type { FastifyPluginAsync } from 'fastify';
import { organisationRoutes } from './organisations.routes.js';
import { staffRoutes } from './staff.routes.js';
import { unitRoutes } from './units.routes.js';

/** The directory every feature needs: organisations, their units and their staff. */
export const directoryRoutes: FastifyPluginAsync = async (app) => {
  await app.register(organisationRoutes);
  await app.register(unitRoutes);
  await app.register(staffRoutes);
};
