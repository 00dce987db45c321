import { maskPersonalIdentityNumbers } from '../logger.js';

const SAFE = /^[A-Za-z0-9._:-]{1,64}$/;

/** The client's x-request-id when it is short, printable and no personal identity number; otherwise undefined. */
export function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || !SAFE.test(header)) return undefined;
  return maskPersonalIdentityNumbers(header) === header ? header : undefined;
}
