import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { canonicalJson } from './canonical-json.js';
import { withHeader } from './header-params.js';
import { HttpProblem, problemResponses } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A creating POST: a retry with the same Idempotency-Key replays the first answer instead of creating twice. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** Set when this request holds an Idempotency-Key row and must store (or release) its answer. */
    idempotencyKey?: { key: string; done: boolean };
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The answer's headers a replay repeats (the body's type, where the created resource is, its version). */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag'] as const;
/** A row still in flight after this long belongs to a request that died (a crash, a lost connection): a retry may take it over. */
const ABANDONED_AFTER_SECONDS = 5 * 60;

/**
 * The key as sent: the draft makes it a structured-field string (`Idempotency-Key: "8e03978e-…"`); a bare token is
 * accepted too, as many clients send one. 1–255 printable ASCII characters.
 */
export function parseIdempotencyKey(raw: string): string | undefined {
  const v = raw.trim();
  const quoted = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/.exec(v);
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, '$1') : /^[\x21-\x7e]+$/.test(v) ? v : undefined;
  return key !== undefined && key.length >= 1 && key.length <= 255 ? key : undefined;
}

/** What must match for a retry to be "the same request": method, path with its query, and the body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${canonicalJson(body)}`).digest('base64url');
}

const idempotencyKeyHeader = z
    .string()
    .optional()
    .describe(
      'Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): a unique value per operation, e.g. a UUID, as a structured-field string (`"…"`) or bare. A retry with the same key and the same request gets the first answer again (status, body, Location) with `Idempotent-Replayed: true`, and nothing is created twice; the same key with another request is 422 `/problems/idempotency-key-reused`; while the first request is still in progress, 409 `/problems/idempotency-key-in-use` with Retry-After. Keys are kept per caller for IDEMPOTENCY_KEY_HOURS (24 by default).',
    );

/**
 * The Idempotency-Key hooks for every route that declares `config: { idempotent: true }`, registered inside /v1
 * after the access hook (the key is per bound caller). The key row is written before the handler runs, in its own
 * statement, so that a parallel retry on any instance sees it in flight; the answer is stored as it is sent.
 * A 5xx or 429 answer releases the key (the retry runs again); every other answer is kept and replayed.
 */
export const idempotencyPlugin = fp(
  async function idempotency(app: FastifyInstance, opts: { db: Db; ttlHours: number }) {
    const { db } = opts;
    app.decorateRequest('idempotencyKey', undefined);

    // Documents the header and the two refusals on each such operation (and validates that it is a string).
    app.addHook('onRoute', (route) => {
      if (!route.config?.idempotent) return;
      const schema = (route.schema ??= {});
      withHeader(schema, IDEMPOTENCY_HEADER, idempotencyKeyHeader);
      schema.response = { ...problemResponses(409, 422), ...(schema.response as object | undefined) };
    });

    const release = async (request: FastifyRequest) => {
      const held = request.idempotencyKey;
      if (!held || held.done) return;
      held.done = true;
      const { sub, org } = request.caller;
      await db
        .delete(idempotencyKeys)
        .where(and(eq(idempotencyKeys.callerOrg, org), eq(idempotencyKeys.callerSub, sub), eq(idempotencyKeys.key, held.key)));
    };

    app.addHook('preHandler', async (request, reply) => {
      if (!request.routeOptions.config.idempotent) return;
      const raw = request.headers[IDEMPOTENCY_HEADER];
      if (raw === undefined) return;
      const key = typeof raw === 'string' ? parseIdempotencyKey(raw) : undefined;
      if (key === undefined) {
        throw new HttpProblem('bad-request', 'Idempotency-Key must be one value of 1–255 printable ASCII characters, e.g. "4f1c2a9e-…" (a UUID).');
      }
      const { sub, org } = request.caller;
      const fingerprint = requestFingerprint(request.method, request.url, request.body);
      const mine = and(eq(idempotencyKeys.callerOrg, org), eq(idempotencyKeys.callerSub, sub), eq(idempotencyKeys.key, key));
      // Expired keys go on write: one indexed delete, nothing to schedule.
      await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, sql`now()`));
      for (let attempt = 0; attempt < 2; attempt++) {
        const claimed = await db
          .insert(idempotencyKeys)
          .values({ callerOrg: org, callerSub: sub, key, fingerprint, expiresAt: sql`now() + make_interval(hours => ${opts.ttlHours})` })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeys.key });
        if (claimed.length > 0) {
          request.idempotencyKey = { key, done: false };
          return;
        }
        const [row] = await db.select().from(idempotencyKeys).where(mine);
        if (!row) continue; // expired and purged by another request in between: claim it anew
        if (row.fingerprint !== fingerprint) {
          throw new HttpProblem(
            'idempotency-key-reused',
            'This Idempotency-Key was already used for another request (another path or body). Use a new key for a new request; nothing was done.',
          );
        }
        if (row.status === null) {
          // One retry takes it over: the condition is evaluated again on the locked row, so a second one finds it fresh.
          const taken = await db
            .update(idempotencyKeys)
            .set({ startedAt: sql`now()` })
            .where(and(mine, isNull(idempotencyKeys.status), lt(idempotencyKeys.startedAt, sql`now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`)))
            .returning({ key: idempotencyKeys.key });
          if (taken.length > 0) {
            request.idempotencyKey = { key, done: false };
            return;
          }
          reply.header('retry-after', '1');
          throw new HttpProblem('idempotency-key-in-use', 'A request with this Idempotency-Key is still in progress. Retry after it has been answered to get its answer.');
        }
        return replay(reply, row);
      }
      throw new HttpProblem('idempotency-key-in-use', 'The Idempotency-Key changed hands while this request was checked; retry.');
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const held = request.idempotencyKey;
      if (!held || held.done) return payload;
      const status = reply.statusCode;
      const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
      if (status >= 500 || status === 429 || body === undefined) {
        await release(request);
        return payload;
      }
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const v = reply.getHeader(name);
        if (v !== undefined) headers[name] = String(v);
      }
      held.done = true;
      const { sub, org } = request.caller;
      await db
        .update(idempotencyKeys)
        .set({ status, headers, body })
        .where(and(eq(idempotencyKeys.callerOrg, org), eq(idempotencyKeys.callerSub, sub), eq(idempotencyKeys.key, held.key)));
      return payload;
    });

    // An answer that never reached onSend (the connection was lost first) must not hold the key for ever.
    app.addHook('onResponse', async (request) => {
      await release(request);
    });
  },
  { name: 'idempotency', dependencies: ['access'] },
);

function replay(reply: FastifyReply, row: typeof idempotencyKeys.$inferSelect) {
  for (const [name, value] of Object.entries(row.headers ?? {})) reply.header(name, value);
  reply.header('idempotent-replayed', 'true');
  return reply.code(row.status!).send(row.body ?? '');
}
