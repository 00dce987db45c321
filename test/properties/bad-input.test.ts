// Property: no input gives a 5xx. For every operation of the committed OpenAPI document, generated bad path values,
// queries and bodies (wrong types, NUL characters, huge strings, extreme dates, forged cursors, bad uuids) are
// answered with a 4xx problem, and a refused write changes no row. Bounded runs; on both databases.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import t from 'tap';
import { rowsOf } from '../../src/db/rows.js';
import { bearer, createTestApp } from '../helpers/app.js';

type Schema = { type?: string | string[]; format?: string; properties?: Record<string, Schema>; items?: Schema; $ref?: string; enum?: unknown[]; anyOf?: Schema[] };
type Parameter = { in: 'path' | 'query' | 'header'; name: string; schema?: Schema };
type Operation = { operationId: string; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> }; 'x-roles'?: string[] };

const spec = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? spec.components.schemas[s.$ref.split('/').pop()!] : s);

/** One demo identity per role, each where the role is honoured. */
const WHO: Record<string, string> = {
  admin: 'admin-anna',
  auditor: 'auditor-agnes',
  reporting: 'eku-erik',
  case_worker: 'caseworker-cecilia',
  manager: 'manager-maria',
  it_contact: 'itcontact-ivan',
  care_staff: 'care-karin',
  licensed: 'nurse-lena',
  time_reporter: 'phoniro-omsorg-vast',
};

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nasty = fc.oneof(
  fc.constant('\u0000'),
  fc.string().map((s) => `${s}\u0000${s}`),
  fc.constant('x'.repeat(5000)),
  fc.constant('9999-12-31'),
  fc.constant('0000-01-01'),
  fc.constant('+275760-09-13T00:00:00.000Z'),
  fc.constant('9999-12'),
  fc.constant('P999999999D'),
  fc.constant('-1'),
  fc.constant('1e308'),
  fc.constant('NaN'),
  fc.constant('00000000-0000-0000-0000-00000000000g'),
  fc.constant(cursor(['+275760-09-13T00:00:00.000Z', '10000000-0000-4000-8000-000000000001'])),
  fc.constant(cursor(['9999-12-31', 'x'])),
  fc.constant(cursor([{}, []])),
  fc.constant(cursor(['A\u0000', '10000000-0000-4000-8000-000000000001'])),
  fc.constant(cursor(['2026-01-01T00:00:00.000Z', '10000000-0000-4000-8000-00000000000\u0000'])),
  fc.tuple(fc.string(), fc.string()).map((key) => cursor(key)),
  fc.constant('%'),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.constant(null),
  fc.constant(-1),
  fc.constant(0.5),
  fc.constant(1e308),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.constant(true),
  fc.constant([]),
  fc.constant({}),
  fc.array(nasty, { maxLength: 3 }),
  fc.constant(Array.from({ length: 6000 }, (_, i) => ({ i }))),
);

/** A body: a valid-looking shape (the schema's own property names) whose values are bad, or garbage outright. */
function bodyFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const props = s?.properties ? Object.keys(s.properties) : [];
  const shaped = props.length ? fc.record(Object.fromEntries(props.map((p) => [p, nastyJson])), { requiredKeys: [] }) : fc.constant({});
  return fc.oneof(shaped, nastyJson, fc.jsonValue({ maxDepth: 2 }));
}

function pathFor(template: string, params: Parameter[]): fc.Arbitrary<string> {
  const names = params.filter((p) => p.in === 'path').map((p) => p.name);
  return fc.record(Object.fromEntries(names.map((n) => [n, nasty]))).map((values) =>
    template.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(String((values as Record<string, string>)[n]))),
  );
}

function queryFor(params: Parameter[]): fc.Arbitrary<string> {
  const names = params.filter((p) => p.in === 'query').map((p) => p.name);
  if (names.length === 0) return fc.constant('');
  return fc.record(Object.fromEntries(names.map((n) => [n, nasty])), { requiredKeys: [] }).map((q) => {
    const search = new URLSearchParams(q as Record<string, string>).toString();
    return search ? `?${search}` : '';
  });
}

t.test('no generated bad input gives a 5xx; a refused write changes no row', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const tables = (await rowsOf<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public'`)).map((r) => r.name);
  const rowCounts = async () => (await rowsOf<{ n: number }>(db, sql.raw(`select ${tables.map((n) => `(select count(*) from "${n}")`).join(' + ')} as n`)))[0]!.n;

  const operations = Object.entries(spec.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  t.ok(operations.length > 50, `${operations.length} operations`);
  for (const { path, method, op } of operations) {
    const role = op['x-roles']?.[0];
    const headers = role ? bearer(await tokenFor(WHO[role]!)) : {};
    const params = op.parameters ?? [];
    const body = op.requestBody?.content?.['application/json']?.schema;
    const write = method !== 'GET';
    const failure = await fc.assert(
      fc.asyncProperty(pathFor(path, params), queryFor(params), body ? bodyFor(body) : fc.constant(undefined), async (url, query, payload) => {
        const before = write ? await rowCounts() : 0;
        const res = await app.inject({ method: method as 'GET', url: `${url}${query}`, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
        if (res.statusCode >= 500) throw new Error(`${method} ${url}${query.slice(0, 200)} → ${res.statusCode}: ${res.body.slice(0, 300)}`);
        if (res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) {
          throw new Error(`${method} ${url} → ${res.statusCode} is not problem+json`);
        }
        if (write && res.statusCode >= 400 && (await rowCounts()) !== before) throw new Error(`${method} ${url} → ${res.statusCode} but rows changed`);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 12), endOnFailure: true },
    ).then(
      () => undefined,
      (err: unknown) => String(err),
    );
    t.equal(failure, undefined, `${op.operationId}: every answer a 4xx problem or a success, no 5xx`);
  }
});
