// Examples and answer descriptions for the OpenAPI document, declared next to each route.
//
// `withExample(body, example)` and `answer(description, schema, example)` return a clone of the zod schema: it
// validates and serialises exactly as the original (and a registered component still renders as its `$ref`), while
// the clone carries the documentation in a WeakMap. The swagger transform in src/app.ts collects it per route
// (`routeDocs`) and `placeDocs` writes it where OpenAPI 3.1 wants it: the media type's `example` and the response's
// `description`. (@fastify/swagger drops a schema's `examples` next to a `$ref`, so zod's `.meta({ examples })` is
// not used for this.) test/foundation/openapi-examples.test.ts fails for an operation without a description, a
// request body or 2xx answer without an example, an example its schema refuses, or an answer still called
// "Default Response".
import type { z } from 'zod';

interface Docs {
  example: unknown;
  description?: string;
}

const docs = new WeakMap<object, Docs>();

function documented<T extends z.ZodType>(schema: T, entry: Docs): T {
  const copy = schema.clone() as T;
  docs.set(copy, entry);
  return copy;
}

/** A request body (or a non-JSON answer's schema, e.g. CSV text) with a realistic example; tsc checks its shape. */
export function withExample<T extends z.ZodType>(schema: T, example: z.input<T>): T {
  return documented(schema, { example });
}

/** A 2xx answer: what it is (the response's description instead of "Default Response") and a realistic example. */
export function answer<T extends z.ZodType>(description: string, schema: T, example: z.output<T>): T {
  return documented(schema, { example, description });
}

type MediaExamples = Record<string, unknown>;
/** What one route documents: its body's example, and per status the answer's description and examples by media type. */
export interface RouteDocs {
  body?: unknown;
  responses: Record<string, { description?: string; content: MediaExamples }>;
}

const JSON_TYPE = 'application/json';
const isContentForm = (value: unknown): value is { content: Record<string, { schema: unknown }> } =>
  typeof value === 'object' && value !== null && 'content' in value && typeof value.content === 'object';

/** Reads the documentation from a route's zod schemas (the swagger transform's input). */
export function routeDocs(schema: { body?: unknown; response?: unknown } | undefined): RouteDocs | undefined {
  if (!schema) return undefined;
  const found: RouteDocs = { responses: {} };
  const bodyDocs = typeof schema.body === 'object' && schema.body !== null ? docs.get(schema.body) : undefined;
  if (bodyDocs) found.body = bodyDocs.example;
  for (const [status, response] of Object.entries((schema.response ?? {}) as Record<string, unknown>)) {
    if (isContentForm(response)) {
      const content: MediaExamples = {};
      for (const [type, media] of Object.entries(response.content)) {
        const d = typeof media.schema === 'object' && media.schema !== null ? docs.get(media.schema) : undefined;
        if (d) content[type] = d.example;
      }
      if (Object.keys(content).length > 0) found.responses[status] = { content };
    } else if (typeof response === 'object' && response !== null) {
      const d = docs.get(response);
      if (d) found.responses[status] = { description: d.description, content: { [JSON_TYPE]: d.example } };
    }
  }
  return found.body !== undefined || Object.keys(found.responses).length > 0 ? found : undefined;
}

export const DOCS_KEY = 'x-docs';

interface Media {
  schema?: unknown;
  example?: unknown;
}
interface Operation {
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
  [DOCS_KEY]?: RouteDocs;
}
type Document = { paths?: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, unknown> } };

/** Moves each operation's collected documentation into its media types and responses. */
export function placeDocs<T>(document: T): T {
  const paths = (document as Document).paths ?? {};
  for (const methods of Object.values(paths)) {
    for (const op of Object.values(methods)) {
      const found = op[DOCS_KEY];
      if (!found) continue;
      delete op[DOCS_KEY];
      const bodyMedia = op.requestBody?.content?.[JSON_TYPE];
      if (bodyMedia && found.body !== undefined) bodyMedia.example = found.body;
      for (const [status, { description, content }] of Object.entries(found.responses)) {
        const response = op.responses?.[status];
        if (!response) continue;
        if (description) response.description = description;
        for (const [type, example] of Object.entries(content)) {
          const media = response.content?.[type];
          if (media) media.example = example;
        }
      }
    }
  }
  return document;
}

/**
 * Drops components nothing refers to. The zod provider writes every registered schema twice, as `X` (output) and
 * `XInput` (input), whether or not an operation uses that side: most are answers only, so their `XInput` twin is
 * dead weight (redocly's no-unused-components).
 */
export function dropUnusedComponents<T>(document: T): T {
  const schemas = (document as Document).components?.schemas;
  if (!schemas) return document;
  const PREFIX = '#/components/schemas/';
  const refsIn = (value: unknown, into: Set<string>) => {
    JSON.stringify(value, (key, v: unknown) => {
      if (key === '$ref' && typeof v === 'string' && v.startsWith(PREFIX)) into.add(v.slice(PREFIX.length));
      return v;
    });
  };
  const reached = new Set<string>();
  refsIn((document as Document).paths, reached);
  // Components may refer to one another: follow the references until nothing new is reached.
  let frontier = [...reached];
  while (frontier.length > 0) {
    const next = new Set<string>();
    for (const name of frontier) refsIn(schemas[name], next);
    frontier = [...next].filter((name) => !reached.has(name));
    for (const name of frontier) reached.add(name);
  }
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
  return plainInputNames(document, schemas, PREFIX);
}

/**
 * A component kept only in its input form (`TimeReportVisitInput`: only a request body refers to it) takes the plain
 * name (`TimeReportVisit`), the one its `.meta({ id })` gives it; the references follow.
 */
function plainInputNames<T>(document: T, schemas: Record<string, unknown>, prefix: string): T {
  const renames = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const plain = name.endsWith('Input') ? name.slice(0, -'Input'.length) : '';
    if (plain && !(plain in schemas)) renames.set(`${prefix}${name}`, `${prefix}${plain}`);
  }
  if (renames.size === 0) return document;
  for (const [from, to] of renames) {
    schemas[to.slice(prefix.length)] = schemas[from.slice(prefix.length)];
    delete schemas[from.slice(prefix.length)];
  }
  return JSON.parse(JSON.stringify(document), (key, v: unknown) => (key === '$ref' && typeof v === 'string' && renames.has(v) ? renames.get(v) : v)) as T;
}
