import type { FastifyReply } from 'fastify';
import type { OrganisationKind } from '../db/schema/kinds.js';
import { unprocessable } from '../http/problem.js';
import type { ProviderKind } from './rules/index.js';

export type { ProviderKind };

/** Compensation for performed time starts on this day (the city's model from 2019-05-01); before it there is no hourly rate. */
export const COMPENSATION_START = '2019-05-01';

/** The rate of a unit follows its organisation: private providers the private rate, the city's own (egen regi, city units) the municipal. */
export const providerKindOf = (kind: OrganisationKind): ProviderKind => (kind === 'private_provider' ? 'private' : 'municipal');

/** 422 for a period that starts before the first rate: hourly compensation did not exist then. */
export function noRateProblem(from: string, firstRate: string | null) {
  return unprocessable(
    firstRate
      ? `No hourly rate applies before ${firstRate}: compensation for performed time starts ${firstRate} (before it, compensation followed granted time). Ask for a month from ${firstRate.slice(0, 7)}.`
      : 'No hourly rate is recorded: add one with POST /v1/compensation/rates.',
    { errors: [{ path: 'query.month', message: `no rate for ${from}` }] },
  );
}

/**
 * Sends a large answer built to its documented schema as JSON text. The schema serializer (zod's encode) took tens of
 * milliseconds of the event loop for a batch's 5,000 outcomes or a city's statement; JSON.stringify a fraction of it.
 * The caller builds `body` from typed values, so the answer still matches the schema (the tests check it).
 */
export function sendJsonText<T>(reply: FastifyReply, body: T) {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}
