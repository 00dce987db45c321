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

/**
 * Every problem type this service answers with: `type` is `/problems/<slug>`, and `GET /problems/<slug>` shows
 * this entry (title, what it means, what to do). A slug used anywhere in src/ must be here: a test scans for them.
 */
export const problemTypes = {
  'validation-error': {
    status: 400,
    title: 'Your request is not valid',
    explanation: 'A field of the body, the query or the path is missing, has the wrong type or format, or is not a known field. `errors` lists each one with its path (e.g. `body.name`, `query.limit`) and what is wrong.',
    action: 'Correct the fields named in `errors` and send the request again. The OpenAPI document (/openapi.json) describes every field.',
  },
  'bad-request': {
    status: 400,
    title: 'Bad request',
    explanation: 'The request could not be read: the body is not valid JSON, a value has the wrong format, a header (such as Idempotency-Key or If-Match) is malformed, or the URL is malformed.',
    action: 'Read `detail`, correct the request and send it again.',
  },
  'invalid-cursor': {
    status: 400,
    title: 'The pagination cursor is not valid',
    explanation: 'The `cursor` of a list was not one this service gave out for this list, or it was changed.',
    action: 'Use the `nextCursor` (or the X-Next-Cursor header) of the previous page unchanged, with the same filters, or start again without a cursor.',
  },
  unauthorized: {
    status: 401,
    title: 'Authentication required',
    explanation: 'The request has no bearer token, or the token is expired, not yet valid, wrongly signed, or lacks the claims this service needs (sub, org, roles).',
    action: 'Get a new token from the identity provider and send it as `Authorization: Bearer <token>`. The WWW-Authenticate header says what was wrong.',
  },
  forbidden: {
    status: 403,
    title: 'Not allowed',
    explanation: 'The token is valid, but its subject is not bound to its organisation in the directory, or no role it holds in an organisation of that kind may do this.',
    action: 'Ask your organisation’s admin for the role needed (the OpenAPI lists who may call each operation), or act through somebody who holds it.',
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    explanation: 'There is no such resource, or it exists but you may not see it (an individual your organisation does not serve, another organisation’s group): both answer the same, so that nothing is revealed.',
    action: 'Check the id. If you should see the record, check that your organisation serves the individual today (insatsöversikt).',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    explanation: 'The path exists, but not with this HTTP method.',
    action: 'Use one of the methods in the Allow header.',
  },
  'not-acceptable': {
    status: 406,
    title: 'Not acceptable',
    explanation: 'The Accept header names no format this operation produces.',
    action: 'Accept application/json (or text/csv where the operation offers CSV).',
  },
  'request-timeout': {
    status: 408,
    title: 'Request timeout',
    explanation: 'The request was not received completely in time.',
    action: 'Send it again; check the connection if it keeps happening.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    explanation: 'The request conflicts with what is stored: a unique value is taken, the action was already done (signed, revoked, ended), or an overlapping record exists.',
    action: 'Read the resource as it stands now, then decide whether your request is still needed.',
  },
  'capacity-reached': {
    status: 409,
    title: 'The provider has reached its capacity cap',
    explanation: 'A new home-care assignment to this private provider would pass the cap (kapacitetstak) it has set for the month.',
    action: 'Choose another provider, or register the individual on the provider’s waiting list (kölista).',
  },
  'idempotency-key-in-use': {
    status: 409,
    title: 'A request with this Idempotency-Key is still in progress',
    explanation: 'An earlier request with the same Idempotency-Key has not been answered yet. Running this one as well could do the same thing twice.',
    action: 'Wait for the Retry-After seconds and send the same request again with the same key: you then get the first request’s answer.',
  },
  'precondition-failed': {
    status: 412,
    title: 'The resource has changed (If-Match does not match)',
    explanation: 'If-Match named an ETag that is no longer the resource’s: somebody changed it after you read it. Nothing was changed, so their change is not overwritten.',
    action: 'GET the resource again, apply your change to what is there now, and send it with the new ETag in If-Match.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    explanation: 'The body is larger than this service accepts (BODY_LIMIT_BYTES).',
    action: 'Send less at a time, e.g. split a batch of visits into several.',
  },
  'uri-too-long': {
    status: 414,
    title: 'URI too long',
    explanation: 'A path segment is longer than this service accepts.',
    action: 'Check the id in the path; long values belong in the body.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    explanation: 'The body is not sent as application/json.',
    action: 'Send JSON with `Content-Type: application/json`.',
  },
  unprocessable: {
    status: 422,
    title: 'The request cannot be carried out',
    explanation: 'The request is well-formed, but a business rule refuses it: a referenced record does not exist or does not fit (a unit of another organisation, a role not honoured there), a date is outside what is allowed.',
    action: 'Read `detail` and `errors`, which name the rule and the fields; change the request accordingly.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'This Idempotency-Key was used for another request',
    explanation: 'The Idempotency-Key was already used by you, within its 24 hours, for a request with another path or body. Nothing was done.',
    action: 'Use a new key (e.g. a new UUID) for each new request; reuse a key only to retry exactly the same request.',
  },
  'no-consent': {
    status: 422,
    title: 'The individual has not consented to this information transfer',
    explanation: 'The individual’s consent (samtycke) in force does not cover passing information to the named recipients’ organisations. Nothing was sent.',
    action: 'Record the individual’s consent first, if they give it, or send only to recipients it covers (`recipients` names the refused ones).',
  },
  'recipient-not-serving': {
    status: 422,
    title: 'A recipient does not serve the individual',
    explanation: 'A recipient’s organisation neither performs a service for the individual today (insatsöversikt) nor is their district, so it may not be told about them. Nothing was sent.',
    action: 'Remove the recipients named in `recipients`, or ask the case worker to register the service first.',
  },
  'precondition-required': {
    status: 428,
    title: 'If-Match is required for this operation',
    explanation: 'This service is configured (IF_MATCH_REQUIRED) to refuse changes to this kind of resource without If-Match, so that no one overwrites another’s change unseen.',
    action: 'GET the resource, then send its ETag in If-Match with your change.',
  },
  'rate-limited': {
    status: 429,
    title: 'Too many requests',
    explanation: 'You sent more requests in a minute than this service allows per caller, or too many requests with a refused token from your address.',
    action: 'Wait for the Retry-After seconds; send batches (one request) rather than many single ones.',
  },
  'headers-too-large': {
    status: 431,
    title: 'Request header fields too large',
    explanation: 'The request’s headers are larger than the server accepts.',
    action: 'Send smaller headers (a very large token or many cookies).',
  },
  'internal-error': {
    status: 500,
    title: 'Internal server error',
    explanation: 'Something went wrong on the service’s side. It is logged with the request id.',
    action: 'Try again later; if it persists, report it with the `requestId` of the answer.',
  },
  'service-unavailable': {
    status: 503,
    title: 'Service unavailable',
    explanation: 'The service is under pressure (event-loop delay) or not ready.',
    action: 'Wait for the Retry-After seconds and try again.',
  },
  'database-unavailable': {
    status: 503,
    title: 'The database is unavailable',
    explanation: 'The database could not be reached or did not answer in time. Nothing was changed.',
    action: 'Wait for the Retry-After seconds and try again (with the same Idempotency-Key for a create).',
  },
} as const satisfies Record<string, { status: number; title: string; explanation: string; action: string }>;

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
