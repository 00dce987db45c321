import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { feeRates } from '../db/schema/index.js';
import { conflict } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import type { createFeeRateBody } from './schemas.js';

type Row = typeof feeRates.$inferSelect;
const toDto = (r: Row) => ({ ...r, createdAt: iso(r.createdAt) });

/** The fee rates (avgiftstaxa), per component and start month. */
export async function listFeeRates(db: Db) {
  const rows = await db.select().from(feeRates).orderBy(asc(feeRates.component), asc(feeRates.validFrom));
  return rows.map(toDto);
}

/** Adds a fee rate from a month; never over an existing row of the same component and month (409). */
export async function addFeeRate(db: Db, b: z.infer<typeof createFeeRateBody>, createdBy: string) {
  const clash = await db
    .select({ id: feeRates.id })
    .from(feeRates)
    .where(and(eq(feeRates.component, b.component), eq(feeRates.validFrom, b.validFrom)));
  if (clash.length > 0) throw conflict(`A ${b.component} fee rate from ${b.validFrom} already exists; fee rates are never overwritten.`);
  const [row] = await db.insert(feeRates).values({ component: b.component, validFrom: b.validFrom, amountOre: b.amountOre, createdBy }).returning();
  return toDto(row!);
}
