// `npm run bench`: speed of compensation for performed time at a city's scale, measured in one run.
//
// 1. A city: 31 providers, 33,334 individuals with home care (the directory is plain inserts).
// 2. The large provider's month, 100,000 visits, through the real batch path (`ingestVisits`: one context query, one
//    overlap query and one INSERT per table per batch of 5,000), timed batch by batch.
// 3. The rest of the city's month, 900,000 visits, bulk-loaded with the same INSERT statements and the same calendar
//    rule (computed on a worker thread), without the per-batch validation: the generated visits are valid by
//    construction, and this keeps the run within a few minutes on two cores.
// 4. The statement query for the provider and for the city, the statement route (access check, pricing, access log,
//    JSON), and the follow-up reports.
// 5. Batches through the real path again with a million visits stored: new visits, a re-sent batch, corrections.
//
// Database: TEST_DATABASE_URL (or PG*) → a fresh database there, dropped afterwards; otherwise an embedded PGlite in
// a temporary folder. Sizes: BENCH_CITY_VISITS (default 1,000,000), BENCH_PROVIDER_VISITS (default 100,000).
// Timings depend on the machine and what else runs on it; the ratios compare measurements of this same run.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { mintDevToken } from '../src/auth/dev-token.js';
import { ingestVisits } from '../src/compensation/ingest.js';
import { insertVersions, type VersionRow } from '../src/compensation/ingest.sql.js';
import { continuity, performedVsGranted, visitKinds } from '../src/compensation/reports.sql.js';
import type { DaySegment } from '../src/compensation/segments.js';
import { statementLines } from '../src/compensation/statement.sql.js';
import { loadConfig } from '../src/config.js';
import { connectPglite, type Database, type Db } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { rowsOf } from '../src/db/rows.js';
import { individuals, organisations, serviceAssignments, staff, units } from '../src/db/schema/index.js';
import { createLogger } from '../src/logger.js';
import { createTestDatabase } from '../test/helpers/database.js';

const CITY_VISITS = Number(process.env.BENCH_CITY_VISITS ?? 1_000_000);
const PROVIDER_VISITS = Number(process.env.BENCH_PROVIDER_VISITS ?? 100_000);
const VISITS_PER_INDIVIDUAL = 30; // one a day, 1–30 May 2019
const BATCH = 5000;
const BULK_CHUNK = 10_000;
const OTHER_ORGANISATIONS = 30;
const UNITS_PER_ORGANISATION = 3;
const LARGE_PROVIDER_UNITS = 10;
const INDIVIDUALS_PER_STAFF = 8;
const AT_SCALE_BATCHES = 4;

const MONTH = { from: '2019-05-01', to: '2019-06-01', last: '2019-05-31', days: 31 };

const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${s}`);

async function openDatabase(): Promise<{ database: Database; backend: string; close: () => Promise<void> }> {
  if (process.env.TEST_DATABASE_URL || process.env.PGHOST || process.env.PGDATABASE) {
    const { database, backend, drop } = await createTestDatabase();
    return { database, backend, close: drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'hemtjanst-bench-'));
  const database = await connectPglite(dir);
  await runMigrations(database);
  return {
    database,
    backend: 'pglite (temporary folder)',
    close: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
}

/** The directory of a city: districts, providers with units and staff, individuals with home care. */
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
  await db.insert(organisations).values([...districts, ...orgs.map((o) => ({ id: o.id, name: `Bench provider ${o.index}`, kind: o.kind, organisationNumber: '556016-0680' }))]);
  await insertChunked(unitRows, (c) => db.insert(units).values(c));
  await insertChunked(staffRows, (c) => db.insert(staff).values(c));
  await insertChunked(individualRows, (c) => db.insert(individuals).values(c));
  await insertChunked(assignmentRows, (c) => db.insert(serviceAssignments).values(c));
  return { orgs, assignmentOf, individualCount: individualRows.length };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An organisation's visits for a day range, in batches of 5,000: one visit a day per individual, mostly daytime,
 * some evenings (across 19:00) and early mornings (across 07:00); 3 % declined, 3 % added.
 */
function* visitBatches(org: Org, days: [number, number], limit: number, tag: string): Generator<GeneratedVisit[]> {
  const random = rng(1000 * (org.index + 1) + days[0]);
  let batch: GeneratedVisit[] = [];
  let made = 0;
  for (const unit of org.units) {
    for (const individualId of unit.individuals) {
      for (let day = days[0]; day <= days[1] && made < limit; day++, made++) {
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

/** New visits on 31 May for an organisation's individuals, five non-overlapping slots a day: up to one batch. */
function lateBatch(org: Org): GeneratedVisit[] {
  const random = rng(7 * (org.index + 1));
  const batch: GeneratedVisit[] = [];
  for (const hour of [6, 9, 12, 15, 20]) {
    for (const unit of org.units) {
      for (const individualId of unit.individuals) {
        if (batch.length === BATCH) return batch;
        const checkIn = `2019-05-31T${pad(hour)}:${pad(Math.floor(random() * 30))}:00+02:00`;
        batch.push({
          externalId: `late-${org.index}-${batch.length}`,
          individualId,
          unitId: unit.id,
          staffId: unit.staff[Math.floor(random() * unit.staff.length)]!,
          serviceType: 'home_care_day_evening',
          checkIn,
          checkOut: new Date(Date.parse(checkIn) + (10 + Math.floor(random() * 80)) * 60_000).toISOString(),
          status: 'performed',
        });
      }
    }
  }
  return batch;
}

/** Computes day segments with the real rule (segmentsOf) on another core. */
function splitWorker() {
  const url = new URL('./split-worker.ts', import.meta.url).href;
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`, { eval: true });
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

/** The background visits of the city as rows to store, 10,000 at a time. */
function* bulkChunks(orgs: Org[], assignmentOf: Map<string, string>): Generator<VersionRow[]> {
  let chunk: VersionRow[] = [];
  for (const org of orgs) {
    for (const batch of visitBatches(org, [1, VISITS_PER_INDIVIDUAL], org.visits, 'bench')) {
      for (const v of batch) {
        chunk.push({
          id: randomUUID(),
          reportingSystem: `bench-system-${org.index}`,
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
          checkIn: Date.parse(v.checkIn) / 1000,
          checkOut: Date.parse(v.checkOut) / 1000,
          plannedStart: null,
          plannedEnd: null,
        });
        if (chunk.length === BULK_CHUNK) {
          yield chunk;
          chunk = [];
        }
      }
    }
  }
  if (chunk.length) yield chunk;
}

/** Bulk load: the split of chunk n + 1 runs on the worker while chunk n is inserted. */
async function bulkLoad(database: Database, orgs: Org[], assignmentOf: Map<string, string>) {
  // As a bulk load would: no per-row FK triggers when the session may act as a replica (superuser); otherwise with them.
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
    const chunks = bulkChunks(orgs, assignmentOf);
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
      if (loaded % 100_000 < BULK_CHUNK) log(`bulk-loaded ${loaded.toLocaleString('en')} background visits`);
    }
  } finally {
    await worker.close();
  }
  return { loaded, replica };
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

async function repeat(runs: number, fn: () => Promise<unknown>): Promise<{ median: number; min: number; max: number }> {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await time(fn)).ms);
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, min: ms[0]!, max: ms[ms.length - 1]! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

const { database, backend, close } = await openDatabase();
const db = database.db;
try {
  log(`database: ${backend}; city ${CITY_VISITS.toLocaleString('en')} visits, large provider ${PROVIDER_VISITS.toLocaleString('en')}`);
  const { orgs, assignmentOf, individualCount } = await buildCity(db);
  await db.execute(sql`analyze`);
  const large = orgs[0]!;
  log(`directory: ${orgs.length} providers, ${individualCount.toLocaleString('en')} individuals with home care`);

  // 2. The large provider through the real batch path.
  const providerBatches: number[] = [];
  for (const batch of visitBatches(large, [1, VISITS_PER_INDIVIDUAL], large.visits, 'bench')) {
    const { ms, result } = await time(() => ingestVisits(db, { reportingSystem: 'bench-system-0', reportingOrganisationId: large.id }, batch));
    if (result.created !== batch.length) throw new Error(`a generated batch was not accepted: ${JSON.stringify(result.results.find((r) => r.outcome !== 'created'))}`);
    providerBatches.push(ms);
  }
  log(`large provider: ${PROVIDER_VISITS.toLocaleString('en')} visits in ${providerBatches.length} batches`);

  // 3. The rest of the city.
  const bulk = await time(() => bulkLoad(database, orgs.slice(1), assignmentOf));
  await db.execute(sql`analyze`);
  const [counts] = await rowsOf<{ visits: number; segments: number }>(
    db,
    sql`select (select count(*) from time_reports where superseded_at is null)::int as visits, (select count(*) from time_report_segments)::int as segments`,
  );
  log(`city: ${counts!.visits.toLocaleString('en')} visits stored (${counts!.segments.toLocaleString('en')} day segments); timing statements`);

  // 4. Statements and reports.
  const providerFilter = { from: MONTH.from, to: MONTH.to, organisationId: large.id };
  const cityFilter = { from: MONTH.from, to: MONTH.to };
  const providerLines = (await statementLines(db, providerFilter)).length;
  const cityLines = (await statementLines(db, cityFilter)).length;
  const providerSql = await repeat(5, () => statementLines(db, providerFilter));
  const citySql = await repeat(3, () => statementLines(db, cityFilter));

  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_DEV_SECRET: 'bench-secret-0123456789-0123456789-abcdef' });
  const app = await buildApp({ config, database, logger: createLogger('silent') });
  await app.ready();
  await db.insert(staff).values({ id: 'bench-manager', name: 'Bench manager', organisationId: large.id, roles: ['manager'] });
  const manager = await mintDevToken(config.auth, { sub: 'bench-manager', org: large.id, roles: ['manager'] });
  const admin = await mintDevToken(config.auth, { sub: 'bench-admin', org: large.id, roles: ['admin'] });
  const get = async (token: string, query: string) => {
    const res = await app.inject({ url: `/v1/compensation/statements?${query}`, headers: { authorization: `Bearer ${token}` } });
    if (res.statusCode !== 200) throw new Error(`statement answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  };
  const providerRoute = await repeat(3, () => get(manager, 'month=2019-05'));
  const cityRoute = await repeat(1, () => get(admin, 'month=2019-05'));
  await app.close();
  const pvg = await repeat(3, () => performedVsGranted(db, { ...MONTH, organisationId: large.id }));
  const cityPvg = await repeat(1, () => performedVsGranted(db, MONTH));
  const cont = await repeat(3, () => continuity(db, { from: '2019-05-01', to: '2019-05-15', organisationId: large.id }));
  const kinds = await repeat(3, () => visitKinds(db, providerFilter));
  log('statements and reports timed; batches at full size');

  // 5. The real batch path with a million visits stored: new visits (31 May), the same batch re-sent, corrections.
  const atScale: number[] = [];
  let lastBatch: GeneratedVisit[] = [];
  for (const org of orgs.slice(1, 1 + AT_SCALE_BATCHES)) {
    const batch = lateBatch(org);
    const { ms, result } = await time(() => ingestVisits(db, { reportingSystem: `bench-system-${org.index}`, reportingOrganisationId: org.id }, batch));
    if (result.created !== batch.length) throw new Error('an at-scale batch was not accepted');
    atScale.push(ms);
    lastBatch = batch;
  }
  const lastOrg = orgs[AT_SCALE_BATCHES]!;
  const reporter = { reportingSystem: `bench-system-${lastOrg.index}`, reportingOrganisationId: lastOrg.id };
  const resent = await time(() => ingestVisits(db, reporter, lastBatch));
  const corrections = lastBatch.map((v) => ({ ...v, checkOut: new Date(Date.parse(v.checkOut) + 60_000).toISOString() }));
  const corrected = await time(() => ingestVisits(db, reporter, corrections));
  if (resent.result.unchanged !== lastBatch.length || corrected.result.corrected !== lastBatch.length) throw new Error('re-send or corrections did not behave');

  const early = median(providerBatches.slice(0, Math.max(1, Math.floor(providerBatches.length / 2))));
  const providerTotal = providerBatches.reduce((a, b) => a + b, 0);
  const rows: [string, string][] = [
    ['database', backend],
    ['visits stored (current versions) / day segments', `${counts!.visits.toLocaleString('en')} / ${counts!.segments.toLocaleString('en')}`],
    [`batch insert (5,000 new visits), tables ≤ ${PROVIDER_VISITS.toLocaleString('en')}: median / max`, `${fmt(median(providerBatches))} / ${fmt(Math.max(...providerBatches))}`],
    ['batch insert throughput, large provider', `${Math.round((PROVIDER_VISITS / providerTotal) * 1000).toLocaleString('en')} visits/s (${providerBatches.length} batches, ${(providerTotal / 1000).toFixed(1)} s)`],
    [`batch insert (${lastBatch.length.toLocaleString('en')} new visits), ${counts!.visits.toLocaleString('en')} stored: median of ${atScale.length}`, fmt(median(atScale))],
    [`same batch re-sent (${lastBatch.length.toLocaleString('en')} unchanged) / corrected`, `${fmt(resent.ms)} / ${fmt(corrected.ms)}`],
    [`bulk load of the other ${bulk.result.loaded.toLocaleString('en')} visits (FK triggers ${bulk.result.replica ? 'off' : 'on'})`, `${(bulk.ms / 1000).toFixed(1)} s`],
    [`statement SQL, provider (${PROVIDER_VISITS.toLocaleString('en')} visits, ${providerLines} lines): median (min–max)`, `${fmt(providerSql.median)} (${fmt(providerSql.min)}–${fmt(providerSql.max)})`],
    [`statement SQL, city (${CITY_VISITS.toLocaleString('en')} visits, ${cityLines} lines): median (min–max)`, `${fmt(citySql.median)} (${fmt(citySql.min)}–${fmt(citySql.max)})`],
    ['statement route (access check, JSON, access log), provider: median', fmt(providerRoute.median)],
    ['statement route, city: one run', fmt(cityRoute.median)],
    ['performed vs granted, provider / city', `${fmt(pvg.median)} / ${fmt(cityPvg.median)}`],
    ['continuity (14 days) / declined-added, provider', `${fmt(cont.median)} / ${fmt(kinds.median)}`],
  ];
  const ratios: [string, string][] = [
    ['provider statement SQL ÷ 1 s', (providerSql.median / 1000).toFixed(3)],
    ['provider statement route ÷ 1 s', (providerRoute.median / 1000).toFixed(3)],
    [`city ÷ provider statement SQL (visits ratio ${(CITY_VISITS / PROVIDER_VISITS).toFixed(0)})`, (citySql.median / providerSql.median).toFixed(2)],
    ['statement SQL per 1,000 visits, provider / city', `${fmt((providerSql.median / PROVIDER_VISITS) * 1000)} / ${fmt((citySql.median / CITY_VISITS) * 1000)}`],
    ['batch insert per visit, city stored ÷ first half of the provider’s month', (median(atScale) / lastBatch.length / (early / BATCH)).toFixed(2)],
    ['re-sent batch ÷ new batch, corrections ÷ new batch (city stored)', `${(resent.ms / median(atScale)).toFixed(2)}, ${(corrected.ms / median(atScale)).toFixed(2)}`],
    ['inserting the provider’s month ÷ reading its statement', (providerTotal / providerSql.median).toFixed(0)],
  ];
  const width = Math.max(...[...rows, ...ratios].map(([k]) => k.length));
  console.log('\nMeasurements');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log('\nRatios (this run)');
  for (const [k, v] of ratios) console.log(`  ${k.padEnd(width)}  ${v}`);
  log('done');
} finally {
  await close();
}
