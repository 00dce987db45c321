import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { z } from 'zod';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { closingsInForce, insertAdjustments, lockClosingsShared, planAdjustments } from './adjustments.js';
import { individualLockOrder, insertVersions, loadContexts, lockIndividuals, lockReportingSystem, lookUpReferences, storedOverlaps, supersede, type VersionRow } from './ingest.sql.js';
import { findOverlapsInSlices } from './overlaps.js';
import type { timeReportBatchResult, visitOutcomeSchema } from './schemas.js';
import { segmentsOf } from './segments.js';
import { chunks, mapInSlices } from './slices.js';
import { checkVisitsInSlices, classifyVisit, countsTime, externalIdOf, resolveVisits, type Accepted, type Candidate, type Rejection, type VisitContext } from './visit-checks.js';

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
  return {
    received: results.length,
    created: tally('created'),
    unchanged: tally('unchanged'),
    corrected: tally('corrected'),
    correctedAfterClose: tally('corrected-after-close'),
    rejected: tally('rejected'),
    results,
  };
}

/**
 * Rows per statement. Each statement's JSON is built on the event loop: a batch's statements go in pieces, with a
 * turn of the event loop after each, so that other requests never wait for a whole batch. (Both databases run their
 * statements off the event loop: Postgres in its server, the embedded one in its own thread.)
 */
export const ROWS_PER_STATEMENT = 1000;

export interface IngestOptions {
  rowsPerStatement?: number;
}

/**
 * Stores a batch of visits from a time-reporting system. Each visit gets its own outcome; a bad visit never blocks
 * the good ones. The checks are pure (visit-checks.ts, overlaps.ts); around them the context of the batch is read,
 * then the stored overlaps, and the accepted versions are written, set-based, in one transaction serialised per
 * reporting system (retries) and per individual (overlaps, whoever reports). CPU work runs in slices, statements in
 * pieces (ROWS_PER_STATEMENT).
 */
export async function ingestVisits(db: Db, reporter: Reporter, raw: unknown[], opts: IngestOptions = {}): Promise<BatchResult> {
  const size = opts.rowsPerStatement ?? ROWS_PER_STATEMENT;
  const results: VisitOutcome[] = raw.map((item, index) => ({ index, externalId: externalIdOf(item), outcome: 'rejected', timeReportId: null, version: null, reason: null }));
  const reject = (r: Rejection) => {
    results[r.index] = rejected(results[r.index]!, r);
  };
  /** Runs `statement` on each piece of `items`, in order, letting the event loop turn after each. */
  async function inPieces<T, R>(items: readonly T[], statement: (piece: T[]) => Promise<R>): Promise<R[]> {
    const out: R[] = [];
    for (const piece of chunks(items, size)) {
      out.push(await statement(piece));
      await nextTurn();
    }
    return out;
  }

  const checked = await checkVisitsInSlices(raw);
  checked.rejections.forEach(reject);

  await db.transaction(async (tx) => {
    await lockReportingSystem(tx, reporter.reportingSystem);
    // Closing a month waits for batches in flight, and a batch for a closing (adjustments.ts).
    await lockClosingsShared(tx);
    const closed = await closingsInForce(tx);
    // Visits that name the individual by personal identity number or the unit by its code: looked up, then checked
    // as the others (an unknown number or code is that visit's own rejection).
    let candidates: Candidate[] = checked.candidates;
    if (checked.pending.length > 0) {
      const pins = [...new Set(checked.pending.flatMap((p) => (p.personalIdentityNumber ? [p.personalIdentityNumber] : [])))];
      const codes = [...new Set(checked.pending.flatMap((p) => (p.unitCode ? [p.unitCode] : [])))];
      const individualByPin = new Map<string, string>();
      const unitByCode = new Map<string, string>();
      for (const found of await inPieces([...pins.map((pin) => ({ pin })), ...codes.map((code) => ({ code }))], (piece) =>
        lookUpReferences(tx, piece.flatMap((x) => ('pin' in x ? [x.pin] : [])), piece.flatMap((x) => ('code' in x ? [x.code] : []))),
      )) {
        found.individualByPin.forEach((id, pin) => individualByPin.set(pin, id));
        found.unitByCode.forEach((id, code) => unitByCode.set(code, id));
      }
      const resolved = resolveVisits(checked.pending, { individualByPin, unitByCode });
      resolved.rejections.forEach(reject);
      // Batch order, as if every visit had named ids.
      candidates = [...checked.candidates, ...resolved.candidates].sort((a, b) => a.index - b.index);
    }
    const contexts = new Map<number, VisitContext>();
    for (const found of await inPieces(candidates, (piece) => loadContexts(tx, reporter.reportingSystem, piece))) {
      for (const [index, context] of found) contexts.set(index, context);
    }
    const valid: Accepted[] = [];
    await mapInSlices(candidates, (c) => {
      const verdict = classifyVisit(c, contexts.get(c.index)!, reporter.reportingOrganisationId);
      if (verdict.outcome === 'accepted') valid.push(verdict.visit);
      else if (verdict.outcome === 'rejected') reject({ index: c.index, reason: verdict.reason });
      else results[c.index] = { ...results[c.index]!, outcome: 'unchanged', timeReportId: verdict.timeReportId, version: verdict.version };
    });

    // Overlaps: serialised per individual (whoever reports), then the stored ones, then the batch's own.
    const counting = valid.filter((a) => countsTime(a.visit));
    await inPieces(individualLockOrder(counting.map((a) => a.visit.individualId)), (ids) => lockIndividuals(tx, ids));
    const stored = (await inPieces(counting, (piece) => storedOverlaps(tx, piece))).flat();
    const overlapping = await findOverlapsInSlices(valid, stored, reporter.reportingSystem);
    overlapping.forEach(reject);
    const refused = new Set(overlapping.map((r) => r.index));
    const accepted = valid.filter((a) => !refused.has(a.index));
    if (accepted.length === 0) return;

    const rows = await mapInSlices(accepted, (a) => versionRow(a, randomUUID(), reporter));
    // The calendar split (tens of microseconds a visit) in slices.
    const segments = await mapInSlices(rows, (r) => segmentsOf(new Date(r.checkIn * 1000), new Date(r.checkOut * 1000)));
    // A closed month does not change: what a visit changes there becomes an adjustment (read before superseding).
    const adjustments = closed.size > 0 ? await planAdjustments(tx, closed, accepted, rows, segments) : [];
    await inPieces(accepted.flatMap((a) => (a.supersedes ? [a.supersedes] : [])), (ids) => supersede(tx, ids));
    const numbered = rows.map((row, n) => ({ row, segments: segments[n]! }));
    await inPieces(numbered, (piece) => insertVersions(tx, piece.map((p) => p.row), piece.map((p) => p.segments)));
    await inPieces(adjustments, (piece) => insertAdjustments(tx, piece));
    const afterClose = new Set(adjustments.map((a) => a.index));
    await mapInSlices(accepted, (a, n) => {
      const outcome = afterClose.has(a.index) ? 'corrected-after-close' : a.outcome;
      results[a.index] = { ...results[a.index]!, outcome, timeReportId: rows[n]!.id, version: a.version, reason: null };
    });
  });

  return batchResult(results);
}
