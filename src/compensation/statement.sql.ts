import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { readSetCtes, type Reader } from '../audit/record.js';
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

/** The days on which rates start, per provider kind (the rate table is a handful of rows). */
export type RateStarts = Map<ProviderKind, string[]>;

export async function rateStarts(db: Db): Promise<RateStarts> {
  const rows = await rowsOf<{ provider_kind: ProviderKind; valid_from: string }>(db, sql`select provider_kind::text as provider_kind, valid_from::text as valid_from from compensation_rates order by valid_from`);
  const starts: RateStarts = new Map();
  for (const r of rows) starts.set(r.provider_kind, [...(starts.get(r.provider_kind) ?? []), r.valid_from]);
  return starts;
}

/**
 * The first day of the rate period a segment falls in, per provider kind: the period's first day, or the latest rate
 * start inside the period on or before the segment's day. A plain expression (no join per segment), so that the
 * segments are grouped by hashing, as the bare aggregate is: joining each segment to its rate range forced a sort of
 * every segment (spilling to disk for a provider's month) and made the query twice the bare aggregate.
 */
function periodStartOf(f: SegmentFilter, starts: RateStarts): SQL | null {
  const inside = (kind: ProviderKind) => (starts.get(kind) ?? []).filter((d) => d > f.from && d < f.to).sort().reverse();
  // Most months: no rate starts inside, one period; grouped on exactly the bare aggregate's keys.
  if (inside('municipal').length === 0 && inside('private').length === 0) return null;
  const perKind = (kind: ProviderKind) => {
    const cuts = inside(kind);
    if (cuts.length === 0) return sql`${f.from}::date`;
    return sql`case ${sql.join(cuts.map((d) => sql`when s.local_date >= ${d}::date then ${d}::date`), sql` `)} else ${f.from}::date end`;
  };
  return sql`case when s.provider_kind = 'municipal' then ${perKind('municipal')} else ${perKind('private')} end`;
}

/** Who reads a statement, for its access-log entry. */
export type StatementReader = Reader;

/**
 * The statement lines of a period: one per unit, individual and rate period, in one set-based query. The day segments
 * are summed exactly per unit, individual, provider kind and rate period (cut at the rate starts inside the period),
 * then each group meets its rate (`valid_from <= period start < next valid_from` of the same kind) and the names;
 * the caller prices each line once with the pure money rule. Declined visits pay nothing and are counted apart;
 * visits are counted on the day they start.
 *
 * With a `reader`, the same statement writes the access log: one `read` entry with the individuals of the lines
 * (exactly those, from the same snapshot, in the same atomic statement; readSetCtes), unless a line has no rate (the
 * caller answers 422 and nothing was read). A city's month names tens of thousands of individuals; a second statement
 * (or one parameter per id) cost as much as the query again; their ids go into the one entry as an array.
 */
export async function statementLines(db: Db, f: SegmentFilter, starts?: RateStarts, reader?: StatementReader): Promise<StatementLineRow[]> {
  const period = periodStartOf(f, starts ?? (await rateStarts(db)));
  const accessLog = reader ? sql`, ${readSetCtes(reader, sql`select distinct individual_id from priced where not exists (select 1 from priced where hourly_ore is null)`)}` : sql``;
  return rowsOf<StatementLineRow>(
    db,
    sql`with rates as (
          select provider_kind, valid_from, hourly_ore, inconvenient_ore,
                 lead(valid_from, 1, 'infinity'::date) over (partition by provider_kind order by valid_from) as valid_to
          from compensation_rates
        ),
        lines as (
          select s.unit_id, s.individual_id, s.provider_kind, ${period ?? sql`${f.from}::date`} as period_start,
                 coalesce(sum(s.normal_seconds) filter (where s.status <> 'declined'), 0)::bigint as normal_seconds,
                 coalesce(sum(s.inconvenient_seconds) filter (where s.status <> 'declined'), 0)::bigint as inconvenient_seconds,
                 count(*) filter (where s.starts_visit and s.status = 'performed') as performed_visits,
                 count(*) filter (where s.starts_visit and s.status = 'added') as added_visits,
                 count(*) filter (where s.starts_visit and s.status = 'declined') as declined_visits,
                 coalesce(sum(s.normal_seconds + s.inconvenient_seconds) filter (where s.status = 'declined'), 0)::bigint as declined_seconds
          from time_report_segments s
          where ${segmentWhere(f)}
          group by 1, 2, 3${period ? sql`, 4` : sql``}
        ),
        priced as (
          select l.*, r.valid_from as rate_valid_from, r.hourly_ore, r.inconvenient_ore
          from lines l
          left join rates r on r.provider_kind = l.provider_kind and l.period_start >= r.valid_from and l.period_start < r.valid_to
        )
        ${accessLog}
        select u.organisation_id, o.name as organisation_name, p.unit_id, u.name as unit_name,
               p.individual_id, i.name as individual_name, p.provider_kind::text as provider_kind,
               p.rate_valid_from::text as rate_valid_from, p.hourly_ore, p.inconvenient_ore,
               p.normal_seconds, p.inconvenient_seconds, p.performed_visits, p.added_visits, p.declined_visits, p.declined_seconds
        from priced p
        join units u on u.id = p.unit_id
        join organisations o on o.id = u.organisation_id
        join individuals i on i.id = p.individual_id
        order by o.name, u.organisation_id, u.name, p.unit_id, i.name, p.individual_id, p.period_start`,
  );
}

/**
 * The priced lines of a period: 422 when the period starts before the first rate, or a day in it has no rate
 * (hourly compensation did not exist then). With a `reader`, the access log is written by the same statement.
 */
export async function pricedLines(db: Db, f: SegmentFilter, reader?: StatementReader): Promise<StatementLine[]> {
  const starts = await rateStarts(db);
  const first = [...starts.values()].flat().sort()[0] ?? null;
  if (first === null || f.from < first) throw noRateProblem(f.from, first);
  const rows = await statementLines(db, f, starts, reader);
  if (!rows.every(isRated)) throw noRateProblem(f.from, first);
  return rows.map(toLine);
}
