import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answer } from './openapi-docs.js';
import { HttpProblem, problemResponses, problemTypes, type ProblemSlug } from './problem.js';

// The `type` of every problem is `/problems/<slug>`: these pages say what it means and what to do, for people (HTML,
// plain text) and for programs (JSON). Public, like the OpenAPI document: they hold no data.

const problemTypeSchema = z
  .object({
    type: z.string().describe('The problem type URI, as in the `type` of a problem'),
    slug: z.string(),
    status: z.number().int().describe('The HTTP status it comes with'),
    title: z.string(),
    explanation: z.string().describe('What it means'),
    action: z.string().describe('What to do about it'),
  })
  .meta({ id: 'ProblemType' });

const PAGE_TYPES = ['text/html', 'application/json', 'text/plain'] as const;
type PageType = (typeof PAGE_TYPES)[number];

/** The best of our formats for an Accept header (q-values, `type/*`, `*\/*`); HTML when nothing is said. */
export function pageTypeFor(accept: string | undefined): PageType {
  if (!accept) return 'text/html';
  const ranges = accept.split(',').map((part) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { range: range.trim(), q: q ? Number(q.slice(2)) || 0 : 1 };
  });
  const quality = (type: string) => {
    const exact = ranges.find((r) => r.range === type || (type === 'application/json' && r.range === 'application/problem+json'));
    if (exact) return exact.q + 0.002;
    const partial = ranges.find((r) => r.range === `${type.split('/')[0]}/*`);
    if (partial) return partial.q + 0.001;
    return ranges.find((r) => r.range === '*/*')?.q ?? 0;
  };
  let best: PageType = 'text/html';
  let bestQ = -1;
  for (const type of PAGE_TYPES) {
    const q = quality(type);
    if (q > bestQ) [best, bestQ] = [type, q];
  }
  return best;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** `code` in the texts becomes <code>. */
const html = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

/** A page as text: the route's response schema describes the JSON form; text is sent as it is, not serialised. */
const sendText = (reply: FastifyReply, type: string, text: string) => reply.type(`${type}; charset=utf-8`).send(text);

const describe = (slug: ProblemSlug) => ({ type: `/problems/${slug}`, slug, ...problemTypes[slug] });
type Described = ReturnType<typeof describe>;

const page = (title: string, body: string) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – hemtjanst-api</title>` +
  '<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code{background:#f2f2f2;padding:0 .2em}</style>' +
  `</head><body>${body}<p><a href="/problems">All problem types</a> · <a href="/docs">API docs</a></p></body></html>\n`;

function render(type: PageType, p: Described): string | Described {
  if (type === 'application/json') return p;
  if (type === 'text/plain') return `${p.title} (${p.status})\n${p.type}\n\n${p.explanation}\n\nWhat to do: ${p.action}\n`;
  return page(
    p.title,
    `<h1>${html(p.title)}</h1><p>HTTP ${p.status} · <code>${escapeHtml(p.type)}</code></p><h2>What it means</h2><p>${html(p.explanation)}</p><h2>What to do</h2><p>${html(p.action)}</p>`,
  );
}

export const problemPageRoutes: FastifyPluginAsyncZod = async (app) => {
  // Public, like the health probes: a problem's `type` must resolve for anyone who reads it.
  const common = { tags: ['problems'], security: [] };
  const all = (Object.keys(problemTypes) as ProblemSlug[]).map(describe);

  app.get(
    '/problems',
    {
      schema: {
        ...common,
        operationId: 'listProblemTypes',
        summary: 'Every problem type the API answers with',
        description: 'HTML by default; `Accept: application/json` for the list as data, `text/plain` for text.',
        response: { 200: answer('Every problem type (JSON form shown; HTML or text when asked)', z.object({ items: z.array(problemTypeSchema) }), { items: [describe('precondition-failed')] }) },
      },
    },
    async (request, reply) => {
      const type = pageTypeFor(request.headers.accept);
      reply.header('cache-control', 'public, max-age=3600').header('vary', 'Accept');
      if (type === 'application/json') return reply.send({ items: all });
      if (type === 'text/plain') return sendText(reply, type, all.map((p) => `${p.status} ${p.type}: ${p.title}`).join('\n') + '\n');
      const rows = all.map((p) => `<tr><td>${p.status}</td><td><a href="${escapeHtml(p.type)}"><code>${escapeHtml(p.type)}</code></a></td><td>${html(p.title)}</td></tr>`).join('');
      return sendText(reply, type, page('Problem types', `<h1>Problem types</h1><p>Every error is RFC 9457 <code>application/problem+json</code>; its <code>type</code> is one of these.</p><table>${rows}</table>`));
    },
  );

  app.get(
    '/problems/:slug',
    {
      schema: {
        ...common,
        operationId: 'getProblemType',
        summary: 'What a problem type means and what to do about it',
        description:
          'The `type` of every problem answer (`/problems/<slug>`) resolves here: a short page in HTML by default, `text/plain` or JSON (`Accept: application/json`) when asked. An unknown slug is 404.',
        params: z.object({ slug: z.string().max(200).describe('The last segment of a problem’s `type`, e.g. precondition-failed') }),
        response: { 200: answer('The problem type (JSON form shown; HTML or text when asked)', problemTypeSchema, describe('precondition-failed')), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const slug = request.params.slug;
      if (!Object.hasOwn(problemTypes, slug)) throw new HttpProblem('not-found', 'There is no such problem type; GET /problems lists them all.');
      const type = pageTypeFor(request.headers.accept);
      const out = render(type, describe(slug as ProblemSlug));
      reply.header('cache-control', 'public, max-age=3600').header('vary', 'Accept');
      return typeof out === 'string' ? sendText(reply, type, out) : reply.send(out);
    },
  );
};
