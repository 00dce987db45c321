import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { segmentWhere, type SegmentFilter } from './statement.sql.js';

// Follow-up reports (uppföljning): each one query that groups the day segments of the counting visit versions.

/** Service types that carry granted time (beviljad tid). */
const GRANTED = sql`('home_care_day_evening', 'home_care_night')`;

export interface PerformedVsGrantedRow {
  organisation_id: string;
  unit_id: string;
  unit_name: string;
  individual_id: string;
  individual_name: string;
  service_type: string;
  granted_minutes: number;
  performed_seconds: number;
  visits: number;
}

/**
 * Granted minutes per individual, unit and service for the month, pro rata for the days each assignment was in force,
 * beside the performed and added time of the same unit and service.
 */
export async function performedVsGranted(db: Db, f: SegmentFilter & { last: string; days: number }): Promise<PerformedVsGrantedRow[]> {
  return rowsOf<PerformedVsGrantedRow>(
    db,
    sql`with g as (
          select sa.individual_id, sa.unit_id, sa.organisation_id, sa.service_type,
                 round(sum(coalesce(sa.granted_minutes_per_month, 0)::numeric
                   * ((least(coalesce(sa.end_date, ${f.last}::date), ${f.last}::date) - greatest(sa.start_date, ${f.from}::date)) + 1)
                   / ${f.days}::int))::bigint as granted_minutes
          from service_assignments sa
          where sa.service_type in ${GRANTED} and sa.start_date <= ${f.last}::date and (sa.end_date is null or sa.end_date >= ${f.from}::date)
            ${f.organisationId ? sql`and sa.organisation_id = ${f.organisationId}::uuid` : sql``}
            ${f.districtId ? sql`and sa.individual_id in (select id from individuals where district_id = ${f.districtId}::uuid)` : sql``}
          group by sa.individual_id, sa.unit_id, sa.organisation_id, sa.service_type
        ),
        p as (
          select s.individual_id, s.unit_id, s.organisation_id, s.service_type,
                 coalesce(sum(s.normal_seconds + s.inconvenient_seconds) filter (where s.status <> 'declined'), 0)::bigint as performed_seconds,
                 count(*) filter (where s.starts_visit and s.status <> 'declined') as visits
          from time_report_segments s
          where ${segmentWhere(f)} and s.service_type in ${GRANTED}
          group by s.individual_id, s.unit_id, s.organisation_id, s.service_type
        )
        select x.organisation_id, x.unit_id, u.name as unit_name, x.individual_id, i.name as individual_name, x.service_type::text as service_type,
               coalesce(g.granted_minutes, 0) as granted_minutes, coalesce(p.performed_seconds, 0) as performed_seconds, coalesce(p.visits, 0) as visits
        from (select individual_id, unit_id, organisation_id, service_type from g union select individual_id, unit_id, organisation_id, service_type from p) x
        left join g on g.individual_id = x.individual_id and g.unit_id = x.unit_id and g.service_type = x.service_type
        left join p on p.individual_id = x.individual_id and p.unit_id = x.unit_id and p.service_type = x.service_type
        join units u on u.id = x.unit_id
        join individuals i on i.id = x.individual_id
        order by x.organisation_id, u.name, x.unit_id, i.name, x.individual_id, x.service_type`,
  );
}

export interface ContinuityRow {
  organisation_id: string;
  unit_id: string;
  unit_name: string;
  individual_id: string;
  individual_name: string;
  distinct_staff: number;
  visits: number;
}

/** Distinct staff with a performed or added visit per unit and individual in a period (declined visits left out). */
export async function continuity(db: Db, f: SegmentFilter): Promise<ContinuityRow[]> {
  return rowsOf<ContinuityRow>(
    db,
    sql`select s.organisation_id, s.unit_id, u.name as unit_name, s.individual_id, i.name as individual_name,
               count(distinct s.staff_id) as distinct_staff, count(*) filter (where s.starts_visit) as visits
        from time_report_segments s
        join units u on u.id = s.unit_id
        join individuals i on i.id = s.individual_id
        where ${segmentWhere(f)} and s.status <> 'declined'
        group by s.organisation_id, s.unit_id, u.name, s.individual_id, i.name
        order by s.organisation_id, u.name, s.unit_id, i.name, s.individual_id`,
  );
}

export interface VisitKindsRow {
  organisation_id: string;
  organisation_name: string;
  unit_id: string;
  unit_name: string;
  performed_visits: number;
  added_visits: number;
  added_seconds: number;
  declined_visits: number;
  declined_seconds: number;
}

/** Performed, added and declined visits per unit (visits counted in the month they start, time on its days). */
export async function visitKinds(db: Db, f: SegmentFilter): Promise<VisitKindsRow[]> {
  return rowsOf<VisitKindsRow>(
    db,
    sql`select s.organisation_id, o.name as organisation_name, s.unit_id, u.name as unit_name,
               count(*) filter (where s.starts_visit and s.status = 'performed') as performed_visits,
               count(*) filter (where s.starts_visit and s.status = 'added') as added_visits,
               coalesce(sum(s.normal_seconds + s.inconvenient_seconds) filter (where s.status = 'added'), 0)::bigint as added_seconds,
               count(*) filter (where s.starts_visit and s.status = 'declined') as declined_visits,
               coalesce(sum(s.normal_seconds + s.inconvenient_seconds) filter (where s.status = 'declined'), 0)::bigint as declined_seconds
        from time_report_segments s
        join units u on u.id = s.unit_id
        join organisations o on o.id = s.organisation_id
        where ${segmentWhere(f)}
        group by s.organisation_id, o.name, s.unit_id, u.name
        order by o.name, s.organisation_id, u.name, s.unit_id`,
  );
}
