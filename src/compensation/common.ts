import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { unprocessable } from '../http/problem.js';

/** Compensation for performed time starts on this day (the city's model from 2019-05-01); before it there is no hourly rate. */
export const COMPENSATION_START = '2019-05-01';

export type ProviderKind = 'municipal' | 'private';
export type OrganisationKind = 'private_provider' | 'municipal_provider' | 'city_unit' | 'district' | 'contract_unit';

/** The rate of a unit follows its organisation: private providers the private rate, the city's own (egen regi, city units) the municipal. */
export const providerKindOf = (kind: OrganisationKind): ProviderKind => (kind === 'private_provider' ? 'private' : 'municipal');

/** SQL for the same mapping, on an `organisations.kind` column expression. */
export const providerKindSql = (kindColumn: string) =>
  `(case when ${kindColumn} = 'private_provider' then 'private' else 'municipal' end)::provider_kind`;

/** `YYYY-MM` → its first day and the first day of the next month (half-open), as dates. */
export function monthRange(month: string): { from: string; to: string; last: string; days: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1));
  const to = new Date(Date.UTC(y, m, 1));
  const last = new Date(Date.UTC(y, m, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(from), to: day(to), last: day(last), days: last.getUTCDate() };
}

/** Adds whole days to a calendar date (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Rows of a raw query, the same on pg and PGlite (both put them in `rows`). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** 422 for a period that starts before the first rate: hourly compensation did not exist then. */
export function noRateProblem(from: string, firstRate: string | null) {
  return unprocessable(
    firstRate
      ? `No hourly rate applies before ${firstRate}: compensation for performed time starts ${firstRate} (before it, compensation followed granted time). Ask for a month from ${firstRate.slice(0, 7)}.`
      : 'No hourly rate is recorded: add one with POST /v1/compensation/rates.',
    { errors: [{ path: 'query.month', message: `no rate for ${from}` }] },
  );
}

/** RFC 4180 CSV: a header and the rows, fields quoted when needed, CRLF line ends. */
export function toCsv(columns: string[], rows: (string | number | boolean | null)[][]): string {
  const field = (v: string | number | boolean | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => r.map(field).join(','))].join('\r\n') + '\r\n';
}

/** Does the client ask for CSV (Accept: text/csv) rather than JSON? */
export function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept
    .split(',')
    .map((part) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type!.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((t) => t.q > 0);
  const csv = types.find((t) => t.type === 'text/csv');
  if (!csv) return false;
  const json = types.find((t) => t.type === 'application/json' || t.type === '*/*' || t.type === 'application/*');
  return !json || csv.q > json.q || (csv.q === json.q && types.indexOf(csv) < types.indexOf(json));
}
