// `npm run test:faults`: the service survives a database restart and a stop of tens of seconds, and loses nothing.
//
// 1. A throwaway Postgres of its own (scripts/faults/cluster.ts): the machine's Postgres binaries, `initdb` into a
//    temporary folder, 127.0.0.1 on a free port. The machine's shared Postgres is never touched.
// 2. The service as a child process (`node --import tsx src/server.ts`) against it; the demo city loaded through
//    `POST /v1/demo-city`.
// 3. A bounded write load from several clients: staff sending messages (each with a subject of its own) and
//    time-reporting systems sending batches of visits (each visit an externalId of its own; a batch that got no 2xx is
//    sent again, as a reporting system would). Readiness is polled every 250 ms throughout.
// 4. Mid-load: `pg_ctl restart -m fast` three times (the load goes on), then `pg_ctl stop -m fast` for about 18 s,
//    then start.
// 5. Asserts, reading the database straight with `pg`: the service process is alive; readiness went red and green
//    again; failed writes were 503 database-unavailable with Retry-After (never a 500, never a hang); every write that
//    got a 2xx is stored exactly once; nothing is stored twice; writes succeed again after the outage.
//
// Prints one line per assertion and `N passed, N failed` last; exits 0 only when all passed. Without Postgres
// binaries it says so, prints `0 passed, 0 failed` and exits 0. A run takes about a minute; it is stopped at 3 minutes.
// FAULTS_VISITS_PER_BATCH and FAULTS_RESTARTS change the load for a run by hand; CI uses the defaults.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Role } from '../src/auth/roles.js';
import { mintDevToken } from '../src/auth/dev-token.js';
import { loadConfig } from '../src/config.js';
import { demo } from '../src/demo/city.js';
import { demoGroup } from '../src/demo/contact-groups.js';
import { createCluster, findPostgresBinaries, freePort, SkipError, type Cluster } from './faults/cluster.js';
import { startService, type Service } from './faults/service.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

// ---- bounds ----
const HARD_LIMIT_MS = 180_000; // the whole run, set-up and clean-up included
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_REQUESTS_PER_CLIENT = 400;
const CLIENT_PAUSE_MS = 60; // between two requests of one client
/** A setting from the environment (for trying other loads by hand), whole and within bounds, else the default. */
const knob = (name: string, fallback: number, min: number, max: number) => {
  const v = Number(process.env[name] ?? fallback);
  return Number.isInteger(v) && v >= min && v <= max ? v : fallback;
};
// Larger batches hold a transaction open longer (more chances for a fault to land inside one). At most 60: the
// visits' hour slots must stay clear of the demo's own visits (see nextVisit).
const VISITS_PER_BATCH = knob('FAULTS_VISITS_PER_BATCH', 50, 1, 60);
const STEADY_MS = 6_000;
// Several restarts: the process used to die when a restart caught a request between two statements of a
// transaction; each restart is another chance to catch one.
const RESTARTS = knob('FAULTS_RESTARTS', 3, 1, 10);
const AFTER_RESTART_MS = 4_000;
const OUTAGE_MS = 18_000;
const RECOVERY_MS = 8_000;
const GREEN_AFTER_START_MS = 30_000;
const DRAIN_MS = 30_000;
const READINESS_EVERY_MS = 250;

const started = Date.now();
const elapsed = () => ((Date.now() - started) / 1000).toFixed(1).padStart(5);
const say = (line: string) => console.log(`[${elapsed()} s] ${line}`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- assertions ----
const results: { ok: boolean; name: string; detail?: string }[] = [];
function check(name: string, ok: boolean, detail?: string) {
  results.push({ ok, name, detail });
}
let reported = false;
function report(): number {
  if (reported) return results.every((r) => r.ok) ? 0 : 1;
  reported = true;
  console.log('\n== fault test: assertions');
  for (const r of results) console.log(`${r.ok ? 'ok    ' : 'FAILED'} ${r.name}${r.detail ? `\n         ${r.detail.split('\n').join('\n         ')}` : ''}`);
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

// ---- clean-up, also on signals and on a hard time-out ----
let cluster: Cluster | undefined;
let service: Service | undefined;
function cleanupSync() {
  service?.killSync();
  cluster?.destroySync();
}
process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.log(`\n${signal}: stopping the service and the throwaway Postgres`);
    cleanupSync();
    check(`the run was not interrupted (${signal})`, false);
    process.exit(report() || 1);
  });
}
const watchdog = setTimeout(() => {
  check(`the run finished within ${HARD_LIMIT_MS / 1000} s`, false, 'stopped by the time limit');
  printServiceErrors();
  cleanupSync();
  process.exit(report() || 1);
}, HARD_LIMIT_MS);
watchdog.unref();

/** One line of the service's output, shortened for the report (pino JSON: level, message, error). */
function shorten(line: string): string {
  const json = line.replace(/^\[(out|err)\] /, '');
  try {
    const o = JSON.parse(json) as { level?: number; msg?: string; err?: { type?: string; code?: string; message?: string; stack?: string } };
    const where = o.err?.stack?.split('\n').find((l) => /^\s+at /.test(l))?.trim();
    const text = `level ${o.level}: ${o.msg ?? ''}${o.err ? ` — ${o.err.type ?? 'error'} ${o.err.code ?? ''} ${o.err.message ?? ''}${where ? ` (${where})` : ''}` : ''}`;
    return text.replace(/\s*\n\s*/g, ' ⏎ ').slice(0, 500);
  } catch {
    return line.length > 400 ? `${line.slice(0, 400)}…` : line;
  }
}

/** The service's error lines (pino JSON at error or fatal, and anything on stderr). */
function printServiceErrors() {
  if (!service) return;
  const errors = service.lines(/"level":(50|60)|^\[err\]|uncaught|unhandled/i, 25);
  if (errors.length) {
    console.log('\n== service errors (last 25)');
    for (const l of errors) console.log(shorten(l));
  }
  if (service.exit()) {
    console.log('\n== service output before it exited (last 10 lines)');
    for (const l of service.lines(/./, 10)) console.log(shorten(l));
  }
}

// ---- HTTP ----
type Answer =
  | { ok: true; status: number; retryAfter: string | null; body: unknown; ms: number }
  | { ok: false; error: 'timeout' | 'network'; message: string; ms: number };

let base = '';
async function call(method: 'GET' | 'POST', path: string, token?: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer> {
  const t0 = Date.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    return { ok: true, status: res.status, retryAfter: res.headers.get('retry-after'), body: parsed, ms: Date.now() - t0 };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { ok: false, error: timeout ? 'timeout' : 'network', message: e.cause?.code ?? e.message, ms: Date.now() - t0 };
  }
}
const problemType = (a: Answer) => (a.ok && a.body && typeof a.body === 'object' ? String((a.body as { type?: unknown }).type ?? '') : '');
const isDatabaseUnavailable503 = (a: Answer) => a.ok && a.status === 503 && /\/problems\/database-unavailable$/.test(problemType(a)) && !!a.retryAfter;
const short = (a: Answer) => (a.ok ? `${a.status} ${JSON.stringify(a.body).slice(0, 300)}` : `${a.error} (${a.message})`);

// ---- the load's bookkeeping ----
type Phase = 'steady' | 'restart' | 'after-restart' | 'outage' | 'recovery' | 'drain';
let phase: Phase = 'steady';
const phaseLog: { phase: Phase; at: number }[] = [{ phase, at: Date.now() }];
function setPhase(p: Phase) {
  phase = p;
  phaseLog.push({ phase, at: Date.now() });
}
/** The phase the load was in at a moment. */
const phaseAt = (at: number) => phaseLog.filter((p) => p.at <= at).at(-1)?.phase ?? 'steady';
interface Outcome {
  kind: 'message' | 'visits';
  phase: Phase;
  answer: Answer;
}
const outcomes: Outcome[] = [];
const label = (a: Answer) => (a.ok ? String(a.status) : a.error);

const messagesTried = new Set<string>();
const messagesAcked = new Map<string, Phase>(); // subject → phase of the 2xx
const visitsTried = new Map<string, string>(); // externalId → reporting system
const visitsAcked = new Map<string, { outcome: string; phase: Phase }>(); // created / unchanged
const visitsRejected: { externalId: string; reason: string }[] = [];

interface Batch {
  system: string;
  token: string;
  visits: Record<string, unknown>[];
  attempts: number;
}
const pendingBatches: Batch[] = [];

let loadOn = true;

async function main(): Promise<void> {
  const found = findPostgresBinaries();
  if ('missing' in found) {
    console.log(`Skipping the fault test: ${found.missing}.`);
    console.log('0 passed, 0 failed');
    process.exit(0);
  }

  // 1. The throwaway Postgres.
  try {
    cluster = await createCluster(found.bin, say);
  } catch (err) {
    if (err instanceof SkipError) {
      console.log(`Skipping the fault test: ${err.message}.`);
      console.log('0 passed, 0 failed');
      process.exit(0);
    }
    throw err;
  }
  await cluster.start();
  say(`throwaway Postgres on 127.0.0.1:${cluster.port}`);
  const adminClient = new pg.Client({ connectionString: cluster.url('postgres') });
  await adminClient.connect();
  await adminClient.query('create database faults');
  await adminClient.end();

  // 2. The service.
  const servicePort = await freePort([cluster.port]);
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(DATABASE_|AUTH_|PG|TEST_DATABASE|RATE_LIMIT_|PRESSURE_|BOOTSTRAP_|CITY_|DATA_DIR$|LOG_LEVEL$|HOST$|PORT$|NODE_ENV$)/.test(k),
    ),
  );
  Object.assign(env, {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(servicePort),
    DATABASE_URL: cluster.url('faults'),
    DATABASE_STARTUP_WAIT_SECONDS: '60',
    RATE_LIMIT_PER_CALLER_PER_MINUTE: '0',
    RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '0',
    // 0 turns the event-loop check off: a busy machine must not turn into 503s that are no fault of the database.
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    LOG_LEVEL: 'warn',
  });
  const config = loadConfig(env);
  base = `http://127.0.0.1:${servicePort}`;
  say(`starting the service on ${base} (node --import tsx src/server.ts)`);
  service = startService({ cwd: REPO, env, logFile: join(cluster.dir, 'service.log') });
  const readyBy = Date.now() + 90_000;
  for (;;) {
    const a = await call('GET', '/health/ready', undefined, undefined, 3_000);
    if (a.ok && a.status === 200) break;
    if (service.exit() || Date.now() > readyBy) {
      check('the service starts against the throwaway Postgres', false, `${service.exit() ? `it exited: ${JSON.stringify(service.exit())}` : 'not ready within 90 s'}\n${service.lines(/./, 30).join('\n')}`);
      return;
    }
    await sleep(500);
  }
  say('the service is ready');
  const running = service;
  const dead = () => running.exit() !== null;
  const describeExit = () => {
    const e = running.exit();
    return e ? `${((e.at - started) / 1000).toFixed(1)} s into the run, in phase ${phaseAt(e.at)}, code ${e.code}, signal ${e.signal}` : 'running';
  };
  /** Waits `ms`, or less when the service process exits meanwhile. */
  const waitUnlessDead = async (ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end && !dead()) await sleep(Math.min(100, end - Date.now()));
  };

  const admin = await mintDevToken(config.auth, { sub: config.city.adminSubs[0]!, org: config.city.organisationId, roles: ['admin'] });
  const loaded = await call('POST', '/v1/demo-city', admin, undefined, 60_000);
  if (!loaded.ok || loaded.status >= 300) {
    check('the demo city loads through the service', false, short(loaded));
    return;
  }
  say('demo city loaded');

  const token = (sub: string, org: string, roles: Role[]) => mintDevToken(config.auth, { sub, org, roles });
  const senders = await Promise.all([
    token('care-karin', demo.org.privateProvider, ['care_staff']),
    token('care-kalle', demo.org.privateProvider, ['care_staff']),
    token('manager-maria', demo.org.privateProvider, ['manager']),
  ]);
  const reporters = {
    private: { system: 'phoniro-omsorg-vast', token: await token('phoniro-omsorg-vast', demo.org.privateProvider, ['time_reporter']) },
    municipal: { system: 'phoniro-egen-regi', token: await token('phoniro-egen-regi', demo.org.municipalProvider, ['time_reporter']) },
  };

  // Visits never overlap: each individual's visits take consecutive hour slots from June 2019 (30 minutes each; the demo's
  // own visits are in March 2025, some 50 000 slots later; the load makes at most 2 clients × 400 batches × 60 of them).
  const slots = new Map<string, number>();
  const SLOT_BASE = Date.parse('2019-06-01T05:00:00Z');
  const nextVisit = (client: number, n: number, kind: 'private' | 'municipal') => {
    const individualId = kind === 'private' ? demo.individual.astrid : demo.individual.bertil;
    const slot = slots.get(individualId) ?? 0;
    slots.set(individualId, slot + 1);
    const checkIn = SLOT_BASE + slot * 3_600_000;
    const externalId = `faults-v-${client}-${n}`;
    visitsTried.set(externalId, reporters[kind].system);
    return {
      externalId,
      individualId,
      unitId: kind === 'private' ? demo.unit.privateCentrum : demo.unit.municipalCentrum,
      staffId: kind === 'private' ? (n % 2 ? 'care-kalle' : 'care-karin') : 'municipal-mats',
      serviceType: 'home_care_day_evening',
      checkIn: new Date(checkIn).toISOString(),
      checkOut: new Date(checkIn + 1_800_000).toISOString(),
      status: 'performed',
    };
  };
  const messageBody = (subject: string) => ({
    to: { contactGroupIds: [demoGroup.night] },
    individualId: demo.individual.astrid,
    subject,
    body: `Fault test ${randomUUID()}: please check the evening medication.`,
  });

  /** Sends a batch; true when it got a 2xx (its outcomes recorded). */
  const sendBatch = async (batch: Batch): Promise<Answer> => {
    batch.attempts += 1;
    const a = await call('POST', '/v1/time-reports', batch.token, { visits: batch.visits });
    outcomes.push({ kind: 'visits', phase, answer: a });
    if (a.ok && a.status >= 200 && a.status < 300) {
      const body = a.body as { results?: { externalId: string | null; outcome: string; reason: string | null }[] };
      for (const r of body.results ?? []) {
        if (!r.externalId) continue;
        if (r.outcome === 'created' || r.outcome === 'unchanged') visitsAcked.set(r.externalId, { outcome: r.outcome, phase });
        else visitsRejected.push({ externalId: r.externalId, reason: `${r.outcome}: ${r.reason ?? ''}` });
      }
    }
    return a;
  };
  const pauseAfter = async (a: Answer) => {
    if (a.ok && a.status < 300) return sleep(CLIENT_PAUSE_MS);
    // A polite client: honours Retry-After, but at most a second, so the outage sees a steady trickle.
    const retryAfter = a.ok && a.retryAfter ? Number(a.retryAfter) * 1000 : 250;
    return sleep(Math.min(Number.isFinite(retryAfter) ? retryAfter : 250, 1_000));
  };

  // Pre-flight: one message and one visit are accepted before any fault, or the load proves nothing.
  {
    const subject = 'faults-m-preflight';
    messagesTried.add(subject);
    const m = await call('POST', '/v1/messages', senders[0], messageBody(subject));
    if (m.ok && m.status >= 200 && m.status < 300) messagesAcked.set(subject, 'steady');
    const v = await sendBatch({ ...reporters.private, visits: [nextVisit(99, 0, 'private')], attempts: 0 });
    const created = visitsAcked.get('faults-v-99-0')?.outcome === 'created';
    check('before any fault a message and a visit are accepted (the load is valid)', messagesAcked.has(subject) && created, `message: ${short(m)}\nvisits: ${short(v)}`);
    if (!messagesAcked.has(subject) || !created) return;
  }

  // 3. The load, and readiness polled throughout.
  const readiness: { at: number; status: string }[] = [];
  let pollOn = true;
  const poller = (async () => {
    let last = '';
    while (pollOn) {
      const t0 = Date.now();
      const a = await call('GET', '/health/ready', undefined, undefined, 3_000);
      const status = label(a);
      readiness.push({ at: t0, status });
      const colour = status === '200' ? 'green' : 'red';
      if (colour !== last) say(`readiness ${colour} (${status}${a.ok ? '' : `: ${a.message}`})`);
      last = colour;
      await sleep(Math.max(0, READINESS_EVERY_MS - (Date.now() - t0)));
    }
  })();

  const messageClient = async (client: number, senderToken: string) => {
    for (let n = 0; loadOn && !dead() && n < MAX_REQUESTS_PER_CLIENT; n++) {
      const subject = `faults-m-${client}-${n}`;
      messagesTried.add(subject);
      const a = await call('POST', '/v1/messages', senderToken, messageBody(subject));
      outcomes.push({ kind: 'message', phase, answer: a });
      if (a.ok && a.status >= 200 && a.status < 300) messagesAcked.set(subject, phase);
      await pauseAfter(a);
    }
  };
  const visitClient = async (client: number, kind: 'private' | 'municipal') => {
    const queue: Batch[] = [];
    let n = 0;
    for (let requests = 0; loadOn && !dead() && requests < MAX_REQUESTS_PER_CLIENT; requests++) {
      // A batch without a 2xx answer is sent again (same externalIds, same times) before any new one.
      const batch = queue.shift() ?? { ...reporters[kind], visits: Array.from({ length: VISITS_PER_BATCH }, () => nextVisit(client, n++, kind)), attempts: 0 };
      const a = await sendBatch(batch);
      if (!(a.ok && a.status >= 200 && a.status < 300)) queue.unshift(batch);
      await pauseAfter(a);
    }
    pendingBatches.push(...queue);
  };

  const clients = [
    messageClient(0, senders[0]),
    messageClient(1, senders[1]),
    messageClient(2, senders[2]),
    visitClient(3, 'private'),
    visitClient(4, 'private'),
    visitClient(5, 'municipal'),
  ];
  const progress = setInterval(() => {
    const by = (kind: Outcome['kind']) => {
      const counts = new Map<string, number>();
      for (const o of outcomes) if (o.kind === kind) counts.set(label(o.answer), (counts.get(label(o.answer)) ?? 0) + 1);
      return [...counts].map(([k, v]) => `${k}×${v}`).join(' ');
    };
    say(`progress [${phase}] messages: ${by('message') || '-'} | visit batches: ${by('visits') || '-'}`);
  }, 5_000);

  let outageStart = 0;
  let outageEnd = 0;
  let greenAfterStartMs: number | null = null;
  try {
    say(`load: 3 message clients, 3 time-report clients (${VISITS_PER_BATCH} visits a batch), ${STEADY_MS / 1000} s before the first fault`);
    faults: {
      await waitUnlessDead(STEADY_MS);
      for (let k = 1; k <= RESTARTS; k++) {
        setPhase('restart');
        say(`fault ${k}: pg_ctl restart -m fast`);
        const r0 = Date.now();
        await cluster.restart();
        say(`Postgres restarted in ${((Date.now() - r0) / 1000).toFixed(1)} s; the load goes on`);
        setPhase('after-restart');
        await waitUnlessDead(AFTER_RESTART_MS);
        if (dead()) break faults;
      }

      setPhase('outage');
      say(`fault ${RESTARTS + 1}: pg_ctl stop -m fast, for ${OUTAGE_MS / 1000} s`);
      await cluster.stop();
      outageStart = Date.now();
      await waitUnlessDead(OUTAGE_MS);
      say('pg_ctl start');
      await cluster.start();
      outageEnd = Date.now();
      if (dead()) break faults;
      setPhase('recovery');
      say('Postgres is back; waiting for readiness to turn green');
      while (Date.now() - outageEnd < GREEN_AFTER_START_MS && !dead()) {
        const green = readiness.find((s) => s.at >= outageEnd && s.status === '200');
        if (green) {
          greenAfterStartMs = green.at - outageEnd;
          break;
        }
        await sleep(100);
      }
      await waitUnlessDead(RECOVERY_MS);
    }
    if (dead()) say(`the service process has exited (${describeExit()}): the load stops`);
  } finally {
    loadOn = false;
    await Promise.all(clients);
    clearInterval(progress);
  }

  // Batches that never got a 2xx are sent again until they do (a reporting system retries).
  setPhase('drain');
  if (pendingBatches.length && !dead()) say(`sending ${pendingBatches.length} unanswered batch(es) again`);
  const drainBy = Date.now() + DRAIN_MS;
  for (const batch of dead() ? [] : pendingBatches.splice(0)) {
    for (;;) {
      const a = await sendBatch(batch);
      if (a.ok && a.status >= 200 && a.status < 300) break;
      if (Date.now() > drainBy || dead()) {
        pendingBatches.push(batch);
        break;
      }
      await sleep(500);
    }
  }
  await sleep(2 * READINESS_EVERY_MS);
  pollOn = false;
  await poller;

  // 4. What the service says and what the database holds.
  say('load done; reading the database');
  const live = await call('GET', '/health/live', undefined, undefined, 3_000);
  check(
    'the service process is alive (it never exited) and answers /health/live',
    !dead() && live.ok && live.status === 200,
    dead() ? `it exited ${describeExit()}` : live.ok && live.status === 200 ? undefined : short(live),
  );
  const notReached = outageEnd === 0 ? 'not reached: the service process exited before the outage was over' : undefined;

  const redInOutage = readiness.filter((s) => s.at >= outageStart && s.at < outageEnd && s.status !== '200');
  const lastRed = readiness.filter((s) => s.status !== '200').at(-1);
  const greenAfter = lastRed ? readiness.filter((s) => s.at > lastRed.at && s.status === '200') : [];
  const redStatuses = [...new Set(redInOutage.map((s) => s.status))].join(', ');
  check('readiness went red while the database was stopped', redInOutage.length > 0, notReached ?? `${redInOutage.length} red sample(s) during the outage (${redStatuses || 'none'})`);
  check(
    'readiness went green again after the database came back, without a restart of the service',
    greenAfterStartMs !== null && greenAfter.length > 0 && readiness.at(-1)?.status === '200',
    notReached ?? (greenAfterStartMs !== null ? `green ${(greenAfterStartMs / 1000).toFixed(1)} s after pg_ctl start` : `no green within ${GREEN_AFTER_START_MS / 1000} s of pg_ctl start`),
  );
  check('readiness answered 503 (not a hang or a dropped connection) while red', !notReached && redInOutage.every((s) => s.status === '503'), notReached ?? `red statuses: ${redStatuses || 'none'}`);

  const failed = outcomes.filter((o) => !(o.answer.ok && o.answer.status < 300));
  const outageFailures = failed.filter((o) => o.phase === 'outage');
  const notClean = failed.filter((o) => !isDatabaseUnavailable503(o.answer));
  const describe = (list: Outcome[]) => {
    const counts = new Map<string, number>();
    for (const o of list) {
      const key = `${o.kind} in ${o.phase}: ${o.answer.ok ? `${o.answer.status} ${problemType(o.answer) || '(no problem type)'}${o.answer.status === 503 && !o.answer.retryAfter ? ' without Retry-After' : ''}` : `${o.answer.error} (${o.answer.message})`}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([k, v]) => `${v}× ${k}`).join('\n');
  };
  check(
    'writes during the outage were answered 503 /problems/database-unavailable with Retry-After',
    outageFailures.length > 0 && outageFailures.every((o) => isDatabaseUnavailable503(o.answer)),
    notReached ?? (outageFailures.length ? describe(outageFailures) : 'no write failed during the outage: the fault was not exercised'),
  );
  const example = notClean.find((o) => o.answer.ok);
  check(
    'no write was answered otherwise (no 500, no other error, no time-out or dropped connection)',
    notClean.length === 0,
    notClean.length ? `${describe(notClean)}${example ? `\nfor example: ${short(example.answer)}` : ''}` : undefined,
  );
  const recoveredMessages = [...messagesAcked.values()].filter((p) => p === 'recovery').length;
  const recoveredVisits = [...visitsAcked.values()].filter((v) => v.phase === 'recovery' && v.outcome === 'created').length;
  check(
    'writes succeed again after the database is back (messages and visits)',
    recoveredMessages > 0 && recoveredVisits > 0,
    notReached ?? `${recoveredMessages} message(s) and ${recoveredVisits} new visit(s) accepted after the restart of the database`,
  );
  check(
    'every visit got a 2xx answer in the end and none was rejected (the load is valid)',
    pendingBatches.length === 0 && visitsRejected.length === 0 && visitsAcked.size === visitsTried.size,
    `${visitsAcked.size} of ${visitsTried.size} visits acknowledged; ${pendingBatches.length} batch(es) never answered 2xx; ${visitsRejected.length} rejected${visitsRejected.length ? `, e.g. ${visitsRejected[0]!.externalId}: ${visitsRejected[0]!.reason}` : ''}`,
  );

  // Failed queries during the faults are logged: with SQL state and constraint, never their parameters (a message's
  // subject and body, a visit's ids).
  const leaks = running.lines(/faults-[mv]-|Fault test /, 3);
  check(
    'the service log carries no parameters or bodies of failed queries (no subject, body or externalId of the load)',
    leaks.length === 0,
    leaks.length ? leaks.map(shorten).join('\n') : undefined,
  );

  const db = new pg.Client({ connectionString: cluster.url('faults') });
  await db.connect();
  try {
    const storedMessages = new Map<string, number>(
      (await db.query<{ subject: string; n: number }>("select subject, count(*)::int as n from messages where subject like 'faults-m-%' group by subject")).rows.map((r) => [r.subject, r.n]),
    );
    const ackedMissing = [...messagesAcked.keys()].filter((s) => (storedMessages.get(s) ?? 0) !== 1);
    check(
      'every message that got a 2xx is stored exactly once',
      ackedMissing.length === 0,
      `${messagesAcked.size} acknowledged, ${storedMessages.size} stored${ackedMissing.length ? `; wrong count for ${ackedMissing.slice(0, 5).map((s) => `${s} (${storedMessages.get(s) ?? 0})`).join(', ')}` : ''}`,
    );
    const twice = [...storedMessages].filter(([, n]) => n > 1);
    const strays = [...storedMessages.keys()].filter((s) => !messagesTried.has(s));
    const unackedStored = [...storedMessages.keys()].filter((s) => !messagesAcked.has(s));
    check(
      'no message is stored twice (nor one that was never sent)',
      twice.length === 0 && strays.length === 0,
      `${twice.length} stored twice, ${strays.length} never sent; ${unackedStored.length} stored though its sender got no 2xx (the answer was lost: allowed)`,
    );

    const storedVisits = new Map<string, { n: number; current: number; system: string; segments: number }>(
      (
        await db.query<{ system: string; external_id: string; n: number; current: number; segments: number }>(
          `select t.reporting_system as system, t.external_id, count(*)::int as n, (count(*) filter (where t.superseded_at is null))::int as current,
                  min((select count(*) from time_report_segments s where s.time_report_id = t.id))::int as segments
             from time_reports t where t.external_id like 'faults-v-%' group by t.reporting_system, t.external_id`,
        )
      ).rows.map((r) => [r.external_id, { n: r.n, current: r.current, system: r.system, segments: r.segments }]),
    );
    const visitsMissing = [...visitsAcked.keys()].filter((id) => {
      const s = storedVisits.get(id);
      return !s || s.n !== 1 || s.current !== 1 || s.system !== visitsTried.get(id);
    });
    const byOutcome = (o: string) => [...visitsAcked.values()].filter((v) => v.outcome === o).length;
    check(
      'every visit that got a 2xx (created, or unchanged on a re-send) is stored exactly once',
      visitsMissing.length === 0,
      `${visitsAcked.size} acknowledged (${byOutcome('created')} created, ${byOutcome('unchanged')} unchanged: stored by an attempt whose answer was lost), ${storedVisits.size} stored${visitsMissing.length ? `; wrong for ${visitsMissing.slice(0, 5).join(', ')}` : ''}`,
    );
    const visitsTwice = [...storedVisits].filter(([, s]) => s.n > 1 || s.current > 1);
    const visitStrays = [...storedVisits.keys()].filter((id) => !visitsTried.has(id));
    check(
      'no visit is stored twice (nor one that was never sent)',
      visitsTwice.length === 0 && visitStrays.length === 0,
      `${visitsTwice.length} stored more than once${visitsTwice.length ? ` (${visitsTwice.slice(0, 5).map(([id, s]) => `${id}×${s.n}`).join(', ')})` : ''}, ${visitStrays.length} never sent`,
    );
    const noRecipients = (
      await db.query<{ subject: string }>(
        "select m.subject from messages m where m.subject like 'faults-m-%' and not exists (select 1 from message_recipients r where r.message_id = m.id)",
      )
    ).rows;
    const noSegments = [...storedVisits].filter(([, s]) => s.segments === 0);
    check(
      'no write is stored half (each stored message has its recipients, each stored visit its day segments)',
      noRecipients.length === 0 && noSegments.length === 0,
      noRecipients.length || noSegments.length ? `${noRecipients.length} message(s) without recipients, ${noSegments.length} visit(s) without segments` : undefined,
    );
  } finally {
    await db.end();
  }

  // The numbers of the run.
  console.log('\n== answers by phase');
  const phases: Phase[] = ['steady', 'restart', 'after-restart', 'outage', 'recovery', 'drain'];
  for (const p of phases) {
    const list = outcomes.filter((o) => o.phase === p);
    if (!list.length) continue;
    const counts = new Map<string, number>();
    for (const o of list) counts.set(`${o.kind} ${label(o.answer)}`, (counts.get(`${o.kind} ${label(o.answer)}`) ?? 0) + 1);
    console.log(`${p.padEnd(14)} ${[...counts].sort().map(([k, v]) => `${k}×${v}`).join('  ')}`);
  }
  const transitions = readiness.filter((s, i) => i === 0 || (s.status === '200') !== (readiness[i - 1]!.status === '200'));
  console.log(`readiness: ${readiness.length} samples; ${transitions.map((s) => `${s.status === '200' ? 'green' : `red(${s.status})`} at ${((s.at - started) / 1000).toFixed(1)} s`).join(' → ')}`);
  if (outageEnd) console.log(`outage: pg_ctl stop done at ${((outageStart - started) / 1000).toFixed(1)} s, start done at ${((outageEnd - started) / 1000).toFixed(1)} s`);
  console.log(`messages: ${messagesTried.size} sent, ${messagesAcked.size} acknowledged; visits: ${visitsTried.size} sent, ${visitsAcked.size} acknowledged`);
}

let exitCode = 1;
try {
  await main();
} catch (err) {
  check('the fault test ran to its end', false, (err as Error).stack ?? String(err));
} finally {
  loadOn = false;
  if (results.some((r) => !r.ok)) {
    printServiceErrors();
    const pgLog = cluster?.logTail(15);
    if (pgLog) console.log(`\n== throwaway Postgres log (last 15 lines)\n${pgLog}`);
  }
  say('stopping the service and the throwaway Postgres');
  await service?.stop().catch(() => {});
  cleanupSync();
  clearTimeout(watchdog);
  exitCode = report();
}
process.exit(exitCode);
