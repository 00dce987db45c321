import { asc, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { individualFeeCeilings, individuals } from '../db/schema/index.js';
import { notFound } from '../http/problem.js';
import { iso } from '../http/sql-helpers.js';
import { maySeeFeesOf } from './access.js';
import type { createFeeCeilingBody } from './schemas.js';

// Avgiftsutrymme: the individual's own monthly fee ceiling from the income assessment, recorded by the case worker.

type Row = typeof individualFeeCeilings.$inferSelect;
const toDto = (r: Row) => ({ id: r.id, individualId: r.individualId, validFrom: r.validFrom, validTo: r.validTo, monthlyOre: r.monthlyOre, recordedBy: r.recordedBy, createdAt: iso(r.createdAt) });

/** The individual, if the caller may see their fee data; else 404 (hidden records are not found). */
async function visibleIndividual(db: Db, caller: Caller, individualId: string) {
  const [row] = await db.select({ id: individuals.id, districtId: individuals.districtId }).from(individuals).where(eq(individuals.id, individualId));
  if (!row || !maySeeFeesOf(caller, row)) throw notFound('The individual');
  return row;
}

export async function recordFeeCeiling(db: Db, request: FastifyRequest, caller: Caller, b: z.infer<typeof createFeeCeilingBody>) {
  return db.transaction(async (tx) => {
    await visibleIndividual(tx, caller, b.individualId);
    const [row] = await tx
      .insert(individualFeeCeilings)
      .values({ individualId: b.individualId, validFrom: b.validFrom, validTo: b.validTo ?? null, monthlyOre: b.monthlyOre, recordedBy: caller.sub, recordedByOrganisationId: caller.org })
      .returning();
    await recordAudit(tx, request, caller, { action: 'create', individualId: b.individualId, resourceType: 'fee_ceiling', resourceId: row!.id });
    return toDto(row!);
  });
}

export async function listFeeCeilings(db: Db, request: FastifyRequest, caller: Caller, individualId: string) {
  await visibleIndividual(db, caller, individualId);
  const rows = await db.select().from(individualFeeCeilings).where(eq(individualFeeCeilings.individualId, individualId)).orderBy(asc(individualFeeCeilings.validFrom), asc(individualFeeCeilings.createdAt));
  await recordAudit(db, request, caller, { action: 'read', individualId, resourceType: 'fee_ceiling', resourceId: null });
  return rows.map(toDto);
}
