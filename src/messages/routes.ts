import type { FastifyPluginAsync } from 'fastify';
import { contactGroupRoutes } from './contact-groups.routes.js';
import { messageRoutes } from './messages.routes.js';
import { recipientRoutes } from './recipients.routes.js';
import { watchRoutes } from './watch.routes.js';

/** Contact groups and secure messages between providers. */
export const messagingRoutes: FastifyPluginAsync = async (app) => {
  await app.register(contactGroupRoutes);
  await app.register(messageRoutes);
  await app.register(watchRoutes);
  await app.register(recipientRoutes);
};
