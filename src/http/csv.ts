import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

// The one CSV writer of the service. Each export declares its columns (csvColumns: a camelCase header, a kind and
// how to read the value); how the text looks is decided here, by the dialect the caller asked for:
// - `rfc4180` (default): comma, no BOM, decimal point, CRLF, as before.
// - `excel-sv` (decision): what a spreadsheet set to Swedish opens as columns: semicolons, a UTF-8 BOM (without it
//   å, ä and ö come out garbled) and decimal commas; amounts in kronor with two decimals.

export type CsvValue = string | number | boolean | null | undefined;

/** text and integer cells are written as they are; decimal numbers and kronor (from öre) follow the dialect. */
export type CsvKind = 'text' | 'integer' | 'decimal' | 'kronor';

export interface CsvColumn<T> {
  /** The header, camelCase like the JSON fields. */
  name: string;
  kind?: CsvKind;
  value: (row: T) => CsvValue;
}

/** A table to write: headers, kinds and rows of plain values (kronor columns hold öre). */
export interface CsvTable {
  columns: string[];
  kinds: CsvKind[];
  rows: CsvValue[][];
}

export const CSV_DIALECTS = ['rfc4180', 'excel-sv'] as const;
export type CsvDialect = (typeof CSV_DIALECTS)[number];

const DIALECTS: Record<CsvDialect, { delimiter: string; bom: boolean; decimal: string }> = {
  rfc4180: { delimiter: ',', bom: false, decimal: '.' },
  'excel-sv': { delimiter: ';', bom: true, decimal: ',' },
};

/** An export's columns; `table(items)` reads the values, in column order. */
export function csvColumns<T>(columns: readonly CsvColumn<T>[]) {
  return {
    columns,
    table(items: readonly T[], extraRows: CsvValue[][] = []): CsvTable {
      return { columns: columns.map((c) => c.name), kinds: columns.map((c) => c.kind ?? 'text'), rows: [...items.map((i) => columns.map((c) => c.value(i))), ...extraRows] };
    },
  };
}

/**
 * A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, or a tab/CR in front) gets a leading
 * apostrophe (OWASP "CSV injection"). Numbers are written as numbers; only free text is guarded.
 */
export function guardFormula(value: CsvValue): CsvValue {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: CsvValue, kind: CsvKind, decimal: string): CsvValue {
  if (typeof value === 'number') {
    if (kind === 'kronor') return (value / 100).toFixed(2).replace('.', decimal);
    if (kind === 'decimal') return String(value).replace('.', decimal);
    return value;
  }
  return guardFormula(value);
}

/**
 * The rows of `table` (with the header row unless `header: false`) as CSV text in `dialect`, CRLF, quoted where
 * needed, every text cell guarded. The BOM, when the dialect has one, only with the header (the start of the text).
 */
export function toCsv(table: CsvTable, dialect: CsvDialect = 'rfc4180', opts: { header?: boolean; rows?: readonly CsvValue[][] } = {}): string {
  const d = DIALECTS[dialect];
  const header = opts.header !== false;
  const rows = (opts.rows ?? table.rows).map((r) => r.map((v, i) => cell(v, table.kinds[i] ?? 'text', d.decimal)));
  const text = stringify(header ? [table.columns, ...rows] : rows, {
    delimiter: d.delimiter,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
    cast: { boolean: (b) => String(b) },
  });
  return header && d.bom ? `\uFEFF${text}` : text;
}

/** The query parameters of every route that can answer CSV. */
export const csvQuery = {
  format: z
    .enum(['json', 'csv'])
    .optional()
    .describe('`csv` answers CSV whatever `Accept` says (for links and spreadsheets that cannot set headers); default: by `Accept` (`text/csv` or JSON)'),
  csvDialect: z
    .enum(CSV_DIALECTS)
    .optional()
    .describe('CSV only. `rfc4180` (default): comma, no BOM, decimal point. `excel-sv`: semicolons, a UTF-8 BOM and decimal commas (amounts in kronor as 1234,50), for a spreadsheet set to Swedish'),
};

/** The dialect to answer in when the request asks for CSV (`?format=csv` or `Accept: text/csv`), else null (JSON). */
export function csvDialectOf(request: FastifyRequest): CsvDialect | null {
  const q = request.query as { format?: 'json' | 'csv'; csvDialect?: CsvDialect };
  const csv = q.format ? q.format === 'csv' : wantsCsv(request.headers.accept);
  return csv ? (q.csvDialect ?? 'rfc4180') : null;
}

/** The content type of a CSV answer (RFC 4180 with RFC 7111's `header=present`: the first row names the columns). */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

/** Sends `table` as CSV in `dialect`, optionally as an attachment `name`.csv. */
export function sendCsv(reply: FastifyReply, table: CsvTable, dialect: CsvDialect, name?: string) {
  if (name) reply.header('content-disposition', `attachment; filename="${name}.csv"`);
  return reply.type(CSV_CONTENT_TYPE).send(toCsv(table, dialect));
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
