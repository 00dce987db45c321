import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { compensationRates } from '../db/schema/index.js';
import { conflict, unprocessable } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { COMPENSATION_START } from './common.js';
import { inconvenientRate } from './rules/index.js';
import type { createRateBody } from './schemas.js';

type Row = typeof compensationRates.$inferSelect;
const toDto = (r: Row) => ({ ...r, createdAt: iso(r.createdAt) });

/** The rate table, per provider kind and start date. */
export async function listRates(db: Db) {
  const rows = await db.select().from(compensationRates).orderBy(asc(compensationRates.providerKind), asc(compensationRates.validFrom));
  return rows.map(toDto);
}

/**
 * Adds a rate row: never before compensation for performed time started (422), never over an existing row (409).
 * The inconvenient-hours rate defaults to the hourly rate with its supplement.
 */
export async function addRate(db: Db, b: z.infer<typeof createRateBody>, createdBy: string) {
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
    .values({ providerKind: b.providerKind, validFrom: b.validFrom, hourlyOre: b.hourlyOre, inconvenientOre: b.inconvenientOre ?? inconvenientRate(b.hourlyOre), createdBy })
    .returning();
  return toDto(row!);
}
