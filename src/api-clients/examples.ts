// OpenAPI examples for API clients (the demo city's time-reporting system at Omsorg Väst).
import type { z } from 'zod';
import { demo } from '../demo/city.js';
import type { apiClientSchema, createApiClientBody } from './schemas.js';

export const createApiClientExample: z.input<typeof createApiClientBody> = {
  id: 'phoniro-omsorg-vast',
  name: 'Tidsregistrering (Omsorg Väst)',
  organisationId: demo.org.privateProvider,
  roles: ['time_reporter'],
};
export const apiClientExample: z.output<typeof apiClientSchema> = {
  ...createApiClientExample,
  roles: ['time_reporter'],
  registeredBy: 'admin-anna',
  registeredAt: '2025-01-13T08:45:00.000Z',
  revokedAt: null,
  revokedBy: null,
};
export const revokedApiClientExample: z.output<typeof apiClientSchema> = {
  ...apiClientExample,
  revokedAt: '2025-09-30T14:00:00.000Z',
  revokedBy: 'admin-anna',
};
