import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/availability.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, validationProblem, type FieldError } from './problem.js';

const CONTEXT_PREFIX: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

function zodFieldErrors(err: FastifyError): FieldError[] {
  const prefix = CONTEXT_PREFIX[err.validationContext ?? 'body'] ?? 'body';
  return (err.validation ?? []).flatMap((v) => {
    const rest = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
    const keys = (v.params as { keys?: string[] } | undefined)?.keys;
    // Unknown properties are reported on their parent: name each offending key instead, one error per key (two
    // unknown keys used to give the one path `body.a,b`, which is no path).
    if (v.keyword === 'unrecognized_keys' && keys?.length) {
      return keys.map((key) => ({ path: [prefix, rest, key].filter(Boolean).join('.'), message: 'is not a known property' }));
    }
    return [{ path: [prefix, rest].filter(Boolean).join('.'), message: v.message ?? 'is not valid' }];
  });
}

/** Postgres errors (also when wrapped by drizzle) that are the caller's fault, never shown raw. */
function databaseProblem(err: unknown): HttpProblem | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const constraint = (e as { constraint?: string }).constraint;
      if (code === '23505') return new HttpProblem('conflict', `A resource with the same unique value already exists${constraint ? ` (${constraint})` : ''}.`);
      if (code === '23503') return new HttpProblem('unprocessable', `A referenced resource does not exist${constraint ? ` (${constraint})` : ''}.`);
      if (code === '22P02' || code === '22007' || code === '22008') return new HttpProblem('bad-request', 'A value has the wrong format.');
      return undefined;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function toProblem(err: FastifyError): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (hasZodFastifySchemaValidationErrors(err)) return validationProblem(zodFieldErrors(err));
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem('payload-too-large', 'The request body is larger than this service accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem('unsupported-media-type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem('bad-request', 'The body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpProblem('bad-request', 'Content-Length does not match the body.');
  }
  const db = databaseProblem(err);
  if (db) return db;
  if (isDatabaseUnavailable(err)) return new HttpProblem('database-unavailable', 'The database cannot be reached just now; nothing was changed. Try again shortly.');
  const status = err.statusCode ?? 500;
  if (status === 429) return new HttpProblem('rate-limited', 'Too many requests; try again later.');
  if (status === 503) return new HttpProblem('service-unavailable', 'The service is under pressure or not ready; try again shortly.');
  if (status >= 400 && status < 500) return new HttpProblem({ slug: 'bad-request', status, title: 'Bad request' }, err.message);
  return new HttpProblem('internal-error', 'Something went wrong on our side. The error is logged with the request id.');
}

/**
 * Fastify's `frameworkErrors` option: errors the router raises before any route or error handler runs (a path
 * parameter longer than `maxParamLength`, a malformed percent-encoding). Without it they were answered with
 * Fastify's own `application/json` body (414 / 400), not problem details.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new HttpProblem('uri-too-long', 'A path segment is longer than this service accepts.')
      : err.code === 'FST_ERR_BAD_URL'
        ? new HttpProblem('bad-request', 'The URL is not valid (a malformed percent-encoding).')
        : toProblem(err);
  request.log.info({ problemType: problem.type, status: problem.status }, 'request refused');
  return sendProblem(request, reply, problem);
}

/** Seconds a client should wait before it tries again after a 503. */
const RETRY_AFTER_SECONDS = '5';

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem) {
  if (problem.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', RETRY_AFTER_SECONDS);
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problem.toJSON(request.url.split('?')[0], String(request.id)));
}

/**
 * One place that turns every error into RFC 9457 problem details: no stack traces or SQL reach a response.
 * Unknown paths are 404, known paths with another method 405 (with Allow).
 */
export const errorHandlerPlugin = fp(async function errorHandler(app: FastifyInstance) {
  const known = FindMyWay();
  const noop = () => {};
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      if (m === 'HEAD' && known.hasRoute('HEAD', route.url)) continue;
      known.on(m as HTTPMethod, route.url, noop);
    }
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const problem = toProblem(err);
    if (problem.type === '/problems/database-unavailable') request.log.warn({ err }, 'database unavailable');
    else if (problem.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ problemType: problem.type, status: problem.status }, 'request refused');
    return sendProblem(request, reply, problem);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter((m) => known.find(m, path));
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(request, reply, new HttpProblem('method-not-allowed', `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`));
    }
    return sendProblem(request, reply, new HttpProblem('not-found', `No route ${request.method} ${path}.`));
  });
});

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before any request exists (headers too large,
 * a malformed request line, a client timeout). Answered as problem details too, then the connection is closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: import('node:net').Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const problem =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new HttpProblem('headers-too-large', 'The request headers are larger than this service accepts.')
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new HttpProblem('request-timeout', 'The request was not received in time.')
        : new HttpProblem('bad-request', 'The request is not valid HTTP.');
  const body = JSON.stringify(problem.toJSON());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
