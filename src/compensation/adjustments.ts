import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { monthRange } from '../calendar/month.js';
import type { ProviderKind } from './common.js';
import type { VersionRow } from './ingest.sql.js';
import { adjustmentAmounts, firstOpenMonthAfter, pickRate, ratePeriodStart, rateStarts, type Contribution, type VisitChange } from './rules/index.js';
import type { DaySegment } from './segments.js';
import type { Accepted } from './visit-checks.js';
import { rateTable } from './statement.sql.js';

// Adjustments (justeringar) at ingest: a visit reported, corrected or declined for a closed month leaves the closed
// statement as it is; the difference goes to the first open month, one row per visit and closed month.

/** Closing a month and storing visits are serialised: a batch holds this lock shared, a closing exclusively. */
const CLOSING_LOCK = sql`hashtext('compensation-closing')`;

export async function lockClosingsShared(tx: Db) {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${CLOSING_LOCK})`);
}

export async function lockClosingsExclusive(tx: Db) {
  await tx.execute(sql`select pg_advisory_xact_lock(${CLOSING_LOCK})`);
}

/** The closings in force: month → closing id. */
export async function closingsInForce(db: Db): Promise<Map<string, string>> {
  const rows = await rowsOf<{ id: string; month: string }>(db, sql`select id, month from compensation_closings where reopened_at is null`);
  return new Map(rows.map((r) => [r.month, r.id]));
}

export interface AdjustmentRow {
  closingId: string;
  closedMonth: string;
  month: string;
  organisationId: string;
  unitId: string;
  individualId: string;
  reportingSystem: string;
  externalId: string;
  oldTimeReportId: string | null;
  oldVersion: number | null;
  newTimeReportId: string;
  newVersion: number;
  normalSecondsDelta: number;
  inconvenientSecondsDelta: number;
  amountOre: number;
  /** Batch position of the visit (not stored). */
  index: number;
}

interface SegmentRow {
  time_report_id: string;
  local_date: string;
  unit_id: string;
  individual_id: string;
  provider_kind: ProviderKind;
  status: string;
  normal_seconds: number;
  inconvenient_seconds: number;
}

const monthOf = (day: string) => day.slice(0, 7);

/**
 * The adjustments a batch makes (before its versions are stored: the old versions' segments are still there).
 * `closed`: the closings in force. Each accepted visit whose old or new version has time in a closed month gets one
 * adjustment per such month, priced against the lines as they stand now (rules/adjustments.ts).
 */
export async function planAdjustments(tx: Db, closed: ReadonlyMap<string, string>, accepted: readonly Accepted[], rows: readonly VersionRow[], segments: readonly DaySegment[][]): Promise<AdjustmentRow[]> {
  const oldIds = accepted.flatMap((a) => (a.supersedes ? [a.supersedes] : []));
  const oldSegments = oldIds.length
    ? await rowsOf<SegmentRow>(
        tx,
        sql`select time_report_id, local_date::text as local_date, unit_id, individual_id, provider_kind::text as provider_kind, status::text as status, normal_seconds, inconvenient_seconds
            from time_report_segments where time_report_id in (select value::uuid from json_array_elements_text(${JSON.stringify(oldIds)}::json))`,
      )
    : [];
  const oldByVersion = new Map<string, SegmentRow[]>();
  for (const s of oldSegments) if (closed.has(monthOf(s.local_date))) oldByVersion.set(s.time_report_id, [...(oldByVersion.get(s.time_report_id) ?? []), s]);

  interface Touch {
    n: number;
    month: string;
    before: { day: string; unitId: string; individualId: string; kind: ProviderKind; counts: boolean; normal: number; inconvenient: number }[];
    after: { day: string; unitId: string; individualId: string; kind: ProviderKind; counts: boolean; normal: number; inconvenient: number }[];
  }
  const touches: Touch[] = [];
  accepted.forEach((a, n) => {
    const row = rows[n]!;
    const byMonth = new Map<string, Touch>();
    const touch = (month: string) => {
      let t = byMonth.get(month);
      if (!t) byMonth.set(month, (t = { n, month, before: [], after: [] }));
      return t;
    };
    for (const s of a.supersedes ? (oldByVersion.get(a.supersedes) ?? []) : []) {
      touch(monthOf(s.local_date)).before.push({ day: s.local_date, unitId: s.unit_id, individualId: s.individual_id, kind: s.provider_kind, counts: s.status !== 'declined', normal: Number(s.normal_seconds), inconvenient: Number(s.inconvenient_seconds) });
    }
    for (const s of segments[n]!) {
      if (!closed.has(monthOf(s.localDate))) continue;
      touch(monthOf(s.localDate)).after.push({ day: s.localDate, unitId: row.unitId, individualId: row.individualId, kind: row.providerKind, counts: row.status !== 'declined', normal: s.normalSeconds, inconvenient: s.inconvenientSeconds });
    }
    touches.push(...byMonth.values());
  });
  if (touches.length === 0) return [];

  const rateRows = await rateTable(tx);
  const starts = rateStarts(rateRows);
  const startsOf = (kind: ProviderKind) => starts.get(kind) ?? [];
  const keyOf = (day: string, unitId: string, individualId: string, kind: ProviderKind) =>
    [monthOf(day), unitId, individualId, kind, ratePeriodStart(day, monthRange(monthOf(day)).from, startsOf(kind))].join('|');
  const rateOf = (key: string) => {
    const [, , , kind, periodStart] = key.split('|') as [string, string, string, ProviderKind, string];
    const rate = pickRate(rateRows, kind, periodStart);
    if (!rate) throw new RangeError(`no rate for ${key}`);
    return rate;
  };

  // The lines as they stand: current counting seconds of the touched individuals in the touched closed months (date
  // ranges, so the date index serves).
  const months = [...new Set(touches.map((t) => t.month))];
  const individualIds = [...new Set(touches.flatMap((t) => [...t.before, ...t.after].map((s) => s.individualId)))];
  const current = await rowsOf<{ unit_id: string; individual_id: string; provider_kind: ProviderKind; local_date: string; normal: number; inconvenient: number }>(
    tx,
    sql`select unit_id, individual_id, provider_kind::text as provider_kind, local_date::text as local_date,
               sum(normal_seconds)::bigint as normal, sum(inconvenient_seconds)::bigint as inconvenient
        from time_report_segments
        where status <> 'declined'
          and individual_id in (select value::uuid from json_array_elements_text(${JSON.stringify(individualIds)}::json))
          and (${sql.join(
            months.map((m) => {
              const { from, to } = monthRange(m);
              return sql`(local_date >= ${from}::date and local_date < ${to}::date)`;
            }),
            sql` or `,
          )})
        group by 1, 2, 3, 4`,
  );
  const lines = new Map<string, { normalSeconds: number; inconvenientSeconds: number }>();
  for (const r of current) {
    const key = keyOf(r.local_date, r.unit_id, r.individual_id, r.provider_kind);
    const was = lines.get(key) ?? { normalSeconds: 0, inconvenientSeconds: 0 };
    lines.set(key, { normalSeconds: was.normalSeconds + Number(r.normal), inconvenientSeconds: was.inconvenientSeconds + Number(r.inconvenient) });
  }

  const contributions = (list: Touch['before']): Contribution[] =>
    list.map((s) => ({ lineKey: keyOf(s.day, s.unitId, s.individualId, s.kind), normalSeconds: s.counts ? s.normal : 0, inconvenientSeconds: s.counts ? s.inconvenient : 0 }));
  const changes: VisitChange[] = touches.map((t) => ({ before: contributions(t.before), after: contributions(t.after) }));
  const amounts = adjustmentAmounts(lines, rateOf, changes);
  const closedMonths = new Set(closed.keys());
  return touches.map((t, i) => {
    const a = accepted[t.n]!;
    const row = rows[t.n]!;
    return {
      closingId: closed.get(t.month)!,
      closedMonth: t.month,
      month: firstOpenMonthAfter(t.month, closedMonths),
      organisationId: row.organisationId,
      unitId: row.unitId,
      individualId: row.individualId,
      reportingSystem: row.reportingSystem,
      externalId: row.externalId,
      oldTimeReportId: a.supersedes,
      oldVersion: a.supersedes ? a.version - 1 : null,
      newTimeReportId: row.id,
      newVersion: row.version,
      normalSecondsDelta: amounts[i]!.normalSeconds,
      inconvenientSecondsDelta: amounts[i]!.inconvenientSeconds,
      amountOre: amounts[i]!.amountOre,
      index: a.index,
    };
  });
}

/** Stores the adjustments (after the new versions: they reference them). */
export async function insertAdjustments(tx: Db, adjustments: readonly AdjustmentRow[]) {
  if (adjustments.length === 0) return;
  const json = JSON.stringify(
    adjustments.map((a) => ({
      closing_id: a.closingId,
      closed_month: a.closedMonth,
      month: a.month,
      organisation_id: a.organisationId,
      unit_id: a.unitId,
      individual_id: a.individualId,
      reporting_system: a.reportingSystem,
      external_id: a.externalId,
      old_time_report_id: a.oldTimeReportId,
      old_version: a.oldVersion,
      new_time_report_id: a.newTimeReportId,
      new_version: a.newVersion,
      normal_seconds_delta: a.normalSecondsDelta,
      inconvenient_seconds_delta: a.inconvenientSecondsDelta,
      amount_ore: a.amountOre,
    })),
  );
  await tx.execute(sql`
    insert into compensation_adjustments (closing_id, closed_month, month, organisation_id, unit_id, individual_id, reporting_system, external_id,
      old_time_report_id, old_version, new_time_report_id, new_version, normal_seconds_delta, inconvenient_seconds_delta, amount_ore)
    select * from json_to_recordset(${json}::json) as x(closing_id uuid, closed_month text, month text, organisation_id uuid, unit_id uuid,
      individual_id uuid, reporting_system text, external_id text, old_time_report_id uuid, old_version int, new_time_report_id uuid,
      new_version int, normal_seconds_delta int, inconvenient_seconds_delta int, amount_ore bigint)`);
}
