import { z } from 'zod';
import { CLIENT_ROLES } from '../auth/roles.js';

const clientRole = z.enum(CLIENT_ROLES).describe('time_reporter (tidsregistreringssystem, e.g. Phoniro), reporting (uppföljning, the city’s reporting scripts)');

export const apiClientSchema = z
  .object({
    id: z.string().describe('The identity provider’s client id: the `sub` of the system’s tokens'),
    name: z.string(),
    organisationId: z.uuid().describe('The organisation the system acts for; its tokens must carry it in `org`'),
    roles: z.array(clientRole),
    registeredBy: z.string(),
    registeredAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    revokedBy: z.string().nullable(),
  })
  .meta({ id: 'ApiClient', description: 'A registered system (API-klient): tokens with its id as `sub` are honoured for its organisation and roles only.' });

export const createApiClientBody = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .describe('The identity provider’s client id (the `sub` of its tokens)'),
  name: z.string().trim().min(1).max(200).describe('What the system is, e.g. “Phoniro, Omsorg Väst”'),
  organisationId: z.uuid(),
  roles: z.array(clientRole).min(1).max(CLIENT_ROLES.length),
});

export const apiClientParams = z.object({ id: z.string().min(1).max(200).describe('Client id') });
export const listApiClientsQuery = z.strictObject({
  organisationId: z.uuid().optional(),
  includeRevoked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('Include revoked clients (default false)'),
});

export const apiClientListSchema = z.object({ items: z.array(apiClientSchema) }).meta({ id: 'ApiClientList' });
