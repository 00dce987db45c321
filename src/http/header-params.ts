import type { FastifySchema } from 'fastify';
import { z } from 'zod';

/**
 * Adds one request header to a route's schema (validated, and listed as a header parameter in the OpenAPI). Loose:
 * the validated headers replace `request.headers`, and every other header must stay.
 */
export function withHeader(schema: FastifySchema, name: string, type: z.ZodType) {
  const current = schema.headers;
  if (current !== undefined && !(current instanceof z.ZodObject)) throw new Error(`a route's own header schema must be a zod object to add ${name}`);
  schema.headers = current ? current.extend({ [name]: type }) : z.looseObject({ [name]: type });
}
