import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { HttpProblem } from '../http/problem.js';
import { forbiddenDetail, mayCall, type RouteAccess } from './access.js';
import type { CallerBinder } from './caller.js';
import type { Caller } from './roles.js';
import { AuthError, createVerifier } from './verify.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The bound caller. Inside /v1 the access hook sets it before anything else runs: never null there. */
    caller: Caller;
  }
}

/** One row of the access table: what the start-up saw declared. The matrix test and the README table read it. */
export interface AccessEntry {
  method: string;
  url: string;
  operationId: string | undefined;
  access: RouteAccess;
}

export function unauthorized(detail: string) {
  return new HttpProblem('unauthorized', detail);
}

/**
 * The /v1 access hook, registered inside the /v1 plugin (fastify-plugin: its hooks apply to that context only).
 * For every request, before the body is read: 401 without a valid token, 403 when the token's subject is not bound
 * to its organisation or the route's declaration does not admit the caller; only then is the body validated (400).
 * A route without a declaration stops the start.
 */
export const accessPlugin = fp(
  async function access(app: FastifyInstance, opts: { auth: Config['auth']; binder: CallerBinder; table: AccessEntry[]; limits: Config['rateLimits'] }) {
    const verify = createVerifier(opts.auth);
    const minute = 60_000;
    // Per address, counting only refused tokens (checked before the token is verified, so a flood of bad tokens
    // costs no signature checks); per bound caller (sub and organisation), counting every request, a batch as one.
    const failedAuth = opts.limits.unauthenticatedPerMinute > 0 ? app.createRateLimit({ max: opts.limits.unauthenticatedPerMinute, timeWindow: minute, keyGenerator: (r) => `ip:${r.ip}` }) : undefined;
    const perCaller = opts.limits.perCallerPerMinute > 0 ? app.createRateLimit({ max: opts.limits.perCallerPerMinute, timeWindow: minute, keyGenerator: (r) => `caller:${r.caller.sub}|${r.caller.org}` }) : undefined;
    const limited = (reply: FastifyReply, result: { isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }, detail: string) => {
      if (result.isAllowed || !result.isExceeded) return;
      reply.header('retry-after', String(Math.max(1, result.ttlInSeconds)));
      throw new HttpProblem('rate-limited', detail);
    };
    app.decorateRequest('caller', null as unknown as Caller);
    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.every((m) => m === 'HEAD')) return;
      if (!access) throw new Error(`${methods.join(',')} ${route.url} declares no access (config.access): every /v1 route must say who may call it.`);
      for (const method of methods) opts.table.push({ method, url: route.url, operationId: route.schema?.operationId as string | undefined, access });
    });
    app.addHook('onRequest', async (request, reply) => {
      const access = request.routeOptions.config.access;
      // Unknown routes fall through to the 404/405 handler without asking for a token.
      if (request.is404 || !access) return;
      const tooManyFailures = 'Too many requests with a missing or invalid token from this address; try again later.';
      if (failedAuth) limited(reply, await failedAuth(request, { increment: false }), tooManyFailures);
      const refuse = async (problem: HttpProblem) => {
        if (failedAuth) limited(reply, await failedAuth(request), tooManyFailures);
        return problem;
      };
      const header = request.headers.authorization;
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      if (!match?.[1]) {
        reply.header('www-authenticate', 'Bearer');
        throw await refuse(unauthorized('Send Authorization: Bearer <token>.'));
      }
      let principal;
      try {
        principal = await verify(match[1]);
      } catch (err) {
        if (!(err instanceof AuthError)) throw err;
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw await refuse(unauthorized(err.reason));
      }
      request.caller = await opts.binder.bind(principal);
      if (perCaller) limited(reply, await perCaller(request), 'Too many requests from this caller; try again later.');
      if (!mayCall(request.caller, access)) throw new HttpProblem('forbidden', forbiddenDetail(access));
    });
  },
  { name: 'access' },
);
