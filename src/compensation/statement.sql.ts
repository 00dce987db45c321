import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { readSetCtes, type Reader } from '../audit/record.js';
import { noRateProblem, type ProviderKind } from './common.js';
import { pickRate, rateStarts, type RateRow } from './rules/money.js';
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

/** The rate table, oldest first (a handful of rows). */
export async function rateTable(db: Db): Promise<RateRow[]> {
  const rows = await rowsOf<{ provider_kind: ProviderKind; valid_from: string; hourly_ore: number; inconvenient_ore: number }>(
    db,
    sql`select provider_kind::text as provider_kind, valid_from::text as valid_from, hourly_ore, inconvenient_ore from compensation_rates order by valid_from, provider_kind`,
  );
  return rows.map((r) => ({ providerKind: r.provider_kind, validFrom: r.valid_from, hourlyOre: Number(r.hourly_ore), inconvenientOre: Number(r.inconvenient_ore) }));
}

/** The days on which rates start, per provider kind (rateStarts). */
type RateStarts = ReturnType<typeof rateStarts>;

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

/** A unit and its organisation, by unit id: the names of the statement's lines. */
async function unitNames(db: Db, organisationId: string | undefined): Promise<Map<string, { organisation_id: string; organisation_name: string; unit_name: string }>> {
  const rows = await rowsOf<{ unit_id: string; organisation_id: string; organisation_name: string; unit_name: string }>(
    db,
    sql`select u.id as unit_id, u.organisation_id, o.name as organisation_name, u.name as unit_name
        from units u join organisations o on o.id = u.organisation_id
        ${organisationId ? sql`where u.organisation_id = ${organisationId}::uuid` : sql``}`,
  );
  return new Map(rows.map((r) => [r.unit_id, r]));
}

type SlimLineRow = Omit<StatementLineRow, 'organisation_id' | 'organisation_name' | 'unit_name' | 'rate_valid_from' | 'hourly_ore' | 'inconvenient_ore'> & { period_start: string };

/** The month's lines summed from the day segments (see statementLines): a select, grouped, in no order. */
function linesAggregate(f: SegmentFilter, period: SQL | null): SQL {
  return sql`select s.unit_id, s.individual_id, s.provider_kind, ${period ?? sql`${f.from}::date`} as period_start,
                 coalesce(sum(s.normal_seconds) filter (where s.status <> 'declined'), 0)::bigint as normal_seconds,
                 coalesce(sum(s.inconvenient_seconds) filter (where s.status <> 'declined'), 0)::bigint as inconvenient_seconds,
                 count(*) filter (where s.starts_visit and s.status = 'performed') as performed_visits,
                 count(*) filter (where s.starts_visit and s.status = 'added') as added_visits,
                 count(*) filter (where s.starts_visit and s.status = 'declined') as declined_visits,
                 coalesce(sum(s.normal_seconds + s.inconvenient_seconds) filter (where s.status = 'declined'), 0)::bigint as declined_seconds
          from time_report_segments s
          where ${segmentWhere(f)}
          group by 1, 2, 3${period ? sql`, 4` : sql``}`;
}

/** True when every line of `lines` (a CTE or table name) has a rate: one of its kind starts on or before its period (each rate runs until the next). */
const allRated = (lines: SQL) =>
  sql`not exists (select 1 from ${lines} l where not exists (select 1 from compensation_rates r where r.provider_kind = l.provider_kind and r.valid_from <= l.period_start))`;

/** The lines of `lines` (a CTE or table of linesAggregate's rows) with the individual's name, in the statement's order. */
function orderedLines(lines: SQL): SQL {
  return sql`select p.unit_id, p.individual_id, i.name as individual_name, p.provider_kind::text as provider_kind, p.period_start::text as period_start,
               p.normal_seconds, p.inconvenient_seconds, p.performed_visits, p.added_visits, p.declined_visits, p.declined_seconds
        from ${lines} p
        join units_in_order u on u.id = p.unit_id
        join individuals i on i.id = p.individual_id
        order by u.position, i.name, p.individual_id, p.period_start`;
}

/**
 * The units numbered in the statement's order. Every unit (a few hundred rows), not only the organisation's: filtered,
 * the planner expects a few lines and looks each individual up by index (one bench run: 115 ms for the provider's
 * month, 80 ms hashing them).
 */
const unitsInOrder = sql`units_in_order as (
          select u.id, row_number() over (order by o.name, u.organisation_id, u.name, u.id) as position
          from units u join organisations o on o.id = u.organisation_id
        )`;

/** A statement line as the query answers it, with its unit's names and its rate. */
function withNamesAndRate(r: SlimLineRow, units: Awaited<ReturnType<typeof unitNames>>, table: readonly RateRow[]): StatementLineRow {
  const unit = units.get(r.unit_id)!;
  const rate = pickRate(table, r.provider_kind, r.period_start);
  // One object literal of a fixed shape per line (object rest/spread here made the city's month slower by a third).
  return {
    organisation_id: unit.organisation_id,
    organisation_name: unit.organisation_name,
    unit_id: r.unit_id,
    unit_name: unit.unit_name,
    individual_id: r.individual_id,
    individual_name: r.individual_name,
    provider_kind: r.provider_kind,
    rate_valid_from: rate?.validFrom ?? null,
    hourly_ore: rate?.hourlyOre ?? null,
    inconvenient_ore: rate?.inconvenientOre ?? null,
    normal_seconds: r.normal_seconds,
    inconvenient_seconds: r.inconvenient_seconds,
    performed_visits: r.performed_visits,
    added_visits: r.added_visits,
    declined_visits: r.declined_visits,
    declined_seconds: r.declined_seconds,
  };
}

/**
 * The statement lines of a period: one per unit, individual and rate period, in one set-based query. The day segments
 * are summed exactly per unit, individual, provider kind and rate period (cut at the rate starts inside the period),
 * in the order of organisation, unit and individual names (the units are numbered in that order first: sorting the
 * lines on a unit's number and the individual's name cost about half of sorting them on three names); each line then
 * meets its rate (pickRate) and its unit's names here, and the caller prices it once with the pure money rule.
 * Declined visits pay nothing and are counted apart; visits are counted on the day they start.
 *
 * The query answers only what differs per line (ids, the individual's name, the period, the sums): the embedded
 * database spends more on handing rows over than on the aggregate, and the rates and unit names repeated on each of a
 * city's 33,334 lines made the query half as slow again as the bare aggregate.
 *
 * With a `reader`, the same statement writes the access log: one `read` entry with the individuals of the lines
 * (exactly those, from the same snapshot, in the same atomic statement; readSetCtes), unless a line has no rate (the
 * caller answers 422 and nothing was read). A city's month names tens of thousands of individuals; a second statement
 * (or one parameter per id) cost as much as the query again; their ids go into the one entry as an array.
 *
 * All lines at once (the closing stores each provider's statement); the route reads them in batches (eachPricedBatch).
 */
export async function statementLines(db: Db, f: SegmentFilter, rates?: readonly RateRow[], reader?: StatementReader): Promise<StatementLineRow[]> {
  const table = rates ?? (await rateTable(db));
  const period = periodStartOf(f, rateStarts(table));
  const accessLog = reader ? sql`, ${readSetCtes(reader, sql`select distinct individual_id from lines where ${allRated(sql`lines`)}`)}` : sql``;
  const rows = await rowsOf<SlimLineRow>(db, sql`with lines as (${linesAggregate(f, period)}), ${unitsInOrder} ${accessLog} ${orderedLines(sql`lines`)}`);
  // Read after the lines: every unit they name exists by then (units are never removed).
  const units = await unitNames(db, f.organisationId);
  return rows.map((r) => withNamesAndRate(r, units, table));
}

/** Lines fetched at a time by eachPricedBatch: a few hundred KiB of rows. */
export const FETCH_LINES = 1000;

/** 422 when the period starts before the first rate (hourly compensation did not exist then); else the rate table. */
async function ratesFrom(db: Db, f: SegmentFilter): Promise<RateRow[]> {
  const rates = await rateTable(db);
  const first = rates[0]?.validFrom ?? null;
  if (first === null || f.from < first) throw noRateProblem(f.from, first);
  return rates;
}

/**
 * The priced lines of a period handed to `onBatch` `fetchLines` at a time, in the statement's order (statementLines),
 * for an answer whose memory must not grow with its lines. In one transaction: the lines summed once into a temporary
 * table by a statement that also writes the access-log entry of their individuals (as statementLines; a cursor's
 * query cannot write), then a cursor over them with the names, in order. 422 (nothing logged) when a line has no rate.
 * The entry commits with the transaction, after the last batch and before the caller sends anything; a batch that
 * fails rolls it back. `onBatch` runs inside the transaction: it must not use the database (on the embedded one that
 * would wait for the transaction).
 */
export async function eachPricedBatch(db: Db, f: SegmentFilter, reader: StatementReader, onBatch: (lines: StatementLine[]) => Promise<void>, fetchLines = FETCH_LINES): Promise<void> {
  const rates = await ratesFrom(db, f);
  const period = periodStartOf(f, rateStarts(rates));
  await db.transaction(async (tx) => {
    // The entry is written only when every line has a rate; a line without one is met in its batch (422, rolled back).
    const accessLog = readSetCtes(reader, sql`select distinct individual_id from lines where ${allRated(sql`lines`)}`);
    await tx.execute(sql`create temporary table statement_lines on commit drop as with lines as (${linesAggregate(f, period)}), ${accessLog} select * from lines`);
    const units = await unitNames(tx, f.organisationId);
    await tx.execute(sql`declare statement_cursor no scroll cursor for with ${unitsInOrder} ${orderedLines(sql`statement_lines`)}`);
    const fetch = () => rowsOf<SlimLineRow>(tx, sql.raw(`fetch forward ${Math.trunc(fetchLines)} from statement_cursor`));
    let next = fetch();
    for (;;) {
      const rows = await next;
      const more = rows.length === fetchLines;
      // The database reads the next batch while this one is priced and written (two batches at most at a time). Its
      // failure is the transaction's: awaited in the next round, or moot when this round fails and rolls back.
      if (more) (next = fetch()).catch(() => {});
      const lines = rows.map((r) => withNamesAndRate(r, units, rates));
      if (!lines.every(isRated)) throw noRateProblem(f.from, rates[0]!.validFrom);
      if (lines.length > 0) await onBatch(lines.map(toLine));
      if (!more) break;
    }
  });
}

/**
 * The priced lines of a period: 422 when the period starts before the first rate, or a day in it has no rate
 * (hourly compensation did not exist then). With a `reader`, the access log is written by the same statement.
 */
export async function pricedLines(db: Db, f: SegmentFilter, reader?: StatementReader): Promise<StatementLine[]> {
  const rates = await ratesFrom(db, f);
  const rows = await statementLines(db, f, rates, reader);
  if (!rows.every(isRated)) throw noRateProblem(f.from, rates[0]!.validFrom);
  return rows.map(toLine);
}
