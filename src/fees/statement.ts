import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { monthRange } from '../calendar/month.js';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { closedFeeLines, compensationClosings } from '../db/schema/index.js';
import { HttpProblem, unprocessable } from '../http/problem.js';
import { feeRatesFor, HOURLY_FEE_SERVICES, monthlyFee, type FeeRateRow, type FeeRates } from './rules.js';
import type { feeLineSchema, feeStatementSchema } from './schemas.js';

// The fee statement of a month: per individual with performed home care or a safety alarm in it, the fee by the
// pure rule (rules.ts). A closed month answers the lines frozen when it was closed.

export type FeeLine = z.infer<typeof feeLineSchema>;
export type FeeStatement = z.infer<typeof feeStatementSchema>;

export async function feeRateRows(db: Db): Promise<FeeRateRow[]> {
  return rowsOf<FeeRateRow>(db, sql`select component::text as component, valid_from::text as "validFrom", amount_ore as "amountOre" from fee_rates order by valid_from`);
}

/** The rates of a month, or why there are none: null when no hourly fee or maxtaxa covers it. */
export async function monthRates(db: Db, month: string): Promise<FeeRates | null> {
  const r = feeRatesFor(monthRange(month).from, await feeRateRows(db));
  if (!r.hourly || !r.monthlyCeiling) return null;
  return { hourlyOre: r.hourly.amountOre, maxtaxaOre: r.monthlyCeiling.amountOre, alarmMonthlyOre: r.alarmMonthly?.amountOre ?? null };
}

interface Row {
  individual_id: string;
  individual_name: string;
  district_id: string;
  performed_seconds: number;
  performed_visits: number;
  declined_visits: number;
  alarm_month: boolean;
  ceiling_ore: number | null;
}

/** Lines in name order, then by id: the same order computed now and read back frozen. */
const byIndividualName = (a: FeeLine, b: FeeLine) =>
  a.individualName === b.individualName ? (a.individualId < b.individualId ? -1 : 1) : a.individualName < b.individualName ? -1 : 1;

const hourlyServices = sql.join(HOURLY_FEE_SERVICES.map((s) => sql`${s}`), sql`, `);

/** Performed home-care time, alarm months and own ceilings of a month, per individual (optionally one district's). */
async function feeRows(db: Db, month: string, districtId: string | undefined): Promise<Row[]> {
  const { from, to, last } = monthRange(month);
  return rowsOf<Row>(
    db,
    sql`with performed as (
          select s.individual_id,
                 coalesce(sum(s.normal_seconds + s.inconvenient_seconds) filter (where s.status <> 'declined'), 0)::bigint as performed_seconds,
                 count(*) filter (where s.starts_visit and s.status <> 'declined') as performed_visits,
                 count(*) filter (where s.starts_visit and s.status = 'declined') as declined_visits
          from time_report_segments s
          where s.local_date >= ${from}::date and s.local_date < ${to}::date and s.service_type::text in (${hourlyServices})
          group by 1
        ),
        alarm as (
          select distinct individual_id from service_assignments
          where service_type = 'safety_alarm' and start_date <= ${last}::date and (end_date is null or end_date >= ${from}::date)
        ),
        who as (select individual_id from performed union select individual_id from alarm)
        select i.id as individual_id, i.name as individual_name, i.district_id,
               coalesce(p.performed_seconds, 0) as performed_seconds, coalesce(p.performed_visits, 0) as performed_visits,
               coalesce(p.declined_visits, 0) as declined_visits,
               exists (select 1 from alarm a where a.individual_id = i.id) as alarm_month,
               (select min(c.monthly_ore) from individual_fee_ceilings c
                 where c.individual_id = i.id and c.valid_from <= ${last}::date and (c.valid_to is null or c.valid_to >= ${from}::date)) as ceiling_ore
        from who join individuals i on i.id = who.individual_id
        left join performed p on p.individual_id = i.id
        ${districtId ? sql`where i.district_id = ${districtId}::uuid` : sql``}
        order by i.name, i.id`,
  );
}

const noRates = (month: string) =>
  unprocessable(`No fee rate (hourly fee and maxtaxa) covers ${month}: add them with POST /v1/fees/rates.`, { errors: [{ path: 'query.month', message: `no fee rate for ${month}` }] });

const noAlarmFee = (month: string) =>
  unprocessable(`Individuals had a safety alarm (trygghetslarm) in ${month}, and no alarm fee is set for it: the city sets it with POST /v1/fees/rates (component alarm_monthly).`, {
    errors: [{ path: 'query.month', message: 'no alarm fee' }],
  });

/** The fee lines of a month computed now: 422 without rates, or with an alarm month and no alarm fee. */
export async function computeFeeLines(db: Db, month: string, districtId: string | undefined): Promise<{ rates: FeeRates; lines: FeeLine[] }> {
  const rates = await monthRates(db, month);
  if (!rates) throw noRates(month);
  const rows = await feeRows(db, month, districtId);
  if (rates.alarmMonthlyOre === null && rows.some((r) => r.alarm_month)) throw noAlarmFee(month);
  const lines = rows.map((r): FeeLine => {
    const ceiling = r.ceiling_ore === null ? null : Number(r.ceiling_ore);
    const fee = monthlyFee({ performedSeconds: Number(r.performed_seconds), hasAlarm: r.alarm_month, individualCeilingOre: ceiling }, rates);
    return {
      individualId: r.individual_id,
      individualName: r.individual_name,
      districtId: r.district_id,
      performedSeconds: Number(r.performed_seconds),
      performedVisits: Number(r.performed_visits),
      declinedVisits: Number(r.declined_visits),
      hourlyFeeOre: rates.hourlyOre,
      hoursOre: fee.hoursOre,
      alarmMonth: r.alarm_month,
      alarmOre: fee.alarmOre,
      beforeCapOre: fee.beforeCapOre,
      maxtaxaOre: rates.maxtaxaOre,
      individualCeilingOre: ceiling,
      capOre: fee.capOre,
      capSource: fee.capSource,
      capApplied: fee.capApplied,
      feeOre: fee.feeOre,
    };
  });
  return { rates, lines: lines.sort(byIndividualName) };
}

/**
 * At closing: the fees of the whole city for the month, stored per individual; the rates they used are returned (for
 * the closing row). Null (nothing frozen) when they cannot be computed (no fee rate for the month, or an alarm month without an alarm fee): the month's fees are then computed
 * when asked, as for an open month.
 */
export async function freezeFees(tx: Db, closingId: string, month: string): Promise<FeeRates | null> {
  let computed: { rates: FeeRates; lines: FeeLine[] };
  try {
    computed = await computeFeeLines(tx, month, undefined);
  } catch (e) {
    if (e instanceof HttpProblem && e.status === 422) return null;
    throw e;
  }
  if (computed.lines.length > 0) {
    await tx.insert(closedFeeLines).values(computed.lines.map((l) => ({ closingId, individualId: l.individualId, districtId: l.districtId, lineJson: JSON.stringify(l) })));
  }
  return computed.rates;
}

function statementOf(month: string, districtId: string | null, rates: FeeRates, closed: boolean, lines: FeeLine[]): FeeStatement {
  return {
    month,
    districtId,
    currency: 'SEK',
    rates,
    closed,
    lines,
    total: { individuals: lines.length, beforeCapOre: lines.reduce((s, l) => s + l.beforeCapOre, 0), feeOre: lines.reduce((s, l) => s + l.feeOre, 0) },
  };
}

/** The fee statement of a month for one district or all: frozen when the month was closed with its fees, else computed now. */
export async function feeStatement(db: Db, month: string, districtId: string | undefined): Promise<FeeStatement> {
  const [closing] = await db
    .select({ id: compensationClosings.id, feesFrozen: compensationClosings.feesFrozen, feeRatesJson: compensationClosings.feeRatesJson })
    .from(compensationClosings)
    .where(and(eq(compensationClosings.month, month), sql`${compensationClosings.reopenedAt} is null`));
  if (closing?.feesFrozen) {
    const stored = await db
      .select({ json: closedFeeLines.lineJson })
      .from(closedFeeLines)
      .where(and(eq(closedFeeLines.closingId, closing.id), districtId ? eq(closedFeeLines.districtId, districtId) : undefined));
    const lines = stored.map((s) => JSON.parse(s.json) as FeeLine).sort(byIndividualName);
    return statementOf(month, districtId ?? null, JSON.parse(closing.feeRatesJson!) as FeeRates, true, lines);
  }
  const { rates, lines } = await computeFeeLines(db, month, districtId);
  return statementOf(month, districtId ?? null, rates, false, lines);
}
