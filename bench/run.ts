// `npm run bench`: the service's speed against the floor of the same machine, measured in one run (issue 11).
//
//   npm run bench                         the full size on the embedded database (PGlite in a temporary folder)
//   npm run bench -- --quick              everything small, in well under a minute (CI's smoke test; no thresholds)
//   npm run bench -- --postgres           on Postgres: DATABASE_URL (else postgres://postgres@127.0.0.1:5432/postgres)
//   DATABASE_URL=postgres://… npm run bench   the same; a fresh database is created on that server and dropped after
//
// What it measures, each path against its baseline on the same database, in the same process, in the same run:
//   1. time-report ingest through HTTP, batches of 5,000, against a plain multi-row INSERT of the same visit and day
//      segment rows through the driver (in a transaction rolled back, before the batch goes in);
//   2. the provider-month and city-month statement routes (JSON; the city also CSV) against the bare aggregate SQL
//      over the same rows (only the GROUP BY and the sums), and the memory the city route takes;
//   3. the inbox under autocannon (50 connections, in another process) against a bare Fastify route doing one SELECT
//      through the same pool behind the same access hook;
//   4. GET /health/live, asked every 5 ms from a worker thread (its own event loop), while a 5,000-visit batch runs.
// Sizes: 1,000,000 visits in the city's month, 100,000 of them the large provider's (BENCH_CITY_VISITS,
// BENCH_PROVIDER_VISITS). The directory and the other providers' visits are bulk-loaded (the calendar split on a
// worker thread); the large provider's month goes through the real route. Tokens are bound callers: the bench creates
// the staff and API clients it uses. Results: printed, and written to bench/results/latest.json (not committed).
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp, type App } from '../src/app.js';
import { mintDevToken } from '../src/auth/dev-token.js';
import { accessPlugin } from '../src/auth/plugin.js';
import { insertVersions, type VersionRow } from '../src/compensation/ingest.sql.js';
import { segmentsOf, type DaySegment } from '../src/compensation/segments.js';
import { eachPricedBatch, statementLines } from '../src/compensation/statement.sql.js';
import { statementStream } from '../src/compensation/statement-answer.js';
import { loadConfig } from '../src/config.js';
import { connectPglite, connectPostgres, type Database, type Db } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { rowsOf } from '../src/db/rows.js';
import { apiClients, individuals, organisations, serviceAssignments, staff, units } from '../src/db/schema/index.js';
import { demo } from '../src/demo/city.js';
import { demoGroup } from '../src/demo/contact-groups.js';
import { loadDemoCity } from '../src/demo/load.js';
import { bootstrapCity } from '../src/directory/bootstrap.js';
import { createLogger } from '../src/logger.js';
import { MESSAGE_READERS } from '../src/messages/access.js';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const POSTGRES_URL = args.find((a) => a.startsWith('--database='))?.slice('--database='.length) ?? process.env.DATABASE_URL ?? (args.includes('--postgres') ? 'postgres://postgres@127.0.0.1:5432/postgres' : undefined);

const CITY_VISITS = Number(process.env.BENCH_CITY_VISITS ?? (QUICK ? 10_000 : 1_000_000));
const PROVIDER_VISITS = Number(process.env.BENCH_PROVIDER_VISITS ?? (QUICK ? 5_000 : 100_000));
const LOAD_SECONDS = QUICK ? 2 : 10;
const REPEATS = QUICK ? 2 : 7;
/** The provider's month takes ~0.1 s a turn: more turns for a steadier median on a shared machine. */
const PROVIDER_REPEATS = QUICK ? 2 : 21;
const VISITS_PER_INDIVIDUAL = 30; // one a day, 1–30 May 2019
const BATCH = 5000;
const BULK_CHUNK = 10_000;
const OTHER_ORGANISATIONS = 30;
const UNITS_PER_ORGANISATION = 3;
const LARGE_PROVIDER_UNITS = 10;
const INDIVIDUALS_PER_STAFF = 8;
const INBOX_MESSAGES = 120;
const PROBE_INTERVAL_MS = 5;
const MONTH = { from: '2019-05-01', to: '2019-06-01' };
const SECRET = 'bench-secret-0123456789-0123456789-abcdef';

const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${s}`);

// ---------------------------------------------------------------------------------------------------------------
// The database: a throwaway one on a Postgres server, or PGlite in a temporary folder.

interface BenchDatabase {
  database: Database;
  kind: 'postgres' | 'pglite';
  backend: string;
  /** A query through the driver itself (no ORM), the baselines' path. */
  raw(text: string, params?: unknown[]): Promise<unknown[]>;
  /** Runs `fn` in a transaction on one connection and rolls it back. */
  rolledBack(fn: (raw: (text: string, params?: unknown[]) => Promise<unknown>) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

async function openDatabase(): Promise<BenchDatabase> {
  if (POSTGRES_URL) {
    const name = `hj_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    const database = connectPostgres(url.toString(), 10, { connectMs: 10_000, statementMs: 0, idleInTransactionMs: 0 });
    await runMigrations(database);
    const pool = database.pool!;
    return {
      database,
      kind: 'postgres',
      backend: `postgres (${new URL(POSTGRES_URL).host}, throwaway database ${name})`,
      raw: async (text, params) => (await pool.query(text, params as unknown[])).rows,
      async rolledBack(fn) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          await fn((text, params) => client.query(text, params as unknown[]));
        } finally {
          await client.query('rollback');
          client.release();
        }
      },
      async close() {
        await database.close();
        if (args.includes('--keep')) return log(`kept the database ${url.toString()} (--keep)`);
        const a = new pg.Client({ connectionString: POSTGRES_URL });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'hemtjanst-bench-'));
  const database = await connectPglite(dir);
  await runMigrations(database);
  const client = database.pglite!;
  return {
    database,
    kind: 'pglite',
    backend: 'pglite (embedded, temporary folder)',
    raw: async (text, params) => (await client.query(text, params as unknown[])).rows,
    async rolledBack(fn) {
      await client.query('begin');
      try {
        await fn((text, params) => client.query(text, params as unknown[]));
      } finally {
        await client.query('rollback');
      }
    },
    async close() {
      await database.close();
      if (args.includes('--keep')) return log(`kept the embedded database in ${dir} (--keep)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The city.

/** Deterministic pseudo-random numbers (mulberry32), so every run generates the same city. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Org {
  index: number;
  id: string;
  kind: 'private_provider' | 'municipal_provider';
  units: { id: string; staff: string[]; individuals: string[] }[];
  visits: number;
}

interface GeneratedVisit {
  externalId: string;
  individualId: string;
  unitId: string;
  staffId: string;
  serviceType: 'home_care_day_evening';
  checkIn: string;
  checkOut: string;
  status: 'performed' | 'declined' | 'added';
}

const systemOf = (org: Org) => `bench-system-${org.index}`;
const pad = (n: number) => String(n).padStart(2, '0');

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
}

/** The directory: districts, providers with units, staff and a registered time-reporting system each, individuals with home care. */
async function buildCity(db: Db) {
  const districts = Array.from({ length: 10 }, (_, i) => ({ id: randomUUID(), name: `Bench district ${i}`, kind: 'district' as const, organisationNumber: '212000-1355' }));
  const rest = CITY_VISITS - PROVIDER_VISITS;
  const orgs: Org[] = [
    { index: 0, id: randomUUID(), kind: 'private_provider', units: [], visits: PROVIDER_VISITS },
    ...Array.from({ length: OTHER_ORGANISATIONS }, (_, i) => ({
      index: i + 1,
      id: randomUUID(),
      kind: (i % 3 === 0 ? 'municipal_provider' : 'private_provider') as Org['kind'],
      units: [],
      visits: Math.floor(rest / OTHER_ORGANISATIONS) + (i < rest % OTHER_ORGANISATIONS ? 1 : 0),
    })),
  ];
  const unitRows: (typeof units.$inferInsert)[] = [];
  const staffRows: (typeof staff.$inferInsert)[] = [];
  const individualRows: (typeof individuals.$inferInsert)[] = [];
  const assignmentRows: (typeof serviceAssignments.$inferInsert)[] = [];
  const assignmentOf = new Map<string, string>();
  let pin = 0;
  for (const org of orgs) {
    const unitCount = org.index === 0 ? LARGE_PROVIDER_UNITS : UNITS_PER_ORGANISATION;
    const people = Math.ceil(org.visits / VISITS_PER_INDIVIDUAL);
    for (let u = 0; u < unitCount; u++) {
      const unit = { id: randomUUID(), staff: [] as string[], individuals: [] as string[] };
      unitRows.push({ id: unit.id, organisationId: org.id, name: `Bench unit ${org.index}.${u}` });
      const unitPeople = Math.floor(people / unitCount) + (u < people % unitCount ? 1 : 0);
      for (let s = 0; s < Math.max(2, Math.ceil(unitPeople / INDIVIDUALS_PER_STAFF)); s++) {
        const id = `bench-${org.index}-${u}-${s}`;
        unit.staff.push(id);
        staffRows.push({ id, name: `Staff ${org.index}.${u}.${s}`, organisationId: org.id, unitId: unit.id, roles: ['care_staff'] });
      }
      for (let p = 0; p < unitPeople; p++) {
        const id = randomUUID();
        const assignmentId = randomUUID();
        unit.individuals.push(id);
        assignmentOf.set(id, assignmentId);
        pin += 1;
        individualRows.push({ id, name: `Individual ${pin}`, districtId: districts[pin % districts.length]!.id, personalIdentityNumber: `1930${String(pin).padStart(8, '0')}` });
        assignmentRows.push({ id: assignmentId, individualId: id, serviceType: 'home_care_day_evening', unitId: unit.id, organisationId: org.id, startDate: '2019-01-01', grantedMinutesPerMonth: 900, createdBy: 'bench' });
      }
      org.units.push(unit);
    }
  }
  // The callers the bench acts as, bound like any other: the large provider's manager, and each provider's
  // time-reporting system registered for its organisation.
  staffRows.push({ id: 'bench-manager', name: 'Bench manager', organisationId: orgs[0]!.id, roles: ['manager'] });
  await db.insert(organisations).values([...districts, ...orgs.map((o) => ({ id: o.id, name: `Bench provider ${o.index}`, kind: o.kind, organisationNumber: '556016-0680' }))]);
  await db.insert(apiClients).values(orgs.map((o) => ({ id: systemOf(o), name: `Bench time reporting ${o.index}`, organisationId: o.id, roles: ['time_reporter'], registeredBy: 'admin-anna' })));
  await insertChunked(unitRows, (c) => db.insert(units).values(c));
  await insertChunked(staffRows, (c) => db.insert(staff).values(c));
  await insertChunked(individualRows, (c) => db.insert(individuals).values(c));
  await insertChunked(assignmentRows, (c) => db.insert(serviceAssignments).values(c));
  return { orgs, assignmentOf, individualCount: individualRows.length };
}

/**
 * An organisation's visits for May, in batches of 5,000: one visit a day per individual, mostly daytime, some
 * evenings (across 19:00) and early mornings (across 07:00); 3 % declined, 3 % added.
 */
function* visitBatches(org: Org, limit: number, tag: string): Generator<GeneratedVisit[]> {
  const random = rng(1000 * (org.index + 1));
  let batch: GeneratedVisit[] = [];
  let made = 0;
  for (const unit of org.units) {
    for (const individualId of unit.individuals) {
      for (let day = 1; day <= VISITS_PER_INDIVIDUAL && made < limit; day++, made++) {
        const r = random();
        const startMinute = r < 0.7 ? 7 * 60 + Math.floor(random() * 11 * 60) : r < 0.9 ? 18 * 60 + Math.floor(random() * 270) : 5 * 60 + 30 + Math.floor(random() * 75);
        const minutes = 10 + Math.floor(random() * 80);
        const checkIn = `2019-05-${pad(day)}T${pad(Math.floor(startMinute / 60))}:${pad(startMinute % 60)}:00+02:00`;
        const s = random();
        batch.push({
          externalId: `${tag}-${org.index}-${made}`,
          individualId,
          unitId: unit.id,
          staffId: unit.staff[Math.floor(random() * unit.staff.length)]!,
          serviceType: 'home_care_day_evening',
          checkIn,
          checkOut: new Date(Date.parse(checkIn) + minutes * 60_000).toISOString(),
          status: s < 0.03 ? 'declined' : s < 0.06 ? 'added' : 'performed',
        });
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length) yield batch;
}

/** 5,000 new visits of an organisation's individuals from `firstDay` (after the month the statements read), none overlapping. */
function juneBatch(org: Org, tag: string, firstDay = '2019-06-01'): GeneratedVisit[] {
  const people = org.units.flatMap((u) => u.individuals.map((individualId) => ({ unit: u, individualId })));
  const batch: GeneratedVisit[] = [];
  for (let n = 0; batch.length < BATCH; n++) {
    const { unit, individualId } = people[n % people.length]!;
    const slot = Math.floor(n / people.length); // 0, 1, 2 …: day and hour
    const checkIn = new Date(Date.parse(`${firstDay}T08:00:00+02:00`) + Math.floor(slot / 4) * 86_400_000 + (slot % 4) * 3 * 3600_000);
    batch.push({
      externalId: `${tag}-${n}`,
      individualId,
      unitId: unit.id,
      staffId: unit.staff[n % unit.staff.length]!,
      serviceType: 'home_care_day_evening',
      checkIn: checkIn.toISOString(),
      checkOut: new Date(checkIn.getTime() + 45 * 60_000).toISOString(),
      status: 'performed',
    });
  }
  return batch;
}

/** 5,000 visits of one individual from July 2019, every second one overlapping the one before (rejected). */
function oneIndividualBatch(org: Org): GeneratedVisit[] {
  const unit = org.units[0]!;
  const individualId = unit.individuals[0]!;
  const start = Date.parse('2019-07-01T08:00:00+02:00');
  return Array.from({ length: BATCH }, (_, i) => {
    const from = start + Math.floor(i / 2) * 3600_000 + (i % 2) * 600_000;
    return {
      externalId: `one-${i}`,
      individualId,
      unitId: unit.id,
      staffId: unit.staff[i % unit.staff.length]!,
      serviceType: 'home_care_day_evening' as const,
      checkIn: new Date(from).toISOString(),
      checkOut: new Date(from + 30 * 60_000).toISOString(),
      status: 'performed' as const,
    };
  });
}

/** The rows the route would store for a batch: what the plain-INSERT baseline writes. */
function versionRows(org: Org, batch: GeneratedVisit[], assignmentOf: Map<string, string>): VersionRow[] {
  return batch.map((v) => ({
    id: randomUUID(),
    reportingSystem: systemOf(org),
    reportingOrganisationId: org.id,
    externalId: v.externalId,
    version: 1,
    individualId: v.individualId,
    unitId: v.unitId,
    organisationId: org.id,
    providerKind: org.kind === 'private_provider' ? 'private' : 'municipal',
    staffId: v.staffId,
    serviceType: v.serviceType,
    assignmentId: assignmentOf.get(v.individualId)!,
    status: v.status,
    checkIn: Math.floor(Date.parse(v.checkIn) / 1000),
    checkOut: Math.floor(Date.parse(v.checkOut) / 1000),
    plannedStart: null,
    plannedEnd: null,
  }));
}

const split = (rows: VersionRow[]) => rows.map((r) => segmentsOf(new Date(r.checkIn * 1000), new Date(r.checkOut * 1000)));

/** A worker thread that loads the tsx loader, then `file` (a .ts module next to this one). */
/** The name of a garbage collection kind (perf_hooks `constants.NODE_PERFORMANCE_GC_*`). */
function gcKind(kind: number | undefined): string {
  return ({ 1: 'scavenge', 2: 'mark-compact', 4: 'incremental marking', 8: 'weak callbacks' } as Record<number, string>)[kind ?? 0] ?? `kind ${kind}`;
}

function tsWorker(file: string, workerData?: unknown) {
  const url = new URL(file, import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`, { eval: true, workerData });
}

/** Computes day segments with the real rule (segmentsOf) on another core, for the bulk load. */
function splitWorker() {
  const worker = tsWorker('./split-worker.ts');
  const waiting = new Map<number, (segments: DaySegment[][]) => void>();
  let next = 0;
  worker.on('message', (m: { id: number; segments: DaySegment[][] }) => {
    waiting.get(m.id)?.(m.segments);
    waiting.delete(m.id);
  });
  return {
    split(rows: VersionRow[]): Promise<DaySegment[][]> {
      const id = (next += 1);
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ id, visits: rows.map((r) => [r.checkIn, r.checkOut]) });
      });
    },
    close: () => worker.terminate(),
  };
}

/** Bulk load of the other providers' month: the split of chunk n + 1 runs on the worker while chunk n is inserted. */
async function bulkLoad(database: Database, orgs: Org[], assignmentOf: Map<string, string>) {
  let replica = true;
  try {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
    });
  } catch {
    replica = false;
  }
  const worker = splitWorker();
  let loaded = 0;
  try {
    const chunks = (function* () {
      let chunk: VersionRow[] = [];
      for (const org of orgs) {
        for (const batch of visitBatches(org, org.visits, 'bench')) {
          chunk.push(...versionRows(org, batch, assignmentOf));
          if (chunk.length >= BULK_CHUNK) {
            yield chunk;
            chunk = [];
          }
        }
      }
      if (chunk.length) yield chunk;
    })();
    let current = chunks.next();
    let pending = current.done ? null : worker.split(current.value);
    while (!current.done && pending) {
      const rows = current.value;
      const segments = await pending;
      current = chunks.next();
      pending = current.done ? null : worker.split(current.value);
      await database.db.transaction(async (tx) => {
        if (replica) await tx.execute(sql`set local session_replication_role = replica`);
        await insertVersions(tx, rows, segments);
      });
      loaded += rows.length;
      if (loaded % 100_000 < BULK_CHUNK) log(`bulk-loaded ${loaded.toLocaleString('en')} visits of the other providers`);
    }
  } finally {
    await worker.close();
  }
  return { loaded, replica };
}

// ---------------------------------------------------------------------------------------------------------------
// Baselines.

const REPORT_COLUMNS = [
  'id',
  'reporting_system',
  'reporting_organisation_id',
  'external_id',
  'version',
  'individual_id',
  'unit_id',
  'organisation_id',
  'provider_kind',
  'staff_id',
  'service_type',
  'assignment_id',
  'status',
  'check_in',
  'check_out',
  'planned_start',
  'planned_end',
];
const SEGMENT_COLUMNS = ['time_report_id', 'local_date', 'organisation_id', 'unit_id', 'individual_id', 'staff_id', 'service_type', 'provider_kind', 'status', 'normal_seconds', 'inconvenient_seconds', 'starts_visit'];

/** `insert into table (columns) values ($1, …), (…)` for `rows` rows. */
function valuesInsert(table: string, columns: string[], rows: number) {
  const tuples = Array.from({ length: rows }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
  return `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`;
}

/**
 * The floor of storing a batch: plain multi-row INSERTs of the same visit and segment rows through the driver
 * (parameters, at most 60,000 a statement), in a transaction that is rolled back. Returns the milliseconds of the
 * INSERTs; the rows and statements are built before the clock starts.
 */
async function plainInsert(bench: BenchDatabase, rows: VersionRow[], segments: DaySegment[][]): Promise<number> {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  const reportValues = rows.map((r) => [r.id, r.reportingSystem, r.reportingOrganisationId, r.externalId, r.version, r.individualId, r.unitId, r.organisationId, r.providerKind, r.staffId, r.serviceType, r.assignmentId, r.status, iso(r.checkIn), iso(r.checkOut), null, null]);
  const segmentValues = rows.flatMap((r, n) => segments[n]!.map((s, i) => [r.id, s.localDate, r.organisationId, r.unitId, r.individualId, r.staffId, r.serviceType, r.providerKind, r.status, s.normalSeconds, s.inconvenientSeconds, i === 0]));
  const statements: [string, unknown[]][] = [];
  for (const [table, columns, values] of [
    ['time_reports', REPORT_COLUMNS, reportValues],
    ['time_report_segments', SEGMENT_COLUMNS, segmentValues],
  ] as const) {
    const perStatement = Math.floor(60_000 / columns.length);
    for (let i = 0; i < values.length; i += perStatement) {
      const piece = values.slice(i, i + perStatement);
      statements.push([valuesInsert(table, [...columns], piece.length), piece.flat()]);
    }
  }
  let ms = 0;
  await bench.rolledBack(async (raw) => {
    const t0 = performance.now();
    for (const [text, params] of statements) await raw(text, params);
    ms = performance.now() - t0;
  });
  return ms;
}

/** The bare aggregate of the statement over the same rows: only the GROUP BY and the sums, fetched through the driver. */
async function bareStatementSql(bench: BenchDatabase, organisationId?: string): Promise<number> {
  const rows = await bench.raw(
    `select s.unit_id, s.individual_id, s.provider_kind,
            coalesce(sum(s.normal_seconds) filter (where s.status <> 'declined'), 0)::bigint as normal_seconds,
            coalesce(sum(s.inconvenient_seconds) filter (where s.status <> 'declined'), 0)::bigint as inconvenient_seconds,
            count(*) filter (where s.starts_visit and s.status = 'performed') as performed_visits,
            count(*) filter (where s.starts_visit and s.status = 'added') as added_visits,
            count(*) filter (where s.starts_visit and s.status = 'declined') as declined_visits,
            coalesce(sum(s.normal_seconds + s.inconvenient_seconds) filter (where s.status = 'declined'), 0)::bigint as declined_seconds
     from time_report_segments s
     where s.local_date >= $1::date and s.local_date < $2::date ${organisationId ? 'and s.organisation_id = $3::uuid' : ''}
     group by s.unit_id, s.individual_id, s.provider_kind`,
    organisationId ? [MONTH.from, MONTH.to, organisationId] : [MONTH.from, MONTH.to],
  );
  return rows.length;
}

/**
 * The bare route of the inbox comparison: Fastify, the same access hook (token verified, caller bound through the
 * same binder and cache), one SELECT through the same pool, JSON.
 */
async function bareInboxRoute(app: App, config: ReturnType<typeof benchConfig>) {
  await app.register(
    async (bare: FastifyInstance) => {
      await bare.register(accessPlugin, { auth: config.auth, binder: app.callers, table: [], limits: config.rateLimits });
      bare.get('/inbox', { config: { access: MESSAGE_READERS } }, async (request, reply) => {
        const rows = await rowsOf(
          app.database.db,
          sql`select m.id, m.subject, m.body, m.priority, m.sender_id, m.sent_at
              from messages m
              join message_recipients r on r.message_id = m.id
              join contact_group_members g on g.contact_group_id = r.contact_group_id and g.staff_id = ${request.caller.sub}
              order by m.sent_at desc, m.id desc
              limit 50`,
        );
        return reply.type('application/json; charset=utf-8').send(JSON.stringify({ items: rows }));
      });
    },
    { prefix: '/bench-baseline' },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring.

/** A full garbage collection, on demand (the flag set at run time: `npm run bench` needs no node option). */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const HELD_SAMPLE_MS = 20;
/**
 * The heap a streamed month may hold across its waits, whatever its size: a batch of 1,000 lines (its rows and priced
 * lines, ~1 MiB, the next batch's rows on their way). The bytes of the answer are buffers outside the heap (at most the
 * spool's 2 MiB in memory; beyond it a file). Read at once, the city's month held 11–13 MiB of heap (all its rows and
 * lines, measured the same way), for a 16 MiB answer.
 */
const FLAT_HELD_MIB = 4;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * The heap `fn` holds while it runs: heapUsed right after a full garbage collection, every HELD_SAMPLE_MS, the most of
 * them against the same before it (what is kept across the waits of an answer). Sampling heapUsed alone measured
 * garbage not yet collected (anything from 0.1 to 17 MiB for the same spooled answer); the buffers outside the heap are
 * not counted: freed ones are released lazily, after the collection that found them.
 */
async function heldHeap<T>(fn: () => Promise<T>): Promise<{ result: T; heldBytes: number; samples: number }> {
  const held = () => {
    collectGarbage();
    return process.memoryUsage().heapUsed;
  };
  const before = held();
  let peak = before;
  let samples = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, held());
    samples += 1;
  }, HELD_SAMPLE_MS);
  try {
    const result = await fn();
    return { result, heldBytes: Math.max(0, peak - before), samples };
  } finally {
    clearInterval(sampler);
  }
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

/** Median of `runs` timed runs after one warm-up. */
/**
 * The median of each of several paths, run in turns (a, b, c, a, b, c, …) after one warm-up each: a path and its
 * baseline see the same moments of the machine (another process, the checkpointer), so their ratio moves less than
 * when one is measured after the other.
 */
async function medians<K extends string>(runs: number, paths: Record<K, () => Promise<unknown>>): Promise<Record<K, number>> {
  const keys = Object.keys(paths) as K[];
  for (const k of keys) await paths[k]();
  const ms = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let i = 0; i < runs; i++) for (const k of keys) ms[k].push((await time(paths[k])).ms);
  return Object.fromEntries(keys.map((k) => [k, percentile(ms[k], 50)])) as Record<K, number>;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * A CPU profile of this process (the service and the bench's client) while `fn` runs, by where the time went: the
 * service's modules, libraries, the embedded database (WebAssembly), garbage collection, and idle (waiting for the
 * database server or the network). Printed for the targets this run does not reach.
 */
async function profiled(fn: () => Promise<unknown>): Promise<{ wallMs: number; longestBusy: BusyStretch; blocks: Block[]; parts: { where: string; ms: number; share: number }[]; hot: string[] }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  // A timer every millisecond: where it fired late by more than BLOCK_MS, the event loop was blocked; the profile's
  // samples inside those gaps say by what. (hrtime and the profile's timestamps are the same monotonic clock, in µs.)
  const ticks: number[] = [];
  const ticker = setInterval(() => ticks.push(Number(process.hrtime.bigint() / 1000n)), 1);
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  clearInterval(ticker);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const self = new Map<number, number>();
  // Each sample is charged the time since the one before (the first one's delta reaches back before the start).
  profile.samples?.forEach((id, i) => {
    if (i > 0) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    const { functionName, url } = node.callFrame;
    const where = whereOf(functionName, url);
    parts.set(where, (parts.get(where) ?? 0) + ms);
    if (where.startsWith('src/') || where.startsWith('node_modules/') || where === BUILT_INS || where.startsWith('synchronous')) {
      const key = `${functionName || '(anonymous)'} (${where})`;
      functions.set(key, (functions.get(key) ?? 0) + ms);
    }
  }
  const total = [...parts.values()].reduce((a, b) => a + b, 0);
  return {
    wallMs,
    longestBusy: longestBusyStretch(profile),
    blocks: blocksOf(profile, ticks),
    parts: [...parts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([where, ms]) => ({ where, ms: ratio(ms), share: ratio(ms / total) })),
    hot: [...functions].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([f, ms]) => `${f} ${fmt(ms)}`),
  };
}

interface BusyStretch {
  ms: number;
  /** Where that stretch's time went, by function. */
  top: string[];
}

/**
 * The longest stretch of a profile without an idle sample, and what ran in it: the longest the process was busy
 * without a pause (the event loop may still have turned in between; blocksOf finds where it did not). The bench's
 * client shares the process; its work shows as such.
 */
function longestBusyStretch(profile: { nodes: { id: number; callFrame: { functionName: string; url: string } }[]; samples?: number[]; timeDeltas?: number[] }): BusyStretch {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const samples = profile.samples ?? [];
  let best = { from: 0, to: 0, ms: 0 };
  let from = 0;
  let ms = 0;
  for (let i = 1; i < samples.length; i++) {
    if (byId.get(samples[i]!)?.functionName === '(idle)') {
      if (ms > best.ms) best = { from, to: i, ms };
      from = i + 1;
      ms = 0;
    } else ms += (profile.timeDeltas?.[i] ?? 0) / 1000;
  }
  if (ms > best.ms) best = { from, to: samples.length, ms };
  const functions = new Map<string, number>();
  for (let i = best.from; i < best.to; i++) {
    const frame = byId.get(samples[i]!);
    if (!frame) continue;
    const key = `${frame.functionName || '(anonymous)'} (${whereOf(frame.functionName, frame.url)})`;
    functions.set(key, (functions.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  }
  return { ms: ratio(best.ms), top: [...functions].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([f, t]) => `${f} ${fmt(t)}`) };
}

/** The event loop blocked longer than this counts as a block (a probe of /health/live would wait that long). */
const BLOCK_MS = 20;

interface Block {
  ms: number;
  /** What ran in it, by function. */
  top: string[];
}

/** The gaps between the ticks of a 1 ms timer longer than BLOCK_MS, longest first, each with what ran in it. */
function blocksOf(profile: { nodes: { id: number; callFrame: { functionName: string; url: string } }[]; startTime: number; samples?: number[]; timeDeltas?: number[] }, ticks: number[]): Block[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const at: number[] = [];
  let now = profile.startTime;
  for (const d of profile.timeDeltas ?? []) at.push((now += d));
  const blocks: Block[] = [];
  for (let i = 1; i < ticks.length; i++) {
    const gap = (ticks[i]! - ticks[i - 1]!) / 1000;
    if (gap <= BLOCK_MS) continue;
    const functions = new Map<string, number>();
    (profile.samples ?? []).forEach((id, n) => {
      if (at[n]! <= ticks[i - 1]! || at[n]! > ticks[i]!) return;
      const frame = byId.get(id)!;
      const key = `${frame.functionName || '(anonymous)'} (${whereOf(frame.functionName, frame.url)})`;
      functions.set(key, (functions.get(key) ?? 0) + (profile.timeDeltas?.[n] ?? 0) / 1000);
    });
    blocks.push({ ms: ratio(gap), top: [...functions].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([f, t]) => `${f} ${fmt(t)}`) });
  }
  return blocks.sort((a, b) => b.ms - a.ms).slice(0, 5);
}

const BUILT_INS = 'V8 built-ins (JSON, strings, buffers …)';

/** Node's file-system bindings, as PGlite's storage calls them (synchronously, on the event loop). */
const FILE_CALLS = new Set(['fstat', 'lstat', 'stat', 'read', 'readSync', 'writeBuffer', 'writeString', 'writeSync', 'open', 'close', 'fsync', 'fdatasync', 'ftruncate', 'rename', 'unlink', 'readdir', 'mkdir', 'existsSync']);

function whereOf(functionName: string, url: string): string {
  if (!url && FILE_CALLS.has(functionName)) return 'synchronous file-system calls (the embedded database’s storage)';
  if (functionName === '(idle)') return 'idle: waiting for the database or the network';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)' || functionName === '(root)') return 'V8 and native code';
  if (functionName.startsWith('wasm-function') || url.includes('wasm')) return 'the embedded database (PGlite, WebAssembly)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    const pkg = scope!.startsWith('@') ? `${scope}/${name}` : scope!;
    return pkg === '@electric-sql' || pkg.startsWith('@electric-sql/') ? 'the embedded database (PGlite, JavaScript side)' : `node_modules/${pkg}`;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1).replace(/^file:\/\//, '');
  if (url.startsWith('node:')) return url;
  return url ? 'other' : BUILT_INS;
}

const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : '—');
const ratio = (x: number) => Math.round(x * 100) / 100;

async function main() {
  log(`opening the database (${POSTGRES_URL ? "postgres" : "pglite"}) and migrating`);
  const bench = await openDatabase();
  const { database } = bench;
  const db = database.db;
  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
  };
  let app: App | undefined;
  let client: Worker | undefined;
  try {
    log(`database: ${bench.backend}; city ${CITY_VISITS.toLocaleString('en')} visits, large provider ${PROVIDER_VISITS.toLocaleString('en')}${QUICK ? ' (--quick)' : ''}`);
    const config = benchConfig();
    await bootstrapCity(db, config.city);
    await loadDemoCity(db);
    const { orgs, assignmentOf, individualCount } = await buildCity(db);
    const large = orgs[0]!;
    log(`directory: ${orgs.length} providers, ${individualCount.toLocaleString('en')} individuals with home care`);
    const bulk = await time(() => bulkLoad(database, orgs.slice(1), assignmentOf));
    await db.execute(sql`analyze`);

    app = await buildApp({ config, database, logger: createLogger('silent') });
    await bareInboxRoute(app, config);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const token = (sub: string, org: string, roles: ('time_reporter' | 'manager' | 'admin' | 'care_staff')[]) => mintDevToken(config.auth, { sub, org, roles });
    const reporter = await token(systemOf(large), large.id, ['time_reporter']);
    const manager = await token('bench-manager', large.id, ['manager']);
    const admin = await token('admin-anna', demo.org.contractUnit, ['admin']);
    const nightNils = await token('night-nils', demo.org.nightUnit, ['care_staff']);
    const mariaManager = await token('manager-maria', demo.org.privateProvider, ['manager']);

    type BatchAnswer = { created: number; unchanged: number; corrected: number; rejected: number; results: { outcome: string; reason: string | null }[] };
    /**
     * The HTTP client of the measured routes: a worker (its own event loop), so that sending a batch and reading an
     * answer is not the service's work (as autocannon and the probe are not). A GET's answer is counted as it streams
     * (nothing kept); a POST's answer comes back as text.
     */
    client = tsWorker('./http-client.ts');
    const httpClient = client;
    await new Promise((resolve) => httpClient.once('message', resolve));
    type Answer = { ms?: number; bytes?: number; text?: string; error?: string };
    const waiting = new Map<number, (m: Answer) => void>();
    httpClient.on('message', (m: Answer & { id: number }) => waiting.get(m.id)?.(m));
    let asked = 0;
    const ask = async (path: string, headers: Record<string, string>, body?: string) => {
      const id = (asked += 1);
      const answer = await new Promise<Answer>((resolve) => {
        waiting.set(id, resolve);
        httpClient.postMessage({ id, url: `${base}${path}`, headers, body });
      });
      waiting.delete(id);
      if (answer.error) throw new Error(answer.error);
      return answer;
    };
    const get = async (path: string, bearer: string, accept = 'application/json') => (await ask(path, { authorization: `Bearer ${bearer}`, accept })).bytes!;
    /** POSTs a serialised batch (serialised before, parsed after: not the service's work either). */
    const postText = async (bearer: string, body: string) => {
      const answer = await ask('/v1/time-reports', { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body);
      return { ms: answer.ms!, text: answer.text! };
    };
    const post = async (bearer: string, visits: GeneratedVisit[]) => {
      const { ms, text } = await postText(bearer, JSON.stringify({ visits }));
      return { ms, json: JSON.parse(text) as BatchAnswer };
    };
    /** A batch while /health/live is probed: serialised before, parsed after. */
    const probedPost = async (bearer: string, visits: GeneratedVisit[]) => {
      const body = JSON.stringify({ visits });
      const probed = await probe(() => postText(bearer, body));
      return { ...probed, result: { ms: probed.result.ms, json: JSON.parse(probed.result.text) as BatchAnswer } };
    };

    // 1. The large provider's month through the route, each batch after its plain-INSERT floor.
    const ingest: number[] = [];
    const floor: number[] = [];
    for (const batch of visitBatches(large, large.visits, 'bench')) {
      const rows = versionRows(large, batch, assignmentOf);
      floor.push(await plainInsert(bench, rows, split(rows)));
      const { ms, json } = await post(reporter, batch);
      if (json.created !== batch.length) throw new Error(`a generated batch was not accepted: ${JSON.stringify(json.results.find((r) => r.outcome !== 'created'))}`);
      ingest.push(ms);
    }
    const ingestTotal = ingest.reduce((a, b) => a + b, 0);
    const floorTotal = floor.reduce((a, b) => a + b, 0);
    // A million rows just written: vacuum and checkpoint now, so that autovacuum and the checkpointer do not run
    // during the measurements (they made the same code's ratios move by half between runs).
    await db.execute(sql`vacuum analyze`);
    await db.execute(sql`checkpoint`);
    const [counts] = await rowsOf<{ visits: number; segments: number }>(
      db,
      sql`select (select count(*) from time_reports where superseded_at is null)::int as visits, (select count(*) from time_report_segments)::int as segments`,
    );
    log(`large provider: ${PROVIDER_VISITS.toLocaleString('en')} visits in ${ingest.length} batches through the route; ${counts!.visits.toLocaleString('en')} stored`);

    // 2. /health/live while a 5,000-visit batch runs (new visits of the large provider in June), then while 5,000
    // visits of one individual run (half of them overlapping), then idle for reference.
    const probe = async <T>(during: () => Promise<T>) => {
      const worker = tsWorker('./live-probe.ts', { url: `${base}/health/live`, intervalMs: PROBE_INTERVAL_MS });
      await new Promise((resolve) => worker.once('message', resolve));
      // Inside the service's process: how long its event loop was blocked, and the garbage collector's pauses, so that
      // a stall the probe sees can be told apart (the service's own work, GC, or the machine's scheduler).
      const delay = monitorEventLoopDelay({ resolution: 1 });
      const pauses: { kind: string; ms: number }[] = [];
      const gc = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) pauses.push({ kind: gcKind((e as unknown as { detail?: { kind?: number } }).detail?.kind), ms: e.duration });
      });
      gc.observe({ entryTypes: ['gc'] });
      delay.enable();
      const result = await during();
      delay.disable();
      gc.disconnect();
      const done = new Promise<{ latencies: number[]; failures: number }>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const { latencies, failures } = await done;
      await worker.terminate();
      const longestGc = pauses.reduce((a, b) => (b.ms > a.ms ? b : a), { kind: 'none', ms: 0 });
      return {
        result,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
        probes: latencies.length,
        failures,
        loopDelayMaxMs: delay.max / 1e6,
        loopDelayP99Ms: delay.percentile(99) / 1e6,
        gcPauseTotalMs: pauses.reduce((a, b) => a + b.ms, 0),
        gcPauseLongest: longestGc,
      };
    };
    const june = juneBatch(large, 'june');
    const duringBatch = await probedPost(reporter, june);
    const duringBatchMs = duringBatch.result.ms;
    const one = oneIndividualBatch(large);
    const duringOne = await probedPost(reporter, one);
    const oneMs = duringOne.result.ms;
    const idle = await probe(() => new Promise((resolve) => setTimeout(resolve, 1000)));
    const resent = await post(reporter, june);
    const corrected = await post(reporter, june.map((v) => ({ ...v, checkOut: new Date(Date.parse(v.checkOut) + 60_000).toISOString() })));
    if (resent.json.unchanged !== BATCH || corrected.json.corrected !== BATCH) throw new Error('re-send or corrections did not behave');
    log(`event loop: /health/live p99 ${fmt(duringBatch.p99)} / max ${fmt(duringBatch.max)} during a batch`);

    // 3. Statements: the routes against the bare aggregate.
    const providerLines = (await statementLines(db, { ...MONTH, organisationId: large.id })).length;
    const cityLines = await bareStatementSql(bench);
    // The floor of what the route must do: the same query writing the access log (required for every read), as the route does.
    const providerReader = { actor: { sub: 'bench-manager', org: large.id, roles: ['manager' as const] }, resourceType: 'compensation_statement', resourceId: 'bench', requestId: 'bench' };
    const provider = await medians(PROVIDER_REPEATS, {
      sql: () => bareStatementSql(bench, large.id),
      route: () => get('/v1/compensation/statements?month=2019-05', manager),
      query: () => statementLines(db, { ...MONTH, organisationId: large.id }),
      logged: () => statementLines(db, { ...MONTH, organisationId: large.id }, undefined, providerReader),
    });
    const { sql: providerSql, route: providerRoute, query: providerQuery, logged: providerQueryLogged } = provider;
    const city = await medians(REPEATS, {
      sql: () => bareStatementSql(bench),
      query: () => statementLines(db, MONTH),
      route: () => get('/v1/compensation/statements?month=2019-05', admin),
      csv: () => get('/v1/compensation/statements?month=2019-05', admin, 'text/csv'),
    });
    const { sql: citySql, query: cityQuery, route: cityRoute, csv: cityCsv } = city;
    // Where the city route's time goes, step by step in this process: the batched query with the access log and the
    // pricing, then the same with the answer written (JSON, spooled).
    const cityScope = { from: MONTH.from, to: MONTH.to, organisationId: undefined, districtId: undefined };
    const reader = { actor: { sub: 'admin-anna', org: demo.org.contractUnit, roles: ['admin' as const] }, resourceType: 'compensation_statement', resourceId: 'bench', requestId: 'bench' };
    const batched = await time(() => eachPricedBatch(db, cityScope, reader, async () => {}));
    const built = await time(async () => (await buffer(await statementStream(db, '2019-05', cityScope, reader, null))).length);
    // Memory held while a month's JSON is answered (the provider's, then the city's with ten times the lines).
    const providerHeld = await heldHeap(() => get('/v1/compensation/statements?month=2019-05', manager));
    const cityHeld = await heldHeap(() => get('/v1/compensation/statements?month=2019-05', admin));
    const cityBytes = cityHeld.result;
    log(`statements: provider ${fmt(providerRoute)} (bare SQL ${fmt(providerSql)}), city ${fmt(cityRoute)} (bare SQL ${fmt(citySql)})`);

    // 4. The inbox under load, against the bare route.
    for (let i = 0; i < INBOX_MESSAGES; i++) {
      const res = await fetch(`${base}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mariaManager}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: { contactGroupIds: [demoGroup.night] }, subject: `Bench ${i}`, body: `Message ${i} to the night unit.` }),
      });
      if (res.status !== 201) throw new Error(`sending a message answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
    // In turns (inbox, bare, inbox, bare; half the time each), so that both see the same moments of a shared machine.
    const halves: (readonly [{ rps: number; p99: number }, { rps: number; p99: number }])[] = [];
    for (let i = 0; i < 2; i++) halves.push([await autocannon(`${base}/v1/messages/inbox`, nightNils, LOAD_SECONDS / 2), await autocannon(`${base}/bench-baseline/inbox`, nightNils, LOAD_SECONDS / 2)]);
    const both = (n: 0 | 1) => ({ rps: (halves[0]![n].rps + halves[1]![n].rps) / 2, p99: Math.max(halves[0]![n].p99, halves[1]![n].p99) });
    const inbox = both(0);
    const bare = both(1);
    log(`inbox: ${inbox.rps.toFixed(0)} requests/s; bare route ${bare.rps.toFixed(0)} requests/s`);

    const ratios = {
      ingestVsPlainInsert: ratio(floorTotal / ingestTotal),
      providerStatementVsBareSql: ratio(providerRoute / providerSql),
      cityStatementVsBareSql: ratio(cityRoute / citySql),
      cityStatementCsvVsBareSql: ratio(cityCsv / citySql),
      inboxVsBareRoute: ratio(inbox.rps / bare.rps),
    };
    const eventLoop = {
      liveP99DuringBatchMs: ratio(duringBatch.p99),
      liveMaxDuringBatchMs: ratio(duringBatch.max),
      liveP50DuringBatchMs: ratio(duringBatch.p50),
      probesDuringBatch: duringBatch.probes,
      liveP99OneIndividualBatchMs: ratio(duringOne.p99),
      liveMaxOneIndividualBatchMs: ratio(duringOne.max),
      serviceLoopDelayMaxDuringBatchMs: ratio(duringBatch.loopDelayMaxMs),
      serviceLoopDelayP99DuringBatchMs: ratio(duringBatch.loopDelayP99Ms),
      gcPauseTotalDuringBatchMs: ratio(duringBatch.gcPauseTotalMs),
      gcPauseLongestDuringBatch: { kind: duringBatch.gcPauseLongest.kind, ms: ratio(duringBatch.gcPauseLongest.ms) },
      liveP99IdleMs: ratio(idle.p99),
      liveMaxIdleMs: ratio(idle.max),
    };
    const memoryFlat = cityHeld.heldBytes <= FLAT_HELD_MIB * 2 ** 20;
    const targets = [
      { path: 'time-report ingest through HTTP, batches of 5,000', against: 'a plain multi-row INSERT of the same visit and segment rows through the driver', target: '≥ 0.5', value: ratios.ingestVsPlainInsert, met: ratios.ingestVsPlainInsert >= 0.5 },
      { path: 'provider-month statement route (JSON)', against: 'the bare aggregate SQL over the same rows', target: '≤ 2.0', value: ratios.providerStatementVsBareSql, met: ratios.providerStatementVsBareSql <= 2 },
      { path: 'city-month statement route, JSON', against: 'the same bare aggregate for the city', target: '≤ 2.0', value: ratios.cityStatementVsBareSql, met: ratios.cityStatementVsBareSql <= 2 },
      { path: 'city-month statement route, CSV', against: 'the same bare aggregate for the city', target: '≤ 2.0', value: ratios.cityStatementCsvVsBareSql, met: ratios.cityStatementCsvVsBareSql <= 2 },
      {
        path: 'city-month statement route, JSON: memory',
        against: 'a batch of lines, whatever the month’s size',
        target: `flat: held ≤ ${FLAT_HELD_MIB} MiB`,
        value: `${mib(cityHeld.heldBytes)} for ${mib(cityBytes)}`,
        met: memoryFlat,
      },
      { path: 'inbox read under autocannon, 50 connections', against: 'a bare Fastify route, one SELECT, same pool and auth', target: '≥ 0.5', value: ratios.inboxVsBareRoute, met: ratios.inboxVsBareRoute >= 0.5 },
      { path: 'GET /health/live while a 5,000-visit batch runs', against: '—', target: 'p99 ≤ 50 ms, max ≤ 100 ms', value: `p99 ${fmt(eventLoop.liveP99DuringBatchMs)}, max ${fmt(eventLoop.liveMaxDuringBatchMs)}`, met: eventLoop.liveP99DuringBatchMs <= 50 && eventLoop.liveMaxDuringBatchMs <= 100 },
    ];
    const measurements: [string, string][] = [
      ['visits stored (current versions) / day segments after the provider’s month', `${counts!.visits.toLocaleString('en')} / ${counts!.segments.toLocaleString('en')}`],
      [`bulk load of the other ${bulk.result.loaded.toLocaleString('en')} visits (FK triggers ${bulk.result.replica ? 'off' : 'on'})`, `${(bulk.ms / 1000).toFixed(1)} s`],
      [`ingest through HTTP, ${ingest.length} batches of ≤ 5,000: median / max`, `${fmt(percentile(ingest, 50))} / ${fmt(Math.max(...ingest))} (${Math.round((PROVIDER_VISITS / ingestTotal) * 1000).toLocaleString('en')} visits/s)`],
      ['plain INSERT of the same rows (the floor): median / max', `${fmt(percentile(floor, 50))} / ${fmt(Math.max(...floor))}`],
      ['June batch of 5,000 new visits, while probed / re-sent (unchanged) / corrected', `${fmt(duringBatchMs)} / ${fmt(resent.ms)} / ${fmt(corrected.ms)}`],
      [`5,000 visits of one individual (${duringOne.result.json.created} kept, the rest overlapping)`, fmt(oneMs)],
      [`/health/live during the batch: p50 / p99 / max (${duringBatch.probes} probes every ${PROBE_INTERVAL_MS} ms)`, `${fmt(duringBatch.p50)} / ${fmt(duringBatch.p99)} / ${fmt(duringBatch.max)}`],
      ['the service’s own event loop during the batch: delay p99 / max; GC pauses: total / longest', `${fmt(duringBatch.loopDelayP99Ms)} / ${fmt(duringBatch.loopDelayMaxMs)}; ${fmt(duringBatch.gcPauseTotalMs)} / ${fmt(duringBatch.gcPauseLongest.ms)} (${duringBatch.gcPauseLongest.kind})`],
      ['/health/live during the one-individual batch: p99 / max', `${fmt(duringOne.p99)} / ${fmt(duringOne.max)}`],
      ['/health/live idle: p99 / max', `${fmt(idle.p99)} / ${fmt(idle.max)}`],
      [`provider statement: bare SQL / the statement query (names, rates, order) / the same writing the access log / route (${providerLines} lines)`, `${fmt(providerSql)} / ${fmt(providerQuery)} / ${fmt(providerQueryLogged)} / ${fmt(providerRoute)}`],
      [`city statement: bare SQL / the statement query / route JSON / route CSV (${cityLines.toLocaleString('en')} lines)`, `${fmt(citySql)} / ${fmt(cityQuery)} / ${fmt(cityRoute)} / ${fmt(cityCsv)}`],
      ['city route, step by step: query, access log and pricing in batches / the same with the JSON written (spooled)', `${fmt(batched.ms)} / ${fmt(built.ms)}`],
      [
        `heap held while answering JSON (after a full GC every ${HELD_SAMPLE_MS} ms): provider month / city month (${(cityBytes / 2 ** 20).toFixed(1)} MiB)`,
        `${mib(providerHeld.heldBytes)} / ${mib(cityHeld.heldBytes)} (${providerHeld.samples} / ${cityHeld.samples} samples)`,
      ],
      [`inbox / bare route, 2 × ${LOAD_SECONDS / 2} s each in turns at 50 connections: requests/s (p99 latency)`, `${inbox.rps.toFixed(0)} (${fmt(inbox.p99)}) / ${bare.rps.toFixed(0)} (${fmt(bare.p99)})`],
    ];

    const width = Math.max(...measurements.map(([k]) => k.length));
    console.log(`\nMeasurements (${bench.backend})`);
    for (const [k, v] of measurements) console.log(`  ${k.padEnd(width)}  ${v}`);
    console.log(`\nTargets (issue 11), ${bench.kind}, ${machine.nproc} cores, load average at start ${machine.loadAverageAtStart.join(' ')}`);
    console.log('| path | measured against | target | this run | met |');
    console.log('|---|---|---|---|---|');
    for (const r of targets) console.log(`| ${r.path} | ${r.against} | ${r.target} | ${typeof r.value === 'number' ? r.value.toFixed(2) : r.value} | ${r.met ? 'yes' : 'no'} |`);

    // Why a target is not reached: a CPU profile of each such path, run again.
    const profiles: Record<string, Awaited<ReturnType<typeof profiled>>> = {};
    if (!QUICK || args.includes('--profile')) {
      const again: Record<string, () => Promise<unknown>> = {
        'time-report ingest through HTTP, batches of 5,000': () => post(reporter, juneBatch(large, 'profile', '2019-09-01')),
        'provider-month statement route (JSON)': async () => {
          for (let i = 0; i < 3; i++) await get('/v1/compensation/statements?month=2019-05', manager);
        },
        'city-month statement route, JSON': () => get('/v1/compensation/statements?month=2019-05', admin),
        'city-month statement route, CSV': () => get('/v1/compensation/statements?month=2019-05', admin, 'text/csv'),
        'inbox read under autocannon, 50 connections': () => autocannon(`${base}/v1/messages/inbox`, nightNils, 3),
        'GET /health/live while a 5,000-visit batch runs': ((body: string) => () => postText(reporter, body))(JSON.stringify({ visits: juneBatch(large, 'profile-2', '2019-10-01') })),
      };
      for (const t of targets.filter((x) => !x.met)) {
        const run = again[t.path];
        if (!run) continue;
        const p = await profiled(run);
        profiles[t.path] = p;
        console.log(`\nWhy not (${t.path}): CPU profile of this process over ${fmt(p.wallMs)}`);
        for (const part of p.parts) console.log(`  ${(part.share * 100).toFixed(0).padStart(3)} %  ${fmt(part.ms).padStart(8)}  ${part.where}`);
        console.log(`  hottest functions: ${p.hot.join('; ') || '—'}`);
        console.log(`  longest stretch of work without an idle sample: ${fmt(p.longestBusy.ms)}: ${p.longestBusy.top.join('; ') || '—'}`);
        for (const b of p.blocks) console.log(`  event loop blocked ${fmt(b.ms)}: ${b.top.join('; ') || '—'}`);
      }
    }

    const result = {
      database: bench.kind,
      backend: bench.backend,
      quick: QUICK,
      at: new Date().toISOString(),
      machine,
      sizes: { cityVisits: CITY_VISITS, providerVisits: PROVIDER_VISITS, batch: BATCH, cityLines, providerLines, loadSeconds: LOAD_SECONDS, repeats: REPEATS, providerRepeats: PROVIDER_REPEATS },
      ratios,
      eventLoop,
      ms: {
        ingestMedian: ratio(percentile(ingest, 50)),
        plainInsertMedian: ratio(percentile(floor, 50)),
        ingestTotal: ratio(ingestTotal),
        plainInsertTotal: ratio(floorTotal),
        oneIndividualBatch: ratio(oneMs),
        resentBatch: ratio(resent.ms),
        correctedBatch: ratio(corrected.ms),
        providerBareSql: ratio(providerSql),
        providerStatementQuery: ratio(providerQuery),
        providerStatementQueryWithAccessLog: ratio(providerQueryLogged),
        providerRoute: ratio(providerRoute),
        cityBareSql: ratio(citySql),
        cityStatementQuery: ratio(cityQuery),
        cityRouteJson: ratio(cityRoute),
        cityRouteCsv: ratio(cityCsv),
        cityStepBatchedQueryAccessLogAndPricing: ratio(batched.ms),
        cityStepJsonSpooled: ratio(built.ms),
      },
      memory: {
        providerStatementJsonHeldMiB: ratio(providerHeld.heldBytes / 2 ** 20),
        cityStatementJsonHeldMiB: ratio(cityHeld.heldBytes / 2 ** 20),
        cityStatementJsonMiB: ratio(cityBytes / 2 ** 20),
        flat: memoryFlat,
      },
      inbox: { requestsPerSecond: ratio(inbox.rps), p99Ms: inbox.p99, bareRequestsPerSecond: ratio(bare.rps), bareP99Ms: bare.p99 },
      targets,
      profiles,
    };
    const dir = new URL('./results/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL('latest.json', dir), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(new URL(`latest-${bench.kind}${QUICK ? '-quick' : ''}.json`, dir), `${JSON.stringify(result, null, 2)}\n`);
    log('done: bench/results/latest.json');
  } finally {
    // The client worker first: its kept-alive connections would hold the server's close.
    await client?.terminate();
    await app?.close();
    await bench.close();
  }
}

function benchConfig() {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTH_DEV_SECRET: SECRET,
    RATE_LIMIT_PER_CALLER_PER_MINUTE: '0',
    RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '0',
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
  });
}

/** autocannon in its own process (so that the load generator does not share the service's event loop). */
async function autocannon(url: string, bearer: string, seconds = LOAD_SECONDS): Promise<{ rps: number; p99: number }> {
  const bin = new URL('../node_modules/autocannon/autocannon.js', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [bin, '-c', '50', '-d', String(seconds), '-j', '-H', `authorization=Bearer ${bearer}`, url], { maxBuffer: 16 * 2 ** 20 });
  const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number };
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} answers not 2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

await main();
