import { z } from 'zod';

/** RFC 9457 problem details. Domain-specific members (e.g. `recipients`) may follow. */
export const problemSchema = z
  .looseObject({
    type: z.string().describe('URI reference naming the problem type, e.g. /problems/validation-error'),
    title: z.string().describe('Short, human-readable summary of the problem type'),
    status: z.number().int().describe('HTTP status code'),
    detail: z.string().describe('Explanation specific to this occurrence'),
    instance: z.string().optional().describe('The request path that failed'),
    requestId: z.string().optional().describe('Request id, also in the logs'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('For bad input: each offending field path and what is wrong with it'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' });

export type Problem = z.infer<typeof problemSchema>;
export type FieldError = { path: string; message: string };

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The problem types this service answers with; `type` is `/problems/<slug>`. */
export const problemTypes = {
  'validation-error': { status: 400, title: 'Your request is not valid' },
  'bad-request': { status: 400, title: 'Bad request' },
  'invalid-cursor': { status: 400, title: 'The pagination cursor is not valid' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  conflict: { status: 409, title: 'Conflict' },
  'capacity-reached': { status: 409, title: 'The provider has reached its capacity cap' },
  'idempotency-key-in-use': { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used for another request' },
  'precondition-failed': { status: 412, title: 'The resource has changed (If-Match does not match)' },
  'precondition-required': { status: 428, title: 'If-Match is required for this operation' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'uri-too-long': { status: 414, title: 'URI too long' },
  'headers-too-large': { status: 431, title: 'Request header fields too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'unprocessable': { status: 422, title: 'The request cannot be carried out' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal server error' },
  'service-unavailable': { status: 503, title: 'Service unavailable' },
  'database-unavailable': { status: 503, title: 'The database is unavailable' },
} as const;

export type ProblemSlug = keyof typeof problemTypes;

/** Thrown anywhere; the central error handler turns it into application/problem+json. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  constructor(
    slug: ProblemSlug | { slug: string; status: number; title: string },
    readonly detail: string,
    readonly extensions: Record<string, unknown> & { errors?: FieldError[] } = {},
  ) {
    super(detail);
    const def = typeof slug === 'string' ? { slug, ...problemTypes[slug] } : slug;
    this.name = 'HttpProblem';
    this.status = def.status;
    this.type = `/problems/${def.slug}`;
    this.title = def.title;
  }

  toJSON(instance?: string, requestId?: string): Problem {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...(requestId ? { requestId } : {}),
      ...this.extensions,
    };
  }
}

export const notFound = (what: string) => new HttpProblem('not-found', `${what} was not found.`);
export const forbidden = (detail: string) => new HttpProblem('forbidden', detail);
export const conflict = (detail: string, extensions?: Record<string, unknown>) =>
  new HttpProblem('conflict', detail, extensions);
/** A private provider's capacity cap (kapacitetstak) would be passed: the individual may queue instead. */
export const capacityReached = (detail: string, extensions?: Record<string, unknown>) => new HttpProblem('capacity-reached', detail, extensions);
export const unprocessable = (detail: string, extensions?: Record<string, unknown> & { errors?: FieldError[] }) =>
  new HttpProblem('unprocessable', detail, extensions);
export const validationProblem = (errors: FieldError[], detail?: string) =>
  new HttpProblem(
    'validation-error',
    detail ?? `${errors.length === 1 ? 'One field is' : `${errors.length} fields are`} not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    { errors },
  );

const describe: Record<number, string> = {
  400: 'Bad input (validation-error, bad-request, invalid-cursor)',
  401: 'Missing, expired or invalid bearer token',
  403: 'The token is valid but lacks the role or organisation for this',
  404: 'Not found, or not visible to the caller',
  406: 'The Accept header names no format this route produces',
  409: 'Conflicts with the current state (a unique value, an action already done, or a request with the same Idempotency-Key still in progress)',
  412: 'If-Match names no current ETag of the resource: it changed since it was read; nothing was changed',
  413: 'Body too large',
  415: 'Content-Type is not application/json',
  422: 'Understood, but a business rule refuses it (or the Idempotency-Key was used for another request)',
  428: 'This operation is configured to require If-Match (the ETag of the resource as read)',
  503: 'Not ready: the database does not answer, or the service is under pressure',
};

/** Response entries for route schemas, so each operation documents its problem responses. */
export function problemResponses(...statuses: number[]) {
  const out: Record<number, { description: string; content: Record<string, { schema: typeof problemSchema }> }> = {};
  for (const s of statuses) {
    out[s] = { description: describe[s] ?? 'Problem', content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } };
  }
  return out;
}
