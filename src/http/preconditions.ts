import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';
import { withHeader } from './header-params.js';
import { HttpProblem, problemResponses } from './problem.js';

/** What If-Match asked for: any current representation (`*`), one of these strong ETags, or nothing (no header). */
export type Precondition = '*' | readonly string[] | undefined;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A PATCH/PUT/DELETE of a single resource that honours If-Match (its GET answers an ETag). */
    ifMatch?: boolean;
  }
  interface FastifyRequest {
    /** The parsed If-Match of a route with `config.ifMatch`; the write compares it inside its transaction. */
    ifMatch: Precondition;
  }
}

/**
 * The strong ETag of a representation: a hash of its canonical JSON. The GET and the write compute it from the same
 * DTO, so any change of what a client sees changes the tag, and nothing else does.
 */
export const etagOf = (representation: unknown) => `"${createHash('sha256').update(canonicalJson(representation)).digest('base64url')}"`;

/** RFC 9110 If-Match: `*` or a list of entity tags. Weak tags (`W/"…"`) never match (strong comparison). */
export function parseIfMatch(raw: string): Precondition {
  const v = raw.trim();
  if (v === '*') return '*';
  const tags: string[] = [];
  const re = /\s*(W\/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(,|$)/y;
  let at = 0;
  while (at < v.length) {
    re.lastIndex = at;
    const m = re.exec(v);
    if (!m || m[0].length === 0) throw new HttpProblem('bad-request', 'If-Match must be * or a list of entity tags as the ETag header gave them, e.g. If-Match: "Xb1…".');
    if (!m[1]) tags.push(m[2]!);
    at = re.lastIndex;
  }
  return tags;
}

/**
 * Inside the write's transaction, with the row locked, given the representation as it stands: 412 when If-Match
 * names no current ETag. Nothing has been written yet when it throws.
 */
export function assertIfMatch(precondition: Precondition, current: unknown): void {
  if (precondition === undefined || precondition === '*') return;
  if (!precondition.includes(etagOf(current))) {
    throw new HttpProblem('precondition-failed', 'The resource has changed since you read it (If-Match names no current ETag). Read it again, apply your change to what is there now, and send it with the new ETag. Nothing was changed.');
  }
}

const ifMatchHeader = z
  .string()
  .optional()
  .describe(
    'If-Match: the ETag from your GET of this resource. When it no longer matches (somebody changed the resource since), the write is refused with 412 `/problems/precondition-failed` and nothing is changed. Optional unless the operation is listed in IF_MATCH_REQUIRED (then 428 `/problems/precondition-required` without it).',
  );

/**
 * If-Match for every route with `config: { ifMatch: true }`: documents the header and 412/428, parses it, and
 * answers 428 when the operation is one of `required` (operationIds, or `*` for all) and the header is missing.
 * The comparison itself is the write's (`assertIfMatch` inside its transaction), so that it is atomic with it.
 */
export const preconditionsPlugin = fp(
  async function preconditions(app: FastifyInstance, opts: { required: readonly string[] }) {
    const honouring = new Set<string>();
    app.decorateRequest('ifMatch', undefined);
    app.addHook('onRoute', (route) => {
      if (!route.config?.ifMatch) return;
      const schema = (route.schema ??= {});
      withHeader(schema, 'if-match', ifMatchHeader);
      schema.response = { ...problemResponses(412, 428), ...(schema.response as object | undefined) };
      if (schema.operationId) honouring.add(String(schema.operationId));
    });
    // A name in IF_MATCH_REQUIRED that is no such operation would silently protect nothing: the start stops.
    app.addHook('onReady', async () => {
      const unknown = opts.required.filter((name) => name !== '*' && !honouring.has(name));
      if (unknown.length) throw new Error(`IF_MATCH_REQUIRED names ${unknown.join(', ')}: not an operation that honours If-Match (${[...honouring].sort().join(', ')})`);
    });
    const requiredAll = opts.required.includes('*');
    app.addHook('preHandler', async (request) => {
      const config = request.routeOptions.config;
      if (!config.ifMatch) return;
      const raw = request.headers['if-match'];
      if (typeof raw === 'string') {
        request.ifMatch = parseIfMatch(raw);
        return;
      }
      const operationId = request.routeOptions.schema?.operationId as string | undefined;
      if (requiredAll || (operationId && opts.required.includes(operationId))) {
        throw new HttpProblem('precondition-required', 'This operation requires If-Match: read the resource, then send its ETag in If-Match with your change, so that no one else’s change is overwritten.');
      }
    });
  },
  { name: 'preconditions', dependencies: ['access'] },
);
