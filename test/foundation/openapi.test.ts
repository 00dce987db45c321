import { Validator } from '@seriousme/openapi-schema-validator';
import t from 'tap';
import { createTestApp } from '../helpers/app.js';

type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { required?: boolean; content?: Record<string, unknown> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
};

t.test('the OpenAPI document: 3.1, valid, every operation named, tagged, secured and with its problems', async (t) => {
  const { app } = await createTestApp(t, { demo: false });
  const res = await app.inject({ url: '/openapi.json' });
  t.equal(res.statusCode, 200);
  const spec = res.json() as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };
  t.equal(spec.openapi, '3.1.0');
  const result = await new Validator().validate(spec as unknown as Parameters<Validator['validate']>[0]);
  t.ok(result.valid, `a valid OpenAPI document: ${String(JSON.stringify(result.errors)).slice(0, 500)}`);
  t.match(spec.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer' });
  t.notOk(Object.keys(spec.paths).some((p) => p === '/openapi.json' || p.startsWith('/docs')), 'the document and docs page are not operations');

  const ids = new Set<string>();
  const directoryTags = new Set(['organisations', 'units', 'staff', 'individuals']);
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`;
      t.ok(op.operationId && !ids.has(op.operationId), `${name}: a unique operationId`);
      ids.add(op.operationId ?? '');
      t.ok(op.summary, `${name}: a summary`);
      t.ok(op.tags?.length, `${name}: a tag`);
      const problems = (status: string) => Object.keys(op.responses?.[status]?.content ?? {});
      if (path.startsWith('/v1/')) {
        t.same(op.security, [{ bearerAuth: [] }], `${name}: bearer security`);
        t.same(problems('401'), ['application/problem+json'], `${name}: 401 documented as a problem`);
        const takesInput = op.requestBody || op.parameters?.some((p) => p.in === 'query' || p.in === 'path');
        if (takesInput) t.same(problems('400'), ['application/problem+json'], `${name}: 400 documented`);
        if (op.requestBody) t.same(Object.keys(op.requestBody.content ?? {}), ['application/json'], `${name}: JSON bodies`);
        if (op.tags?.some((tag) => directoryTags.has(tag))) {
          if (op.requestBody) t.same(problems('415'), ['application/problem+json'], `${name}: 415 documented`);
          if (path.includes('{id}')) t.same(problems('404'), ['application/problem+json'], `${name}: 404 documented`);
        }
      }
    }
  }
  t.ok(ids.size >= 16, `${ids.size} operations`);
  for (const id of ['createOrganisation', 'listOrganisations', 'getOrganisation', 'updateOrganisation', 'createUnit', 'listUnits', 'getUnit', 'updateUnit', 'createStaff', 'listStaff', 'getStaff', 'updateStaff', 'createIndividual', 'listIndividuals', 'getIndividual', 'updateIndividual', 'searchIndividualByPersonalIdentityNumber', 'getLiveness', 'getReadiness']) {
    t.ok(ids.has(id), `${id} is documented`);
  }
  const docs = await app.inject({ url: '/docs' });
  t.equal(docs.statusCode, 200, 'the docs page');
  t.match(docs.headers['content-type'], /text\/html/);
});
