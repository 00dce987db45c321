import type { FastifySchemaCompiler } from 'fastify';
import { validationProblem } from './problem.js';

const PART_PREFIX: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** The path of the first string (or key) holding a NUL character, or undefined. */
export function findNul(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findNul(v, [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k];
      const found = findNul(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Postgres text cannot hold NUL (U+0000): such a value used to reach the database and come back as a 500. Every
 * validated part of every request (body, query, path, headers) is refused here, in one place, with its field path.
 */
export function refuseNul<T>(compile: FastifySchemaCompiler<T>): FastifySchemaCompiler<T> {
  return (route) => {
    const validate = compile(route) as (data: unknown) => unknown;
    const prefix = PART_PREFIX[route.httpPart ?? 'body'] ?? 'body';
    return ((data: unknown) => {
      const at = findNul(data);
      if (at) return { error: validationProblem([{ path: [prefix, ...at].join('.'), message: 'must not contain a NUL character (U+0000)' }]) };
      return validate(data);
    }) as ReturnType<FastifySchemaCompiler<T>>;
  };
}
