import { and, asc, eq, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CallerBinder } from '../auth/caller.js';
import { CLIENT_ROLES, ROLE_KINDS } from '../auth/roles.js';
import { apiClients, organisations, staff } from '../db/schema/index.js';
import { assertIfMatch, etagOf } from '../http/preconditions.js';
import { conflict, notFound, problemResponses, unprocessable, type FieldError } from '../http/problem.js';
import { apiClientListSchema, apiClientParams, apiClientSchema, createApiClientBody, listApiClientsQuery } from './schemas.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

type Row = typeof apiClients.$inferSelect;
const toDto = (r: Row) => ({
  ...r,
  roles: r.roles as (typeof CLIENT_ROLES)[number][],
  registeredAt: r.registeredAt.toISOString(),
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

/** Only the contract unit's admins register systems: a registered client acts for its organisation with no person behind it. */
const ADMIN = { roles: ['admin'], organisationKinds: ['contract_unit'] } as const;

export const apiClientRoutes: FastifyPluginAsyncZod<{ binder: CallerBinder }> = async (app, opts) => {
  const { db } = app.database;
  const common = { tags: ['api-clients'], security: [{ bearerAuth: [] }] };

  app.post(
    '/api-clients',
    {
      config: { access: ADMIN, idempotent: true },
      schema: {
        ...common,
        operationId: 'registerApiClient',
        summary: 'Register a system that calls the API (API-klient)',
        description:
          'A time-reporting system (tidsregistreringssystem) or a reporting script gets its own client id from the identity provider; registering it here binds that id to one organisation and the roles it may hold. Tokens of an unregistered id are refused (403).',
        body: withExample(createApiClientBody, ex.createApiClientExample),
        response: { 201: answer('The system registered', apiClientSchema, ex.apiClientExample), ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const errors: FieldError[] = [];
      const [org] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, b.organisationId));
      if (!org) errors.push({ path: 'body.organisationId', message: 'no such organisation' });
      for (const [i, role] of b.roles.entries()) {
        if (org && !ROLE_KINDS[role].includes(org.kind)) errors.push({ path: `body.roles.${i}`, message: `${role} is not honoured for an organisation of kind ${org.kind}` });
      }
      if (errors.length) throw unprocessable('The client cannot be registered for that organisation and those roles.', { errors });
      const [person] = await db.select({ id: staff.id }).from(staff).where(eq(staff.id, b.id));
      if (person) throw conflict('That id belongs to a staff member; a system needs a client id of its own.');
      const [row] = await db
        .insert(apiClients)
        .values({ ...b, roles: [...new Set(b.roles)], registeredBy: request.caller.sub })
        .returning();
      opts.binder.forget(b.id);
      return reply.code(201).header('location', `/v1/api-clients/${encodeURIComponent(b.id)}`).send(toDto(row!));
    },
  );

  app.get(
    '/api-clients',
    {
      config: { access: ADMIN },
      schema: {
        ...common,
        operationId: 'listApiClients',
        summary: 'List registered systems',
        description: 'The systems (API-klienter) allowed to call the API, by organisation; revoked ones only with `includeRevoked=true`.',
        querystring: listApiClientsQuery,
        response: { 200: answer('The registered systems', apiClientListSchema, { items: [ex.apiClientExample] }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await db
        .select()
        .from(apiClients)
        .where(and(q.organisationId ? eq(apiClients.organisationId, q.organisationId) : undefined, q.includeRevoked ? undefined : isNull(apiClients.revokedAt)))
        .orderBy(asc(apiClients.id))
        .limit(1000);
      return { items: rows.map(toDto) };
    },
  );

  app.get(
    '/api-clients/:id',
    {
      config: { access: ADMIN },
      schema: {
        ...common,
        operationId: 'getApiClient',
        summary: 'Read a registered system',
        description: 'One registered system by its client id (the `sub` of its tokens), revoked or not.',
        params: apiClientParams,
        response: { 200: answer('The registered system', apiClientSchema, ex.apiClientExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const [row] = await db.select().from(apiClients).where(eq(apiClients.id, request.params.id));
      if (!row) throw notFound('The API client');
      const dto = toDto(row);
      return reply.header('etag', etagOf(dto)).send(dto);
    },
  );

  app.delete(
    '/api-clients/:id',
    {
      config: { access: ADMIN, ifMatch: true },
      schema: {
        ...common,
        operationId: 'revokeApiClient',
        summary: 'Revoke a system: its tokens are refused from now on',
        description: 'The registration stays on record with who revoked it and when; the id cannot be registered again.',
        params: apiClientParams,
        response: { 200: answer('The system, now revoked', apiClientSchema, ex.revokedApiClientExample), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const row = await db.transaction(async (tx) => {
        const [current] = await tx.select().from(apiClients).where(eq(apiClients.id, request.params.id)).for('update');
        if (!current) throw notFound('The API client');
        assertIfMatch(request.ifMatch, toDto(current));
        if (current.revokedAt) throw conflict('The API client is already revoked.');
        const [revoked] = await tx
          .update(apiClients)
          .set({ revokedAt: new Date(), revokedBy: request.caller.sub })
          .where(and(eq(apiClients.id, current.id), isNull(apiClients.revokedAt)))
          .returning();
        return revoked!;
      });
      opts.binder.forget(request.params.id);
      return toDto(row);
    },
  );
};
