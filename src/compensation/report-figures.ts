import type { z } from 'zod';
import type { ServiceType } from '../individuals/service-rules.js';
import { csvColumns, toCsv, type CsvTable } from '../http/csv.js';
import type { ContinuityRow, PerformedVsGrantedRow, VisitKindsRow } from './reports.sql.js';
import type { continuitySchema, performedVsGrantedSchema, visitKindsSchema } from './schemas.js';

// The follow-up reports from their query rows: deviations, flags, shares and per-unit figures, and their CSV.

type PerformedVsGrantedItem = z.infer<typeof performedVsGrantedSchema>['items'][number];
type ContinuityReport = z.infer<typeof continuitySchema>;
type ContinuityItem = ContinuityReport['items'][number];
type VisitKindsItem = z.infer<typeof visitKindsSchema>['items'][number];

const csvText = (t: CsvTable) => toCsv(t);

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

const performedVsGrantedColumns = (month: string) =>
  csvColumns<PerformedVsGrantedItem>([
    { name: 'month', value: () => month },
    { name: 'organisationId', value: (i) => i.organisationId },
    { name: 'unitId', value: (i) => i.unitId },
    { name: 'unitName', value: (i) => i.unitName },
    { name: 'individualId', value: (i) => i.individualId },
    { name: 'individualName', value: (i) => i.individualName },
    { name: 'serviceType', value: (i) => i.serviceType },
    { name: 'grantedMinutes', kind: 'integer', value: (i) => i.grantedMinutes },
    { name: 'performedMinutes', kind: 'decimal', value: (i) => i.performedMinutes },
    { name: 'visits', kind: 'integer', value: (i) => i.visits },
    { name: 'deviationPercent', kind: 'decimal', value: (i) => i.deviationPercent },
    { name: 'flagged', value: (i) => i.flagged },
  ]);

export const performedVsGrantedCsvRows = (month: string, items: PerformedVsGrantedItem[]): CsvTable => performedVsGrantedColumns(month).table(items);

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

const continuityColumns = (from: string, lastDay: string) =>
  csvColumns<ContinuityItem>([
    { name: 'from', value: () => from },
    { name: 'to', value: () => lastDay },
    { name: 'organisationId', value: (i) => i.organisationId },
    { name: 'unitId', value: (i) => i.unitId },
    { name: 'unitName', value: (i) => i.unitName },
    { name: 'individualId', value: (i) => i.individualId },
    { name: 'individualName', value: (i) => i.individualName },
    { name: 'distinctStaff', kind: 'integer', value: (i) => i.distinctStaff },
    { name: 'visits', kind: 'integer', value: (i) => i.visits },
  ]);

export const continuityCsvRows = (from: string, lastDay: string, items: ContinuityItem[]): CsvTable => continuityColumns(from, lastDay).table(items);

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

const visitKindsColumns = (month: string) =>
  csvColumns<VisitKindsItem>([
    { name: 'month', value: () => month },
    { name: 'organisationId', value: (i) => i.organisationId },
    { name: 'organisationName', value: (i) => i.organisationName },
    { name: 'unitId', value: (i) => i.unitId },
    { name: 'unitName', value: (i) => i.unitName },
    { name: 'performedVisits', kind: 'integer', value: (i) => i.performedVisits },
    { name: 'addedVisits', kind: 'integer', value: (i) => i.addedVisits },
    { name: 'addedSeconds', kind: 'integer', value: (i) => i.addedSeconds },
    { name: 'declinedVisits', kind: 'integer', value: (i) => i.declinedVisits },
    { name: 'declinedSeconds', kind: 'integer', value: (i) => i.declinedSeconds },
    { name: 'declinedPercent', kind: 'decimal', value: (i) => i.declinedPercent },
  ]);

export const visitKindsCsvRows = (month: string, items: VisitKindsItem[]): CsvTable => visitKindsColumns(month).table(items);
