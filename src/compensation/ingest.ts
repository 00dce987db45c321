import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { providerKindOf, rowsOf, type OrganisationKind, type ProviderKind } from './common.js';
import { visitSchema, type Visit, type timeReportBatchResult, type visitOutcomeSchema } from './schemas.js';
import { segmentsOf, type DaySegment } from './segments.js';

export type VisitOutcome = z.infer<typeof visitOutcomeSchema>;
export type BatchResult = z.infer<typeof timeReportBatchResult>;

/** Who reports: the token's `sub` (the reporting system) and `org` (whose units it may report for). */
export interface Reporter {
  reportingSystem: string;
  reportingOrganisationId: string;
}

const MAX_VISIT_SECONDS = 24 * 3600;

/** A visit that passed its own checks, times in whole epoch seconds. */
interface Candidate {
  index: number;
  visit: Visit;
  checkIn: number;
  checkOut: number;
  plannedStart: number | null;
  plannedEnd: number | null;
  day: string;
}

interface ContextRow {
  idx: number;
  unit_org: string | null;
  org_kind: OrganisationKind | null;
  staff_org: string | null;
  assignment_id: string | null;
  needs_two_staff: boolean | null;
  cur_id: string | null;
  cur_version: number | null;
  cur_individual: string | null;
  cur_unit: string | null;
  cur_staff: string | null;
  cur_service: string | null;
  cur_status: string | null;
  cur_in: number | null;
  cur_out: number | null;
  cur_planned_start: number | null;
  cur_planned_end: number | null;
}

interface Accepted extends Candidate {
  id: string;
  version: number;
  outcome: 'created' | 'corrected';
  supersedes: string | null;
  organisationId: string;
  providerKind: ProviderKind;
  assignmentId: string;
  needsTwoStaff: boolean;
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const isoOf = (s: number) => new Date(s * 1000).toISOString();
const counts = (v: { status: string }) => v.status !== 'declined';

/**
 * Stores a batch of visits from a time-reporting system. Each visit gets its own outcome; a bad visit never blocks
 * the good ones. Set-based: one query reads the context of the whole batch (units, staff, the service overview,
 * the current versions), one finds overlaps, and each table gets one INSERT for the batch, all in one transaction
 * serialised per reporting system.
 */
export async function ingestVisits(db: Db, reporter: Reporter, raw: unknown[]): Promise<BatchResult> {
  const results: VisitOutcome[] = raw.map((_, index) => ({ index, externalId: null, outcome: 'rejected', timeReportId: null, version: null, reason: null }));
  const reject = (index: number, reason: string, errors?: { path: string; message: string }[]) => {
    results[index] = { ...results[index]!, outcome: 'rejected', timeReportId: null, version: null, reason, ...(errors ? { errors } : {}) };
  };

  // 1. Each visit on its own: shape, times, duplicates within the batch.
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  raw.forEach((item, index) => {
    const externalId = typeof (item as { externalId?: unknown })?.externalId === 'string' ? (item as { externalId: string }).externalId.trim() : null;
    results[index]!.externalId = externalId;
    const parsed = visitSchema.safeParse(item);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ path: ['body', 'visits', index, ...i.path].join('.'), message: i.message }));
      return reject(index, `not a valid visit: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
    }
    const visit = parsed.data;
    if (seen.has(visit.externalId)) return reject(index, 'the externalId appears more than once in this batch; send corrections in a later batch');
    seen.add(visit.externalId);
    const checkIn = seconds(visit.checkIn);
    const checkOut = seconds(visit.checkOut);
    if (checkOut <= checkIn) return reject(index, 'checkOut must be after checkIn');
    if (checkOut - checkIn >= MAX_VISIT_SECONDS) return reject(index, 'a visit must last less than 24 hours');
    const plannedStart = visit.plannedStart ? seconds(visit.plannedStart) : null;
    const plannedEnd = visit.plannedEnd ? seconds(visit.plannedEnd) : null;
    if (plannedStart !== null && plannedEnd !== null && plannedEnd <= plannedStart) return reject(index, 'plannedEnd must be after plannedStart');
    candidates.push({ index, visit, checkIn, checkOut, plannedStart, plannedEnd, day: localDate(new Date(checkIn * 1000)) });
  });

  await db.transaction(async (tx) => {
    // Batches of one reporting system are serialised, so two retries of the same batch cannot both create a visit.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'time-reports:' + reporter.reportingSystem}))`);

    // 2. The context of every candidate in one query.
    const context = new Map<number, ContextRow>();
    if (candidates.length > 0) {
      const input = JSON.stringify(
        candidates.map((c) => ({
          idx: c.index,
          external_id: c.visit.externalId,
          individual_id: c.visit.individualId,
          unit_id: c.visit.unitId,
          staff_id: c.visit.staffId,
          service_type: c.visit.serviceType,
          day: c.day,
        })),
      );
      const rows = await rowsOf<ContextRow>(
        tx,
        sql`with v as (
              select * from json_to_recordset(${input}::json)
                as x(idx int, external_id text, individual_id uuid, unit_id uuid, staff_id text, service_type service_type, day date)
            )
            select v.idx, u.organisation_id as unit_org, o.kind as org_kind, st.organisation_id as staff_org,
                   a.id as assignment_id, a.needs_two_staff,
                   cur.id as cur_id, cur.version as cur_version, cur.individual_id as cur_individual, cur.unit_id as cur_unit,
                   cur.staff_id as cur_staff, cur.service_type::text as cur_service, cur.status::text as cur_status,
                   extract(epoch from cur.check_in)::bigint as cur_in, extract(epoch from cur.check_out)::bigint as cur_out,
                   extract(epoch from cur.planned_start)::bigint as cur_planned_start,
                   extract(epoch from cur.planned_end)::bigint as cur_planned_end
            from v
            left join units u on u.id = v.unit_id
            left join organisations o on o.id = u.organisation_id
            left join staff st on st.id = v.staff_id
            left join lateral (
              select sa.id, sa.needs_two_staff from service_assignments sa
              where sa.individual_id = v.individual_id and sa.unit_id = v.unit_id and sa.service_type = v.service_type
                and sa.start_date <= v.day and (sa.end_date is null or sa.end_date >= v.day)
              order by sa.start_date desc limit 1
            ) a on true
            -- Lateral lookups (not flattened: LIMIT / OFFSET 0): one index probe per visit, whatever the planner
            -- believes about the tables' sizes (the embedded database has no autovacuum to keep statistics).
            left join lateral (
              select t.* from time_reports t
              where t.reporting_system = ${reporter.reportingSystem} and t.external_id = v.external_id and t.superseded_at is null
              limit 1
            ) cur on true`,
      );
      for (const r of rows) context.set(r.idx, r);
    }

    // 3. Idempotency and the rules that need the context.
    const valid: Accepted[] = [];
    for (const c of candidates) {
      const ctx = context.get(c.index)!;
      const v = c.visit;
      if (
        ctx.cur_id &&
        ctx.cur_individual === v.individualId &&
        ctx.cur_unit === v.unitId &&
        ctx.cur_staff === v.staffId &&
        ctx.cur_service === v.serviceType &&
        ctx.cur_status === v.status &&
        Number(ctx.cur_in) === c.checkIn &&
        Number(ctx.cur_out) === c.checkOut &&
        (ctx.cur_planned_start === null ? null : Number(ctx.cur_planned_start)) === c.plannedStart &&
        (ctx.cur_planned_end === null ? null : Number(ctx.cur_planned_end)) === c.plannedEnd
      ) {
        results[c.index] = { ...results[c.index]!, outcome: 'unchanged', timeReportId: ctx.cur_id, version: ctx.cur_version };
        continue;
      }
      if (!ctx.unit_org || !ctx.org_kind) {
        reject(c.index, 'unknown unit');
        continue;
      }
      if (ctx.unit_org !== reporter.reportingOrganisationId) {
        reject(c.index, 'the unit belongs to another organisation than the reporting system’s');
        continue;
      }
      if (!ctx.staff_org) {
        reject(c.index, 'unknown staff member');
        continue;
      }
      if (ctx.staff_org !== ctx.unit_org) {
        reject(c.index, 'the staff member does not belong to the unit’s organisation');
        continue;
      }
      if (!ctx.assignment_id) {
        reject(c.index, `the unit does not perform ${v.serviceType} for this individual on ${c.day} (service overview)`);
        continue;
      }
      valid.push({
        ...c,
        id: randomUUID(),
        version: (ctx.cur_version ?? 0) + 1,
        outcome: ctx.cur_id ? 'corrected' : 'created',
        supersedes: ctx.cur_id,
        organisationId: ctx.unit_org,
        providerKind: providerKindOf(ctx.org_kind),
        assignmentId: ctx.assignment_id,
        needsTwoStaff: ctx.needs_two_staff === true,
      });
    }

    // 4. Overlaps (dubbelbemanning). Against stored visits in one query, then within the batch in order.
    const counting = valid.filter((a) => counts(a.visit));
    const clashes = new Map<number, { externalId: string; staffId: string }[]>();
    if (counting.length > 0) {
      const input = JSON.stringify(
        counting.map((a) => ({
          idx: a.index,
          individual_id: a.visit.individualId,
          service_type: a.visit.serviceType,
          check_in: isoOf(a.checkIn),
          check_out: isoOf(a.checkOut),
        })),
      );
      const rows = await rowsOf<{ idx: number; reporting_system: string; external_id: string; staff_id: string }>(
        tx,
        sql`with v as (
              select * from json_to_recordset(${input}::json)
                as x(idx int, individual_id uuid, service_type service_type, check_in timestamptz, check_out timestamptz)
            )
            select v.idx, t.reporting_system, t.external_id, t.staff_id
            from v cross join lateral (
              select t.reporting_system, t.external_id, t.staff_id from time_reports t
              where t.individual_id = v.individual_id and t.service_type = v.service_type and t.superseded_at is null
                and t.check_in > v.check_in - interval '24 hours' and t.check_in < v.check_out and t.check_out > v.check_in
                and t.status <> 'declined'
              offset 0
            ) t`,
      );
      // Stored visits this batch re-sends are compared with their new version below, not their stored one.
      const resent = new Set(valid.map((a) => a.visit.externalId));
      for (const r of rows) {
        if (r.reporting_system === reporter.reportingSystem && resent.has(r.external_id)) continue;
        const list = clashes.get(r.idx) ?? [];
        list.push({ externalId: r.external_id, staffId: r.staff_id });
        clashes.set(r.idx, list);
      }
    }
    const accepted: Accepted[] = [];
    const byVisitKey = new Map<string, Accepted[]>();
    for (const a of valid) {
      if (counts(a.visit)) {
        const key = `${a.visit.individualId}|${a.visit.serviceType}`;
        const earlier = (byVisitKey.get(key) ?? []).filter((b) => b.checkIn < a.checkOut && b.checkOut > a.checkIn);
        const others = [...(clashes.get(a.index) ?? []), ...earlier.map((b) => ({ externalId: b.visit.externalId, staffId: b.visit.staffId }))];
        const blocking = others.find((o) => !a.needsTwoStaff || o.staffId === a.visit.staffId);
        if (blocking) {
          reject(
            a.index,
            blocking.staffId === a.visit.staffId
              ? `overlaps visit ${blocking.externalId} by the same staff member for the same individual and service`
              : `overlaps visit ${blocking.externalId} for the same individual and service, which does not need two staff (dubbelbemanning)`,
          );
          continue;
        }
        const list = byVisitKey.get(key);
        if (list) list.push(a);
        else byVisitKey.set(key, [a]);
      }
      accepted.push(a);
    }
    if (accepted.length === 0) return;

    // 5. Write: supersede the corrected versions, insert the new versions and their day segments.
    const superseded = accepted.flatMap((a) => (a.supersedes ? [a.supersedes] : []));
    if (superseded.length > 0) {
      const ids = JSON.stringify(superseded);
      await tx.execute(sql`delete from time_report_segments where time_report_id in (select value::uuid from json_array_elements_text(${ids}::json))`);
      await tx.execute(sql`update time_reports set superseded_at = now() where id in (select value::uuid from json_array_elements_text(${ids}::json))`);
    }
    await insertVersions(
      tx,
      accepted.map((a) => ({
        id: a.id,
        reportingSystem: reporter.reportingSystem,
        reportingOrganisationId: reporter.reportingOrganisationId,
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
      })),
    );
    for (const a of accepted) {
      results[a.index] = { ...results[a.index]!, outcome: a.outcome, timeReportId: a.id, version: a.version, reason: null };
    }
  });

  const tally = (o: VisitOutcome['outcome']) => results.filter((r) => r.outcome === o).length;
  return {
    received: raw.length,
    created: tally('created'),
    unchanged: tally('unchanged'),
    corrected: tally('corrected'),
    rejected: tally('rejected'),
    results,
  };
}

/** A visit version ready to store: validated, times in whole epoch seconds. */
export interface VersionRow {
  id: string;
  reportingSystem: string;
  reportingOrganisationId: string;
  externalId: string;
  version: number;
  individualId: string;
  unitId: string;
  organisationId: string;
  providerKind: ProviderKind;
  staffId: string;
  serviceType: string;
  assignmentId: string;
  status: 'performed' | 'declined' | 'added';
  checkIn: number;
  checkOut: number;
  plannedStart: number | null;
  plannedEnd: number | null;
}

/**
 * Stores visit versions and their day segments: one INSERT per table for the whole batch (the rows travel as one
 * JSON parameter, so the batch size is not limited by the protocol's parameter count). `segments` defaults to the
 * pure calendar rule; a caller that computed them already (elsewhere) passes them in the same order.
 */
export async function insertVersions(tx: Db, rows: VersionRow[], segments: DaySegment[][] = rows.map((r) => segmentsOf(new Date(r.checkIn * 1000), new Date(r.checkOut * 1000)))) {
  const reports = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      reporting_system: r.reportingSystem,
      reporting_organisation_id: r.reportingOrganisationId,
      external_id: r.externalId,
      version: r.version,
      individual_id: r.individualId,
      unit_id: r.unitId,
      organisation_id: r.organisationId,
      provider_kind: r.providerKind,
      staff_id: r.staffId,
      service_type: r.serviceType,
      assignment_id: r.assignmentId,
      status: r.status,
      check_in: isoOf(r.checkIn),
      check_out: isoOf(r.checkOut),
      planned_start: r.plannedStart === null ? null : isoOf(r.plannedStart),
      planned_end: r.plannedEnd === null ? null : isoOf(r.plannedEnd),
    })),
  );
  await tx.execute(sql`
    insert into time_reports (id, reporting_system, reporting_organisation_id, external_id, version, individual_id, unit_id,
      organisation_id, provider_kind, staff_id, service_type, assignment_id, status, check_in, check_out, planned_start, planned_end)
    select id, reporting_system, reporting_organisation_id, external_id, version, individual_id, unit_id,
      organisation_id, provider_kind, staff_id, service_type, assignment_id, status, check_in, check_out, planned_start, planned_end
    from json_to_recordset(${reports}::json) as x(id uuid, reporting_system text, reporting_organisation_id uuid, external_id text,
      version int, individual_id uuid, unit_id uuid, organisation_id uuid, provider_kind provider_kind, staff_id text,
      service_type service_type, assignment_id uuid, status time_report_status, check_in timestamptz, check_out timestamptz,
      planned_start timestamptz, planned_end timestamptz)`);
  const days = JSON.stringify(
    rows.flatMap((r, n) =>
      segments[n]!.map((s, i) => ({
        time_report_id: r.id,
        local_date: s.localDate,
        organisation_id: r.organisationId,
        unit_id: r.unitId,
        individual_id: r.individualId,
        staff_id: r.staffId,
        service_type: r.serviceType,
        provider_kind: r.providerKind,
        status: r.status,
        normal_seconds: s.normalSeconds,
        inconvenient_seconds: s.inconvenientSeconds,
        starts_visit: i === 0,
      })),
    ),
  );
  await tx.execute(sql`
    insert into time_report_segments (time_report_id, local_date, organisation_id, unit_id, individual_id, staff_id, service_type,
      provider_kind, status, normal_seconds, inconvenient_seconds, starts_visit)
    select * from json_to_recordset(${days}::json) as x(time_report_id uuid, local_date date, organisation_id uuid, unit_id uuid,
      individual_id uuid, staff_id text, service_type service_type, provider_kind provider_kind, status time_report_status,
      normal_seconds int, inconvenient_seconds int, starts_visit boolean)`);
}
