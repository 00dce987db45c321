import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { insertVersions, loadContexts, lockReportingSystem, storedOverlaps, supersede, type VersionRow } from './ingest.sql.js';
import { findOverlaps } from './overlaps.js';
import type { timeReportBatchResult, visitOutcomeSchema } from './schemas.js';
import { checkVisits, classifyVisit, countsTime, externalIdOf, type Accepted, type Rejection } from './visit-checks.js';

export type VisitOutcome = z.infer<typeof visitOutcomeSchema>;
export type BatchResult = z.infer<typeof timeReportBatchResult>;

/** Who reports: the reporting system (its client id) and the organisation it is registered for. */
export interface Reporter {
  reportingSystem: string;
  reportingOrganisationId: string;
}

/** The bound caller as a reporter: its `sub` is the system, its bound `org` the only organisation it reports for. */
export const reporterOf = (caller: Pick<Caller, 'sub' | 'org'>): Reporter => ({ reportingSystem: caller.sub, reportingOrganisationId: caller.org });

const rejected = (o: VisitOutcome, r: Rejection): VisitOutcome => ({
  ...o,
  outcome: 'rejected',
  timeReportId: null,
  version: null,
  reason: r.reason,
  ...(r.errors ? { errors: r.errors } : {}),
});

const versionRow = (a: Accepted, id: string, reporter: Reporter): VersionRow => ({
  id,
  ...reporter,
  externalId: a.visit.externalId,
  version: a.version,
  individualId: a.visit.individualId,
  unitId: a.visit.unitId,
  organisationId: a.organisationId,
  providerKind: a.providerKind,
  staffId: a.visit.staffId,
  serviceType: a.visit.serviceType,
  assignmentId: a.assignmentId,
  status: a.visit.status,
  checkIn: a.checkIn,
  checkOut: a.checkOut,
  plannedStart: a.plannedStart,
  plannedEnd: a.plannedEnd,
});

function batchResult(results: VisitOutcome[]): BatchResult {
  const tally = (o: VisitOutcome['outcome']) => results.filter((r) => r.outcome === o).length;
  return { received: results.length, created: tally('created'), unchanged: tally('unchanged'), corrected: tally('corrected'), rejected: tally('rejected'), results };
}

/**
 * Stores a batch of visits from a time-reporting system. Each visit gets its own outcome; a bad visit never blocks
 * the good ones. The checks are pure (visit-checks.ts, overlaps.ts); around them one query reads the context of the
 * whole batch, one finds the stored overlaps, and each table gets one write for the batch, all in one transaction
 * serialised per reporting system.
 */
export async function ingestVisits(db: Db, reporter: Reporter, raw: unknown[]): Promise<BatchResult> {
  const results: VisitOutcome[] = raw.map((item, index) => ({ index, externalId: externalIdOf(item), outcome: 'rejected', timeReportId: null, version: null, reason: null }));
  const reject = (r: Rejection) => {
    results[r.index] = rejected(results[r.index]!, r);
  };

  const { candidates, rejections } = checkVisits(raw);
  rejections.forEach(reject);

  await db.transaction(async (tx) => {
    await lockReportingSystem(tx, reporter.reportingSystem);
    const contexts = await loadContexts(tx, reporter.reportingSystem, candidates);
    const valid: Accepted[] = [];
    for (const c of candidates) {
      const verdict = classifyVisit(c, contexts.get(c.index)!, reporter.reportingOrganisationId);
      if (verdict.outcome === 'accepted') valid.push(verdict.visit);
      else if (verdict.outcome === 'rejected') reject({ index: c.index, reason: verdict.reason });
      else results[c.index] = { ...results[c.index]!, outcome: 'unchanged', timeReportId: verdict.timeReportId, version: verdict.version };
    }

    const overlapping = findOverlaps(valid, await storedOverlaps(tx, valid.filter((a) => countsTime(a.visit))), reporter.reportingSystem);
    overlapping.forEach(reject);
    const refused = new Set(overlapping.map((r) => r.index));
    const accepted = valid.filter((a) => !refused.has(a.index));
    if (accepted.length === 0) return;

    const rows = accepted.map((a) => versionRow(a, randomUUID(), reporter));
    await supersede(tx, accepted.flatMap((a) => (a.supersedes ? [a.supersedes] : [])));
    await insertVersions(tx, rows);
    accepted.forEach((a, n) => {
      results[a.index] = { ...results[a.index]!, outcome: a.outcome, timeReportId: rows[n]!.id, version: a.version, reason: null };
    });
  });

  return batchResult(results);
}
