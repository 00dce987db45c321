import type { FastifyPluginAsync } from 'fastify';
import { closingRoutes } from './closing.routes.js';
import { rateRoutes } from './rates.routes.js';
import { reportRoutes } from './reports.routes.js';
import { statementRoutes } from './statements.routes.js';
import { timeReportRoutes } from './time-reports.routes.js';

/** Ersättning för utförd tid: rates, time reports from the time-reporting system, statements and follow-up reports. */
export const compensationRoutes: FastifyPluginAsync = async (app) => {
  await app.register(rateRoutes);
  await app.register(timeReportRoutes);
  await app.register(statementRoutes);
  await app.register(reportRoutes);
  await app.register(closingRoutes);
};
