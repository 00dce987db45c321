import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/plugin.js';
import { hasRole, type Principal } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { compensationRates, organisations } from '../db/schema/index.js';
import { conflict, forbidden, problemResponses, unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { COMPENSATION_START } from './common.js';
import { inconvenientRate } from './rules/index.js';
import { createRateBody, rateSchema } from './schemas.js';

type Row = typeof compensationRates.$inferSelect;
const toDto = (r: Row) => ({ ...r, createdAt: iso(r.createdAt) });

/** Rates are set by the contract unit (EKU); admin too. */
async function requireRateKeeper(db: Db, p: Principal) {
  if (hasRole(p, 'admin')) return;
  const [own] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, p.org));
  if (own?.kind !== 'contract_unit') throw forbidden('Rates are read and set by admin and the contract unit (EKU).');
}

export const rateRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['compensation'], security: [{ bearerAuth: [] }] };

  app.get(
    '/compensation/rates',
    {
      schema: {
        ...common,
        operationId: 'listCompensationRates',
        summary: 'The hourly rates for performed time, per provider kind and start date (admin, contract unit)',
        response: { 200: z.object({ items: z.array(rateSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      await requireRateKeeper(db, p);
      const rows = await db.select().from(compensationRates).orderBy(asc(compensationRates.providerKind), asc(compensationRates.validFrom));
      return { items: rows.map(toDto) };
    },
  );

  app.post(
    '/compensation/rates',
    {
      schema: {
        ...common,
        operationId: 'createCompensationRate',
        summary: 'Add a rate from a date: the yearly price adjustment (admin, contract unit)',
        description: `A row applies from local midnight (Europe/Stockholm) of \`validFrom\` until the next row of the same provider kind; statements always use the current table, so a row added for a past date changes statements of that period. Compensation for performed time starts ${COMPENSATION_START}: an earlier \`validFrom\` is 422. One row per kind and date (409).`,
        body: createRateBody,
        response: { 201: rateSchema, ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      await requireRateKeeper(db, p);
      const b = request.body;
      if (b.validFrom < COMPENSATION_START) {
        throw unprocessable(`Compensation for performed time starts ${COMPENSATION_START}; no rate applies before it.`, {
          errors: [{ path: 'body.validFrom', message: `must be ${COMPENSATION_START} or later` }],
        });
      }
      const clash = await db
        .select({ id: compensationRates.id })
        .from(compensationRates)
        .where(and(eq(compensationRates.providerKind, b.providerKind), eq(compensationRates.validFrom, b.validFrom)));
      if (clash.length > 0) throw conflict(`A ${b.providerKind} rate from ${b.validFrom} already exists; rates are never overwritten.`);
      const [row] = await db
        .insert(compensationRates)
        .values({
          providerKind: b.providerKind,
          validFrom: b.validFrom,
          hourlyOre: b.hourlyOre,
          inconvenientOre: b.inconvenientOre ?? inconvenientRate(b.hourlyOre),
          createdBy: p.sub,
        })
        .returning();
      return reply.code(201).send(toDto(row!));
    },
  );
};
