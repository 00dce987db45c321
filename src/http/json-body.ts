import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

// A time-report batch is a body of a megabyte or more. Fastify's JSON parser decodes it (Buffer → string) and parses
// it in one go, and the handler's first steps follow in the same turn: with the copy of the chunks that made one block
// of 20–40 ms on the bench's machine, every other request (GET /health/live) waiting behind it. Here a large body is
// decoded, parsed and handed on each in a turn of its own; the parsing itself, its errors and its guard against
// prototype poisoning stay Fastify's own (getDefaultJsonParser).

/** Bodies from this size on are worked in turns; smaller ones as Fastify does (a turn costs more than they do). */
export const LARGE_BODY_BYTES = 256 * 1024;

export function registerJsonBodyParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length < LARGE_BODY_BYTES) return parse(request, bytes.toString('utf8'), done);
    void (async () => {
      await nextTurn();
      const text = bytes.toString('utf8');
      await nextTurn();
      parse(request, text, (err, value) => {
        if (err) return done(err, undefined);
        nextTurn().then(() => done(null, value), done);
      });
    })();
  });
}
