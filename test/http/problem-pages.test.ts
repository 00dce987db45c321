import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { pageTypeFor } from '../../src/http/problem-pages.js';
import { problemTypes } from '../../src/http/problem.js';
import { createTestApp } from '../helpers/app.js';

/** Every slug the code can emit: `/problems/<slug>` strings, `HttpProblem('<slug>'`, `{ slug: '<slug>'` and helpers passing one. */
function slugsUsedIn(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        const patterns = [/\/problems\/([a-z0-9-]+)/g, /HttpProblem\(\s*'([a-z0-9-]+)'/g, /slug:\s*'([a-z0-9-]+)'/g, /^\s*'([a-z0-9-]+)',\s*$/gm];
        for (const re of patterns) {
          for (const m of text.matchAll(re)) {
            // The last pattern catches a slug on a line of its own (a first argument over several lines) only in files that build problems.
            if (re === patterns[3] && !/HttpProblem\(\s*$/m.test(text)) continue;
            if (!found.has(m[1]!)) found.set(m[1]!, path);
          }
        }
      }
    }
  };
  walk(dir);
  return found;
}

t.test('content negotiation of the pages', async (t) => {
  t.equal(pageTypeFor(undefined), 'text/html');
  t.equal(pageTypeFor('*/*'), 'text/html');
  t.equal(pageTypeFor('application/json'), 'application/json');
  t.equal(pageTypeFor('application/problem+json'), 'application/json');
  t.equal(pageTypeFor('text/plain'), 'text/plain');
  t.equal(pageTypeFor('text/html;q=0.5, application/json'), 'application/json');
  t.equal(pageTypeFor('text/*'), 'text/html');
  t.equal(pageTypeFor('text/html, application/xhtml+xml, */*;q=0.8'), 'text/html', 'what a browser sends');
});

t.test('every problem type the code can emit has a page', async (t) => {
  const used = slugsUsedIn(join(import.meta.dirname, '../../src'));
  t.ok(used.size >= 20, `${used.size} slugs found in src/`);
  for (const [slug, file] of used) t.ok(Object.hasOwn(problemTypes, slug), `${slug} (used in ${file}) is in the registry of src/http/problem.ts`);
  for (const slug of ['no-consent', 'recipient-not-serving', 'precondition-failed', 'idempotency-key-reused', 'request-timeout']) t.ok(used.has(slug), `the scan finds ${slug}`);

  const w = await createTestApp(t, { demo: false });
  for (const [slug, def] of Object.entries(problemTypes)) {
    t.ok(def.explanation.length > 20 && def.action.length > 10, `${slug}: an explanation and what to do`);
    const res = await w.app.inject({ url: `/problems/${slug}` });
    t.equal(res.statusCode, 200, `/problems/${slug}`);
    t.match(res.headers['content-type'], /^text\/html/);
    t.ok(res.body.includes(`<h1>${def.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;')}</h1>`), `${slug}: the title`);
  }
  const json = await w.app.inject({ url: '/problems/precondition-failed', headers: { accept: 'application/json' } });
  t.equal(json.statusCode, 200);
  t.match(json.headers['content-type'], /^application\/json/);
  t.same(json.json(), { type: '/problems/precondition-failed', slug: 'precondition-failed', ...problemTypes['precondition-failed'] });
  const text = await w.app.inject({ url: '/problems/no-consent', headers: { accept: 'text/plain' } });
  t.match(text.headers['content-type'], /^text\/plain/);
  t.match(text.body, /^The individual has not consented to this information transfer \(422\)\n\/problems\/no-consent\n/);
  t.match(text.body, /What to do: /);

  const unknown = await w.app.inject({ url: '/problems/no-such-problem' });
  t.equal(unknown.statusCode, 404);
  t.match(unknown.headers['content-type'], /^application\/problem\+json/);
  t.equal(unknown.json().type, '/problems/not-found');
  t.equal((await w.app.inject({ url: '/problems/constructor' })).statusCode, 404, 'no prototype keys');
  t.equal((await w.app.inject({ url: '/problems/%3Cscript%3E' })).statusCode, 404);

  const index = await w.app.inject({ url: '/problems', headers: { accept: 'application/json' } });
  t.equal(index.json().items.length, Object.keys(problemTypes).length, 'the index lists them all');
  t.match((await w.app.inject({ url: '/problems' })).body, /<a href="\/problems\/precondition-failed">/);

  // A problem answered by the API points to its page.
  const problem = await w.app.inject({ url: '/v1/individuals' });
  t.equal(problem.statusCode, 401);
  t.equal((await w.app.inject({ url: problem.json().type })).statusCode, 200, 'the type of a real answer resolves');
});
