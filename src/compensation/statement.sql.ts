import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { noRateProblem, type ProviderKind } from './common.js';
import { isRated, toLine, type StatementLine } from './statement-totals.js';

export interface SegmentFilter {
  /** First day (inclusive) and the day after the last (exclusive), local dates. */
  from: string;
  to: string;
  organisationId?: string | undefined;
  /** Only the individuals of this district. */
  districtId?: string | undefined;
}

/** The WHERE clause over `time_report_segments s` for a period, an organisation and a district. */
export function segmentWhere(f: SegmentFilter): SQL {
  return sql`s.local_date >= ${f.from}::date and s.local_date < ${f.to}::date
    ${f.organisationId ? sql`and s.organisation_id = ${f.organisationId}::uuid` : sql``}
    ${f.districtId ? sql`and s.individual_id in (select id from individuals where district_id = ${f.districtId}::uuid)` : sql``}`;
}

export interface StatementLineRow {
  organisation_id: string;
  organisation_name: string;
  unit_id: string;
  unit_name: string;
  individual_id: string;
  individual_name: string;
  provider_kind: ProviderKind;
  rate_valid_from: string | null;
  hourly_ore: number | null;
  inconvenient_ore: number | null;
  normal_seconds: number;
  inconvenient_seconds: number;
  performed_visits: number;
  added_visits: number;
  declined_visits: number;
  declined_seconds: number;
}

/**
 * The statement lines of a period: one per unit, individual and rate period, in one set-based query. Each day segment
 * meets the rate in force on its day (`valid_from <= day < next valid_from` of the same kind, a handful of rows) and
 * the seconds are summed exactly per line; the caller prices each line once with the pure money rule.
 * Declined visits pay nothing and are counted apart; visits are counted on the day they start.
 */
export async function statementLines(db: Db, f: SegmentFilter): Promise<StatementLineRow[]> {
  return rowsOf<StatementLineRow>(
    db,
    sql`with rates as (
          select provider_kind, valid_from, hourly_ore, inconvenient_ore,
                 lead(valid_from, 1, 'infinity'::date) over (partition by provider_kind order by valid_from) as valid_to
          from compensation_rates
        ),
        lines as (
          select s.unit_id, s.individual_id, s.provider_kind, r.valid_from, r.hourly_ore, r.inconvenient_ore,
                 coalesce(sum(s.normal_seconds) filter (where s.status <> 'declined'), 0)::bigint as normal_seconds,
                 coalesce(sum(s.inconvenient_seconds) filter (where s.status <> 'declined'), 0)::bigint as inconvenient_seconds,
                 count(*) filter (where s.starts_visit and s.status = 'performed') as performed_visits,
                 count(*) filter (where s.starts_visit and s.status = 'added') as added_visits,
                 count(*) filter (where s.starts_visit and s.status = 'declined') as declined_visits,
                 coalesce(sum(s.normal_seconds + s.inconvenient_seconds) filter (where s.status = 'declined'), 0)::bigint as declined_seconds
          from time_report_segments s
          left join rates r on r.provider_kind = s.provider_kind and s.local_date >= r.valid_from and s.local_date < r.valid_to
          where ${segmentWhere(f)}
          group by s.unit_id, s.individual_id, s.provider_kind, r.valid_from, r.hourly_ore, r.inconvenient_ore
        )
        select u.organisation_id, o.name as organisation_name, l.unit_id, u.name as unit_name,
               l.individual_id, i.name as individual_name, l.provider_kind::text as provider_kind,
               l.valid_from::text as rate_valid_from, l.hourly_ore, l.inconvenient_ore,
               l.normal_seconds, l.inconvenient_seconds, l.performed_visits, l.added_visits, l.declined_visits, l.declined_seconds
        from lines l
        join units u on u.id = l.unit_id
        join organisations o on o.id = u.organisation_id
        join individuals i on i.id = l.individual_id
        order by o.name, u.organisation_id, u.name, l.unit_id, i.name, l.individual_id, l.valid_from`,
  );
}

/** The first day any rate applies (null when the table is empty). */
export async function firstRateDate(db: Db): Promise<string | null> {
  const [row] = await rowsOf<{ first: string | null }>(db, sql`select min(valid_from)::text as first from compensation_rates`);
  return row?.first ?? null;
}

/**
 * The priced lines of a period: 422 when the period starts before the first rate, or a day in it has no rate
 * (hourly compensation did not exist then).
 */
export async function pricedLines(db: Db, f: SegmentFilter): Promise<StatementLine[]> {
  const first = await firstRateDate(db);
  if (first === null || f.from < first) throw noRateProblem(f.from, first);
  const rows = await statementLines(db, f);
  if (!rows.every(isRated)) throw noRateProblem(f.from, first);
  return rows.map(toLine);
}
