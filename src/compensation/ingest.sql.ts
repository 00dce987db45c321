import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import type { OrganisationKind } from '../db/schema/kinds.js';
import type { ProviderKind } from './common.js';
import type { StoredOverlap } from './overlaps.js';
import { segmentsOf, type DaySegment } from './segments.js';
import type { Accepted, Candidate, VisitContext } from './visit-checks.js';

// The queries of a time-report batch: set-based, one per step for the whole batch. The rows travel as one JSON
// parameter, so the batch size is not limited by the protocol's parameter count.

const isoOf = (s: number) => new Date(s * 1000).toISOString();
const num = (v: number | string | null) => (v === null ? null : Number(v));

/** Batches of one reporting system are serialised, so two retries of the same batch cannot both create a visit. */
export async function lockReportingSystem(tx: Db, reportingSystem: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'time-reports:' + reportingSystem}))`);
}

/**
 * The overlap check of an individual's visits is serialised per individual, whoever reports: two reporting systems
 * (two clients of one organisation, or two organisations) posting overlapping visits of one individual at once both
 * checked before either had stored, and the city paid twice. A transaction-scoped advisory lock per individual (a
 * 64-bit hash of the id), taken before the stored overlaps are read and held until the visits are stored.
 * Every batch takes its individuals' locks in one order (individualLockOrder), so two batches that share
 * individuals wait for each other and never deadlock. Called after lockReportingSystem, always in that order; the
 * ids may come in pieces of that order.
 */
export async function lockIndividuals(tx: Db, orderedIds: readonly string[]) {
  if (orderedIds.length === 0) return;
  await tx.execute(sql`
    select pg_advisory_xact_lock(hashtextextended('time-reports:individual:' || x.id, 0))
    from json_array_elements_text(${JSON.stringify(orderedIds)}::json) with ordinality as x(id, n)
    order by x.n`);
}

/** The order in which a batch locks its individuals: distinct, lower-case (one lock per individual), sorted. */
export function individualLockOrder(individualIds: Iterable<string>): string[] {
  return [...new Set([...individualIds].map((id) => id.toLowerCase()))].sort();
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
  cur_reporting_org: string | null;
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

const contextOf = (r: ContextRow): VisitContext => ({
  unitOrganisationId: r.unit_org,
  organisationKind: r.org_kind,
  staffOrganisationId: r.staff_org,
  assignmentId: r.assignment_id,
  needsTwoStaff: r.needs_two_staff === true,
  current: r.cur_id
    ? {
        id: r.cur_id,
        version: Number(r.cur_version),
        reportingOrganisationId: r.cur_reporting_org!,
        individualId: r.cur_individual!,
        unitId: r.cur_unit!,
        staffId: r.cur_staff!,
        serviceType: r.cur_service!,
        status: r.cur_status!,
        checkIn: Number(r.cur_in),
        checkOut: Number(r.cur_out),
        plannedStart: num(r.cur_planned_start),
        plannedEnd: num(r.cur_planned_end),
      }
    : null,
});

/**
 * The context of every candidate in one query, by batch position: its unit and organisation, its staff member, the
 * assignment in force on its day, and the current version of the same externalId from this reporting system.
 */
export async function loadContexts(tx: Db, reportingSystem: string, candidates: readonly Candidate[]): Promise<Map<number, VisitContext>> {
  if (candidates.length === 0) return new Map();
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
               cur.id as cur_id, cur.version as cur_version, cur.reporting_organisation_id as cur_reporting_org,
               cur.individual_id as cur_individual, cur.unit_id as cur_unit,
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
          where t.reporting_system = ${reportingSystem} and t.external_id = v.external_id and t.superseded_at is null
          limit 1
        ) cur on true`,
  );
  return new Map(rows.map((r) => [r.idx, contextOf(r)]));
}

/**
 * The individuals and units a batch names by personal identity number (12 digits) and by external unit code, in one
 * query for each piece. Whatever names no one is absent from the maps.
 */
export async function lookUpReferences(tx: Db, pins: readonly string[], unitCodes: readonly string[]): Promise<{ individualByPin: Map<string, string>; unitByCode: Map<string, string> }> {
  const individualByPin = new Map<string, string>();
  const unitByCode = new Map<string, string>();
  if (pins.length > 0) {
    const rows = await rowsOf<{ id: string; pin: string }>(
      tx,
      sql`select i.id, i.personal_identity_number as pin from individuals i
          where i.personal_identity_number in (select value from json_array_elements_text(${JSON.stringify(pins)}::json))`,
    );
    for (const r of rows) individualByPin.set(r.pin, r.id);
  }
  if (unitCodes.length > 0) {
    const rows = await rowsOf<{ id: string; code: string }>(
      tx,
      sql`select u.id, u.external_code as code from units u
          where u.external_code in (select value from json_array_elements_text(${JSON.stringify(unitCodes)}::json))`,
    );
    for (const r of rows) unitByCode.set(r.code, r.id);
  }
  return { individualByPin, unitByCode };
}

/** The stored counting visits (current versions, not declined) that overlap each of `visits`, in one query. */
export async function storedOverlaps(tx: Db, visits: readonly Accepted[]): Promise<StoredOverlap[]> {
  if (visits.length === 0) return [];
  const input = JSON.stringify(
    visits.map((a) => ({
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
  return rows.map((r) => ({ index: r.idx, reportingSystem: r.reporting_system, externalId: r.external_id, staffId: r.staff_id }));
}

/** Corrected versions stop counting: `superseded_at` set (the version is kept), their day segments deleted. */
export async function supersede(tx: Db, timeReportIds: readonly string[]) {
  if (timeReportIds.length === 0) return;
  const ids = JSON.stringify(timeReportIds);
  await tx.execute(sql`delete from time_report_segments where time_report_id in (select value::uuid from json_array_elements_text(${ids}::json))`);
  await tx.execute(sql`update time_reports set superseded_at = now() where id in (select value::uuid from json_array_elements_text(${ids}::json))`);
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
 * Stores visit versions and their day segments: one INSERT per table for the whole batch. `segments` defaults to the
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
