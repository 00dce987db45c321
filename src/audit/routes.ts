import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Grant } from '../auth/access.js';
import { accessLogPage, type AccessLogRow } from './access-log.sql.js';
import { instantAndTwoUuids, listPage, page, paginationQuery } from '../http/pagination.js';
import { answer } from '../http/openapi-docs.js';
import { problemResponses } from '../http/problem.js';

const auditEventSchema = z
  .object({
    id: z.uuid(),
    occurredAt: z.iso.datetime(),
    actorId: z.string(),
    actorOrganisationId: z.uuid(),
    actorRoles: z.array(z.string()),
    action: z.string().describe('read, list, search, create, update'),
    individualId: z.uuid().nullable(),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent', description: 'One entry of the access log (loggning av åtkomst, HSLF-FS 2016:40)' });

const query = z.strictObject({
  ...paginationQuery,
  individualId: z.uuid().optional(),
  actorId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('From this instant (inclusive)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Up to this instant (inclusive)'),
});

/** Log review (stickprov) is the contract unit's auditors' task; nobody else reads who looked at whom. */
const LOG_REVIEWERS: Grant = { roles: ['auditor'], organisationKinds: ['contract_unit'] };

type Row = AccessLogRow;

/** The access log for spot checks (stickprov). Append-only: no route changes it, a trigger refuses UPDATE/DELETE. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  app.get(
    '/audit-events',
    {
      config: { access: LOG_REVIEWERS },
      schema: {
        operationId: 'listAuditEvents',
        summary: 'Search the access log (auditor)',
        description:
          'Newest first; filter by individual, actor and period. One item per individual read: a read of many at once (a compensation statement, a report, a fee statement) is one entry, listed once per individual, each with the entry’s `id`.',
        tags: ['audit'],
        security: [{ bearerAuth: [] }],
        querystring: query,
        response: {
          200: answer('A page of the access log, newest first', page(auditEventSchema), {
            items: [
              {
                id: 'a1444fa0-3ced-485c-a400-13536df5ddf6',
                occurredAt: '2025-03-04T09:12:31.000Z',
                actorId: 'care-karin',
                actorOrganisationId: '10000000-0000-4000-8000-000000000002',
                actorRoles: ['care_staff'],
                action: 'read',
                individualId: '30000000-0000-4000-8000-000000000001',
                resourceType: 'individual',
                resourceId: '30000000-0000-4000-8000-000000000001',
                requestId: '5d9435af-33c7-4aee-8b07-6fb1a01215bf',
              },
            ],
            nextCursor: 'WyIyMDI1LTAzLTA0VDA5OjEyOjMxLjAwMFoiLCJhMTQ0NGZhMC0zY2VkLTQ4NWMtYTQwMC0xMzUzNmRmNWRkZjYiXQ',
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      return listPage<[string, string, string], Row, Omit<Row, 'occurredAt' | 'entryKey'> & { occurredAt: string }>(q, {
        arity: 3,
        // (occurredAt, entry id, entry key): an entry that read many is one row per individual, all with its id.
        valid: instantAndTwoUuids,
        fetch: (key, take) => accessLogPage(db, q, key, take),
        map: ({ entryKey: _, ...r }) => ({ ...r, occurredAt: r.occurredAt.toISOString() }),
        keyOf: (r) => [r.occurredAt.toISOString(), r.id, r.entryKey],
      });
    },
  );
};
