import type { z } from 'zod';
import type { ServiceType } from '../individuals/service-rules.js';
import { toCsv, type CsvValue } from '../http/csv.js';
import type { ContinuityRow, PerformedVsGrantedRow, VisitKindsRow } from './reports.sql.js';
import type { continuitySchema, performedVsGrantedSchema, visitKindsSchema } from './schemas.js';

// The follow-up reports from their query rows: deviations, flags, shares and per-unit figures, and their CSV.

type PerformedVsGrantedItem = z.infer<typeof performedVsGrantedSchema>['items'][number];
type ContinuityReport = z.infer<typeof continuitySchema>;
type ContinuityItem = ContinuityReport['items'][number];
type VisitKindsItem = z.infer<typeof visitKindsSchema>['items'][number];

/** A CSV answer as columns and rows (the routes stream it; csvText writes it whole). */
export interface CsvTable {
  columns: string[];
  rows: CsvValue[][];
}
const table = (columns: string[], rows: CsvValue[][]): CsvTable => ({ columns, rows });
const csvText = (t: CsvTable) => toCsv(t.columns, t.rows);

const round = (n: number, decimals: number) => Math.round(n * 10 ** decimals) / 10 ** decimals;

/**
 * Performed against granted minutes: the deviation in percent of granted time (one decimal), flagged when it is at
 * least `thresholdPercent` either way, or when time was performed without granted time.
 */
export function performedVsGrantedItem(r: PerformedVsGrantedRow, thresholdPercent: number): PerformedVsGrantedItem {
  const granted = Number(r.granted_minutes);
  const performed = Number(r.performed_seconds) / 60;
  const deviation = granted > 0 ? round(((performed - granted) / granted) * 100, 1) : null;
  return {
    organisationId: r.organisation_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    individualId: r.individual_id,
    individualName: r.individual_name,
    serviceType: r.service_type as ServiceType,
    grantedMinutes: granted,
    performedMinutes: round(performed, 2),
    visits: Number(r.visits),
    deviationPercent: deviation,
    flagged: deviation === null ? performed > 0 : Math.abs(deviation) >= thresholdPercent,
  };
}

export const performedVsGrantedCsv = (month: string, items: PerformedVsGrantedItem[]): string => csvText(performedVsGrantedCsvRows(month, items));

export function performedVsGrantedCsvRows(month: string, items: PerformedVsGrantedItem[]): CsvTable {
  return table(
    ['month', 'organisation_id', 'unit_id', 'unit_name', 'individual_id', 'individual_name', 'service_type', 'granted_minutes', 'performed_minutes', 'visits', 'deviation_percent', 'flagged'],
    items.map((i) => [month, i.organisationId, i.unitId, i.unitName, i.individualId, i.individualName, i.serviceType, i.grantedMinutes, i.performedMinutes, i.visits, i.deviationPercent, i.flagged]),
  );
}

export const continuityItem = (r: ContinuityRow): ContinuityItem => ({
  organisationId: r.organisation_id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  individualId: r.individual_id,
  individualName: r.individual_name,
  distinctStaff: Number(r.distinct_staff),
  visits: Number(r.visits),
});

/** Per unit, in the order units first appear: its individuals, the mean (one decimal) and the largest number of distinct staff. */
export function continuityUnits(items: ContinuityItem[]): ContinuityReport['units'] {
  const units = new Map<string, { organisationId: string; unitId: string; unitName: string; individuals: number; sum: number; maxDistinctStaff: number }>();
  for (const i of items) {
    const u = units.get(i.unitId) ?? { organisationId: i.organisationId, unitId: i.unitId, unitName: i.unitName, individuals: 0, sum: 0, maxDistinctStaff: 0 };
    u.individuals += 1;
    u.sum += i.distinctStaff;
    u.maxDistinctStaff = Math.max(u.maxDistinctStaff, i.distinctStaff);
    units.set(i.unitId, u);
  }
  return [...units.values()].map(({ sum, ...u }) => ({ ...u, averageDistinctStaff: round(sum / u.individuals, 1) }));
}

/** `lastDay` is the period's last day (inclusive). */
export const continuityCsv = (from: string, lastDay: string, items: ContinuityItem[]): string => csvText(continuityCsvRows(from, lastDay, items));

export function continuityCsvRows(from: string, lastDay: string, items: ContinuityItem[]): CsvTable {
  return table(
    ['from', 'to', 'organisation_id', 'unit_id', 'unit_name', 'individual_id', 'individual_name', 'distinct_staff', 'visits'],
    items.map((i) => [from, lastDay, i.organisationId, i.unitId, i.unitName, i.individualId, i.individualName, i.distinctStaff, i.visits]),
  );
}

/** A unit's visits by kind, with the declined share of all its visits (one decimal; null without visits). */
export function visitKindsItem(r: VisitKindsRow): VisitKindsItem {
  const performed = Number(r.performed_visits);
  const added = Number(r.added_visits);
  const declined = Number(r.declined_visits);
  const all = performed + added + declined;
  return {
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    performedVisits: performed,
    addedVisits: added,
    addedSeconds: Number(r.added_seconds),
    declinedVisits: declined,
    declinedSeconds: Number(r.declined_seconds),
    declinedPercent: all > 0 ? round((declined / all) * 100, 1) : null,
  };
}

export const visitKindsCsv = (month: string, items: VisitKindsItem[]): string => csvText(visitKindsCsvRows(month, items));

export function visitKindsCsvRows(month: string, items: VisitKindsItem[]): CsvTable {
  return table(
    ['month', 'organisation_id', 'organisation_name', 'unit_id', 'unit_name', 'performed_visits', 'added_visits', 'added_seconds', 'declined_visits', 'declined_seconds', 'declined_percent'],
    items.map((i) => [month, i.organisationId, i.organisationName, i.unitId, i.unitName, i.performedVisits, i.addedVisits, i.addedSeconds, i.declinedVisits, i.declinedSeconds, i.declinedPercent]),
  );
}
