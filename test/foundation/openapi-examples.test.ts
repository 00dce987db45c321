import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import t from 'tap';
import { createTestApp } from '../helpers/app.js';

// The documentation a client reads in Swagger: every operation says what it does, every request body and every
// 2xx answer shows a realistic example that its own schema accepts, and every answer has a name. The messages name
// the operation and what it lacks (see the README's "OpenAPI" part for how to add them).

type Media = { schema?: unknown; example?: unknown; examples?: Record<string, { value?: unknown }> };
type Operation = {
  operationId?: string;
  description?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
};
type Spec = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const WHO_MAY_CALL = /(^|\n\n)Who may call: .*$/;
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;

/** What the document lacks (descriptions, examples, named answers), which examples their schemas refuse, unused components. */
function audit(spec: Spec) {
  // The schemas refer to components as #/components/schemas/X: validate inside a root that holds them.
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  const ROOT = 'https://hemtjanst-api.invalid/openapi.json';
  ajv.addSchema({ $id: ROOT, components: spec.components });
  // Many media types share a schema (a $ref): compile each once.
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const check = (schema: unknown) => {
    const text = JSON.stringify(schema).replaceAll('"#/components/', `"${ROOT}#/components/`);
    let validator = compiled.get(text);
    if (!validator) compiled.set(text, (validator = ajv.compile(JSON.parse(text) as object)));
    return validator;
  };

  const lacking: string[] = [];
  const refused: string[] = [];
  const examplesOf = (media: Media) =>
    media.example !== undefined ? [media.example] : Object.values(media.examples ?? {}).map((e) => e.value);
  const validate = (where: string, media: Media) => {
    const validator = check(media.schema ?? {});
    for (const example of examplesOf(media)) {
      if (!validator(example)) refused.push(`${where}: ${ajv.errorsText(validator.errors)}`);
    }
  };

  let operations = 0;
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      operations += 1;
      const name = `${op.operationId ?? '?'} (${method.toUpperCase()} ${path})`;
      const own = (op.description ?? '').replace(WHO_MAY_CALL, '').trim();
      if (!own) lacking.push(`${name}: no description (schema.description, besides the generated "Who may call" line)`);
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        if (examplesOf(media).length === 0) lacking.push(`${name}: no example for the ${type} request body (withExample)`);
        else validate(`${name} request body ${type}`, media);
      }
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        if (!response.description || response.description === 'Default Response') {
          lacking.push(`${name}: ${status} is still called "Default Response" (answer(description, …))`);
        }
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (examplesOf(media).length === 0) lacking.push(`${name}: no example for the ${status} ${type} answer (answer / withExample)`);
          else validate(`${name} ${status} ${type}`, media);
        }
      }
    }
  }
  const text = JSON.stringify(spec);
  const unused = Object.keys(spec.components.schemas).filter((name) => !text.includes(`"#/components/schemas/${name}"`));
  return { operations, lacking, refused, unused };
}

t.test('every operation has a description, and examples its schemas accept for its body and 2xx answers', async (t) => {
  const { app } = await createTestApp(t, { demo: false });
  const spec = (await app.inject({ url: '/openapi.json' })).json() as Spec;
  const { operations, lacking, refused, unused } = audit(spec);
  t.ok(operations > 60, `${operations} operations checked`);
  t.same(lacking, [], 'no operation lacks a description, an example or a named answer');
  t.same(refused, [], 'every example is valid against the schema it documents');
  t.same(unused, [], 'no component is left unused (the provider’s *Input twins are dropped)');
});

t.test('the audit finds what is missing or wrong (it cannot pass vacuously)', async (t) => {
  const visit = { type: 'object', properties: { startedAt: { type: 'string', format: 'date-time' } }, required: ['startedAt'] };
  const spec: Spec = {
    components: { schemas: { Visit: visit, Orphan: { type: 'string' } } },
    paths: {
      '/v1/visits': {
        post: {
          operationId: 'reportVisit',
          description: 'Who may call: `time_reporter`.',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Visit' }, example: { startedAt: '2025-03-04 08:00' } } } },
          responses: { '201': { description: 'Default Response', content: { 'application/json': { schema: { $ref: '#/components/schemas/Visit' } } } } },
        },
        get: {
          operationId: 'listVisits',
          description: 'The visits.',
          responses: { '200': { description: 'The visits', content: { 'application/json': { schema: { $ref: '#/components/schemas/Visit' }, example: { startedAt: '2025-03-04T08:00:00+01:00' } } } } },
        },
      },
    },
  };
  const { operations, lacking, refused, unused } = audit(spec);
  t.equal(operations, 2);
  t.same(lacking, [
    'reportVisit (POST /v1/visits): no description (schema.description, besides the generated "Who may call" line)',
    'reportVisit (POST /v1/visits): 201 is still called "Default Response" (answer(description, …))',
    'reportVisit (POST /v1/visits): no example for the 201 application/json answer (answer / withExample)',
  ]);
  t.equal(refused.length, 1, 'a time without T and offset is refused by its date-time schema');
  t.match(refused[0], /^reportVisit \(POST \/v1\/visits\) request body application\/json: .*date-time/);
  t.same(unused, ['Orphan']);
});
