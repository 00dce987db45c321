import { z } from 'zod';

/** The contract unit (EKU) of the demo city: the city organisation outside production unless CITY_ORGANISATION_ID says otherwise. */
export const DEV_CITY_ORGANISATION_ID = '10000000-0000-4000-8000-000000000007';
/** The admin created at first start outside production unless BOOTSTRAP_ADMIN_SUBS says otherwise. */
export const DEV_ADMIN_SUB = 'dev-admin';

/** The development secret used when no key is configured; refused in production. */
export const DEFAULT_DEV_SECRET = 'hemtjanst-dev-secret-change-me-0123456789';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Whole numbers only: z.coerce.number() would also take '1e3', '0x10' and ' ' (as 0).
const wholeNumber = () =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number);

/** JWS algorithms for public keys that jose verifies; HS* and `none` are never allowed with public keys. */
const PUBLIC_KEY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: wholeNumber().pipe(z.number().max(65535)).default(3000),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    METRICS_PORT: optionalString.pipe(z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(1).max(65535)).optional()),
    METRICS_HOST: optionalString.pipe(z.string().min(1).optional()),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    DATABASE_POOL_MAX: wholeNumber().pipe(z.number().min(1).max(200)).default(10),
    DATABASE_CONNECT_TIMEOUT_MS: wholeNumber().pipe(z.number().min(100).max(120_000)).default(5_000),
    DATABASE_STATEMENT_TIMEOUT_MS: wholeNumber().pipe(z.number().max(3_600_000)).default(30_000),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: wholeNumber().pipe(z.number().max(3_600_000)).default(60_000),
    DATABASE_STARTUP_WAIT_SECONDS: wholeNumber().pipe(z.number().max(3_600)).default(60),
    DATA_DIR: z.string().min(1).default('./data'),
    BODY_LIMIT_BYTES: wholeNumber().pipe(z.number().min(1024)).default(10 * 1024 * 1024),
    AUTH_JWKS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    AUTH_PUBLIC_KEY: optionalString,
    AUTH_DEV_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    AUTH_ISSUER: z.string().min(1).default('hemtjanst-api-dev'),
    AUTH_AUDIENCE: z.string().min(1).default('hemtjanst-api'),
    AUTH_ALGORITHMS: z
      .string()
      .default('RS256,ES256,PS256,EdDSA')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
    AUTH_CLOCK_TOLERANCE_SECONDS: wholeNumber().pipe(z.number().max(300)).default(30),
    CORS_ORIGINS: optionalString.pipe(
      z
        .string()
        .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
        .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((u) => URL.canParse(u) && new URL(u).origin === u, 'each must be an origin (scheme://host[:port]) without a path')))
        .optional(),
    ),
    RATE_LIMIT_PER_CALLER_PER_MINUTE: wholeNumber().default(1200),
    RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: wholeNumber().default(120),
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: wholeNumber().default(2000),
    IDEMPOTENCY_KEY_HOURS: wholeNumber().pipe(z.number().min(1).max(720)).default(24),
    IF_MATCH_REQUIRED: optionalString.pipe(
      z
        .string()
        .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
        .pipe(z.array(z.string().regex(/^(\*|[A-Za-z][A-Za-z0-9]*)$/, 'each must be an operationId (e.g. updateIndividual) or *')))
        .optional(),
    ),
    AUTH_CALLER_CACHE_SECONDS: wholeNumber().pipe(z.number().max(3600)).default(15),
    CITY_ORGANISATION_ID: optionalString.pipe(z.uuid('must be a uuid').optional()),
    CITY_ORGANISATION_NAME: z.string().trim().min(1).max(200).default('Avtalsenheten (EKU)'),
    BOOTSTRAP_ADMIN_SUBS: optionalString.pipe(
      z
        .string()
        .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
        .pipe(z.array(z.string().max(200).regex(/^[\x21-\x7e]+$/, 'each id must be printable ASCII without spaces')))
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    const unknown = env.AUTH_ALGORITHMS.filter((a) => a !== 'none' && !a.startsWith('HS') && !PUBLIC_KEY_ALGORITHMS.includes(a));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_ALGORITHMS'], message: `unknown algorithm ${unknown.join(', ')}; use some of ${PUBLIC_KEY_ALGORITHMS.join(', ')}` });
    } else if ((env.AUTH_JWKS_URL || env.AUTH_PUBLIC_KEY) && !env.AUTH_ALGORITHMS.some((a) => PUBLIC_KEY_ALGORITHMS.includes(a))) {
      // Without this every token would be refused at run time with no hint why.
      ctx.addIssue({ code: 'custom', path: ['AUTH_ALGORITHMS'], message: `names no public-key algorithm (HS* and none are never allowed with public keys); use some of ${PUBLIC_KEY_ALGORITHMS.join(', ')}` });
    }
    if (production && env.AUTH_DEV_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_DEV_SECRET'], message: 'is refused when NODE_ENV=production; use AUTH_JWKS_URL or AUTH_PUBLIC_KEY' });
    }
    if (production && !env.AUTH_JWKS_URL && !env.AUTH_PUBLIC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: 'or AUTH_PUBLIC_KEY is required when NODE_ENV=production' });
    }
    if (production && !env.CITY_ORGANISATION_ID) {
      ctx.addIssue({ code: 'custom', path: ['CITY_ORGANISATION_ID'], message: 'is required when NODE_ENV=production (the city’s contract unit, where admin, auditor and reporting belong)' });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT (metrics have a listener of their own)' });
    }
    if (production && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when NODE_ENV=production (the embedded database is for development)' });
    }
  });

export type Config = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; a bad value names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  // An empty variable (`PORT=` in a compose file or .env) counts as unset: before, PORT= became port 0 (a random
  // port) and AUTH_CLOCK_TOLERANCE_SECONDS= a tolerance of 0, while HOST= or LOG_LEVEL= stopped the start.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })),
    );
  }
  const e = parsed.data;
  const auth = e.AUTH_JWKS_URL
    ? ({ mode: 'jwks', jwksUrl: e.AUTH_JWKS_URL } as const)
    : e.AUTH_PUBLIC_KEY
      ? ({ mode: 'public-key', publicKey: e.AUTH_PUBLIC_KEY } as const)
      : ({ mode: 'dev-secret', secret: e.AUTH_DEV_SECRET ?? DEFAULT_DEV_SECRET } as const);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    /** Prometheus metrics on a listener of their own (none when METRICS_PORT is unset; then nothing is collected either). */
    metrics: e.METRICS_PORT ? { port: e.METRICS_PORT, host: e.METRICS_HOST ?? e.HOST } : undefined,
    bodyLimit: e.BODY_LIMIT_BYTES,
    databaseStartupWaitMs: e.DATABASE_STARTUP_WAIT_SECONDS * 1000,
    /** Browser front ends allowed to call the API (none by default: server-to-server callers need no CORS). */
    corsOrigins: e.CORS_ORIGINS ?? [],
    // 0 turns a limit off.
    rateLimits: { perCallerPerMinute: e.RATE_LIMIT_PER_CALLER_PER_MINUTE, unauthenticatedPerMinute: e.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE },
    pressure: { maxEventLoopDelayMs: e.PRESSURE_MAX_EVENT_LOOP_DELAY_MS },
    /** How long an Idempotency-Key and its stored answer are kept per caller (the draft suggests 24 hours). */
    idempotencyKeyHours: e.IDEMPOTENCY_KEY_HOURS,
    /** Operations (operationIds, or `*`) that answer 428 without If-Match; none by default, so existing clients keep working. */
    ifMatchRequired: e.IF_MATCH_REQUIRED ?? [],
    database: e.DATABASE_URL
      ? ({
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolMax: e.DATABASE_POOL_MAX,
          timeouts: {
            connectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
            statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
            idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
          },
        } as const)
      : ({ kind: 'pglite', dataDir: e.DATA_DIR } as const),
    auth: {
      ...auth,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      algorithms: auth.mode === 'dev-secret' ? ['HS256'] : e.AUTH_ALGORITHMS.filter((a) => a !== 'none' && !a.startsWith('HS')),
      clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
      usingDefaultDevSecret: auth.mode === 'dev-secret' && !e.AUTH_DEV_SECRET,
      callerCacheMs: e.AUTH_CALLER_CACHE_SECONDS * 1000,
    },
    // Created at start when missing: the city's contract unit and its first admins (see src/directory/bootstrap.ts).
    city: {
      organisationId: e.CITY_ORGANISATION_ID ?? DEV_CITY_ORGANISATION_ID,
      organisationName: e.CITY_ORGANISATION_NAME,
      adminSubs: e.BOOTSTRAP_ADMIN_SUBS ?? (e.NODE_ENV === 'production' ? [] : [DEV_ADMIN_SUB]),
    },
  };
}
