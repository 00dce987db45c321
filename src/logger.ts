import pino, { type DestinationStream, type LoggerOptions } from 'pino';

// Personal identity numbers: 10 or 12 digits, with or without separator (YYMMDD-NNNN, YYYYMMDDNNNN).
// Not inside a longer token (a uuid's last group can be twelve digits). In URLs the separator may come
// percent-encoded (%2D, %2B): `?namePrefix=121212%2B1212` reached the logs unmasked before.
const PIN_PATTERN = /(?<![\w-])(\d{2})?(\d{6})(?:[-+]|%2[bBdD])?(\d{4})(?![\w-])/g;

/** Replaces anything that looks like a personal identity number; used on every logged string we build. */
export function maskPersonalIdentityNumbers(text: string): string {
  return text.replace(PIN_PATTERN, '[pin]');
}

// A token sent in the query string is refused, but the URL is still logged: its value never is.
const URL_SECRETS = /([?&](?:access_token|id_token|token|jwt|code)=)[^&#]*/gi;
const JWT_LIKE = /eyJ[\w-]{5,}\.[\w-]+\.[\w-]*/g;

/** The URL as it may be logged: personal identity numbers and tokens replaced. */
export function loggableUrl(url: string): string {
  return maskPersonalIdentityNumbers(url.replace(URL_SECRETS, '$1[redacted]').replace(JWT_LIKE, '[redacted]'));
}

/** drizzle's "Failed query: … \nparams: …" carries the values (names, message bodies): the SQL stays, they go. */
function withoutParams(text: string): string {
  return maskPersonalIdentityNumbers(text.replace(/\nparams: [\s\S]*?(?=\n    at |$)/g, '\nparams: [redacted]'));
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        '*.personalIdentityNumber',
        'personalIdentityNumber',
        '*.personal_identity_number',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(req: { method: string; url: string; id?: string; headers?: Record<string, unknown>; ip?: string }) {
        return { method: req.method, url: loggableUrl(req.url), requestId: req.id, userAgent: req.headers?.['user-agent'] };
      },
      // A whitelist: drizzle errors carry the query parameters and Postgres the row values (`detail`).
      err(err: Error & { code?: string; constraint?: string; cause?: unknown }) {
        const cause = err.cause as { message?: string; code?: string; constraint?: string } | undefined;
        return {
          type: err.name,
          message: withoutParams(err.message ?? ''),
          code: err.code ?? cause?.code,
          constraint: err.constraint ?? cause?.constraint,
          stack: withoutParams(err.stack ?? ''),
          cause: cause?.message ? withoutParams(cause.message) : undefined,
        };
      },
    },
    hooks: {
      // Last line of defence: a string message that carries a number is masked too.
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPersonalIdentityNumbers(a) : a)) as typeof args;
        return method.apply(this, masked);
      },
    },
  };
}

export function createLogger(level: string, destination?: DestinationStream) {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
