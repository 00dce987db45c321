import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, or a tab/CR in front) gets a leading
 * apostrophe (OWASP "CSV injection"). Numbers are written as numbers; only free text is guarded.
 */
export function guardFormula(value: CsvValue): CsvValue {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The one CSV writer of the service: RFC 4180 (csv-stringify), a header row, CRLF, every text cell guarded. */
export function toCsv(columns: string[], rows: CsvValue[][]): string {
  return stringify([columns, ...rows.map((r) => r.map(guardFormula))], { record_delimiter: 'windows', quoted_match: /[\r\n]/, cast: { boolean: (b) => String(b) } });
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
