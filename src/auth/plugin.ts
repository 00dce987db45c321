import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { HttpProblem } from '../http/problem.js';
import { hasRole, type Principal, type Role } from './roles.js';
import { AuthError, createVerifier } from './verify.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function unauthorized(detail: string) {
  return new HttpProblem('unauthorized', detail);
}

/** The verified caller; every /v1 route has one (the hook refuses requests without). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized('Send Authorization: Bearer <token>.');
  return request.principal;
}

/** 403 unless the caller holds one of the roles. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): Principal {
  const p = principalOf(request);
  if (!hasRole(p, ...roles)) throw new HttpProblem('forbidden', `This needs one of the roles: ${roles.join(', ')}.`);
  return p;
}

/** Verifies the bearer token on every route under /v1; 401 when missing or invalid. */
export const authPlugin = fp(
  async function auth(app: FastifyInstance, opts: { auth: Config['auth'] }) {
    const verify = createVerifier(opts.auth);
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request, reply) => {
      // Unknown routes fall through to the 404/405 handler without asking for a token. The route's own path decides,
      // not the URL as sent: the router also matches percent-encoded spellings (`/%761/organisations`), which
      // skipped this check before (the handlers' principalOf() still refused them, with a misleading 401).
      const route = request.routeOptions.url;
      if (request.is404 || !route || (!route.startsWith('/v1/') && route !== '/v1')) return;
      const header = request.headers.authorization;
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      if (!match?.[1]) {
        reply.header('www-authenticate', 'Bearer');
        throw unauthorized('Send Authorization: Bearer <token>.');
      }
      try {
        request.principal = await verify(match[1]);
      } catch (err) {
        if (!(err instanceof AuthError)) throw err;
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw unauthorized(err.reason);
      }
    });
  },
  { name: 'auth' },
);
