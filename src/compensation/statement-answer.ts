import type { Readable } from 'node:stream';
import { recordReadSet } from '../audit/record.js';
import { monthRange } from '../calendar/month.js';
import type { Db } from '../db/client.js';
import { toCsv, type CsvDialect } from '../http/csv.js';
import { Spool } from '../http/spool.js';
import type { ReadScope } from './access.js';
import { adjustmentLines, withAdjustments, type AdjustmentLine, type StatementAnswer } from './adjustment-lines.js';
import { jsonArrayPiece, jsonShell, LINES_PER_PIECE } from './answers.js';
import { closingOf, districtIndividuals, storedStatementOf, storedStatementsOf, type Closing } from './closing.js';
import { eachPricedBatch, type StatementReader } from './statement.sql.js';
import { statementCsvShape, StatementSums, type StatementLine } from './statement-totals.js';

// A month's statement answered as a stream whose memory does not grow with its lines (a city's month: 33,000 lines,
// 16 MiB of JSON): the lines come a batch at a time, are summed and written in pieces to a spool (memory, then a
// temporary file); the totals, known at the end, go before them (JSON) or after them (CSV). The database is done with,
// and the access log committed, before the stream is returned.

/** How the lines of a statement are written, and what comes before and after them once they are summed. */
interface StatementFormat {
  lines(lines: readonly StatementLine[], first: boolean): Buffer;
  around(sums: StatementSums, adjustments: AdjustmentLine[]): { head: Buffer; tail: Buffer };
}

function jsonFormat(month: string, organisationId: string | null, closing: StatementAnswer['closing']): StatementFormat {
  return {
    lines: jsonArrayPiece,
    around(sums, adjustments) {
      const body: StatementAnswer = { ...withAdjustments(sums.statement(month, organisationId, []), adjustments), closing };
      return jsonShell(body, 'lines');
    },
  };
}

function csvFormat(month: string, dialect: CsvDialect): StatementFormat {
  const shape = statementCsvShape(month);
  const text = (rows: ReturnType<typeof shape.lineRows>) => Buffer.from(toCsv(shape.table, dialect, { header: false, rows }), 'utf8');
  return {
    lines: (lines) => text(shape.lineRows(lines)),
    around: (sums, adjustments) => ({ head: Buffer.from(toCsv(shape.table, dialect, { rows: [] }), 'utf8'), tail: text(shape.tailRows(sums.total, adjustments)) }),
  };
}

type Write = (lines: readonly StatementLine[]) => Promise<void>;

/** The answer of the lines `read` writes (it answers the adjustments paid in the month), in `format`. */
async function spooled(format: StatementFormat, read: (write: Write) => Promise<AdjustmentLine[]>, memoryBytes?: number): Promise<Readable> {
  const sums = new StatementSums();
  const spool = new Spool(memoryBytes);
  try {
    let written = 0;
    const adjustments = await read(async (lines) => {
      const pieces: Buffer[] = [];
      for (let i = 0; i < lines.length; i += LINES_PER_PIECE) {
        const piece = lines.slice(i, i + LINES_PER_PIECE);
        for (const l of piece) sums.add(l);
        pieces.push(format.lines(piece, written === 0));
        written += piece.length;
      }
      await spool.write(pieces);
    });
    const { head, tail } = format.around(sums, adjustments);
    return spool.stream(head, tail);
  } catch (err) {
    await spool.close();
    throw err;
  }
}

/**
 * An open month's statement, JSON (or CSV in `dialect`): the lines read a batch at a time by eachPricedBatch, which
 * also writes their access-log entry; the adjustments paid in the month read beside them (on Postgres on another
 * connection) and their individuals logged after the lines, as the closed month logs its own.
 */
export async function statementStream(
  db: Db,
  month: string,
  scope: ReadScope,
  reader: StatementReader,
  dialect: CsvDialect | null,
  opts: { fetchLines?: number | undefined; memoryBytes?: number | undefined } = {},
): Promise<Readable> {
  const adjustmentsRead = adjustmentLines(db, month, scope);
  // Awaited after the lines; when they fail first, the adjustments' failure must not go unhandled.
  adjustmentsRead.catch(() => {});
  const format = dialect ? csvFormat(month, dialect) : jsonFormat(month, scope.organisationId ?? null, null);
  return spooled(
    format,
    async (write) => {
      await eachPricedBatch(db, { ...monthRange(month), ...scope }, reader, write, opts.fetchLines);
      const adjustments = await adjustmentsRead;
      await recordReadSet(db, reader, adjustments.map((a) => a.individualId));
      return adjustments;
    },
    opts.memoryBytes,
  );
}

/**
 * A closed month's statement (stängd månad) for a read scope, from what was stored: each provider's statement read and
 * parsed in its turn, a district's only for its individuals of today, names as they were. Every individual of the
 * answer (lines and adjustments) is recorded in one access-log entry before the stream is returned; their ids are the
 * one thing held for the whole answer.
 */
export async function closedStatementStream(db: Db, closing: Closing, scope: ReadScope, reader: StatementReader, dialect: CsvDialect | null, memoryBytes?: number): Promise<Readable> {
  const stored = await storedStatementsOf(db, closing, scope.organisationId);
  const own = scope.districtId ? await districtIndividuals(db, scope.districtId) : null;
  const format = dialect ? csvFormat(closing.month, dialect) : jsonFormat(closing.month, scope.organisationId ?? null, closingOf(closing, stored));
  return spooled(
    format,
    async (write) => {
      const individuals = new Set<string>();
      const adjustments: AdjustmentLine[] = [];
      for (const s of stored) {
        const body = await storedStatementOf(db, closing, s.organisationId);
        const lines = own ? body.lines.filter((l) => own.has(l.individualId)) : body.lines;
        for (const l of lines) individuals.add(l.individualId);
        await write(lines);
        for (const a of body.adjustments) {
          if (own && !own.has(a.individualId)) continue;
          individuals.add(a.individualId);
          adjustments.push(a);
        }
      }
      await recordReadSet(db, reader, individuals);
      return adjustments;
    },
    memoryBytes,
  );
}
