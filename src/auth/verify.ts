import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { Config } from '../config.js';
import { roleSchema, type Principal } from './roles.js';

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  org: z.uuid(),
  roles: z.array(z.string()).transform((rs) => rs.filter((r) => roleSchema.safeParse(r).success) as Principal['roles']),
});

export class AuthError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

type Key = Uint8Array | KeyObject | JWTVerifyGetKey;

function keyFor(auth: Config['auth']): Key {
  switch (auth.mode) {
    case 'jwks':
      return createRemoteJWKSet(new URL(auth.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    case 'public-key': {
      const text = auth.publicKey.trim();
      return text.startsWith('{')
        ? createPublicKey({ key: JSON.parse(text) as import('node:crypto').JsonWebKey, format: 'jwk' })
        : createPublicKey(text.replace(/\\n/g, '\n'));
    }
    case 'dev-secret':
      return new TextEncoder().encode(auth.secret);
  }
}

/** Builds the token verifier once: algorithm allow-list, issuer, audience, required exp, small clock tolerance. */
export function createVerifier(auth: Config['auth']) {
  const key = keyFor(auth);
  const options = {
    issuer: auth.issuer,
    audience: auth.audience,
    algorithms: auth.algorithms,
    clockTolerance: auth.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub'],
  };
  return async function verify(token: string): Promise<Principal> {
    let payload: unknown;
    try {
      // Overloads differ only in the key's type; both accept the same options.
      payload = (typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options)).payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new AuthError('The token has expired.');
      if (err instanceof errors.JWTClaimValidationFailed) throw new AuthError(`The token's "${err.claim}" claim is not accepted.`);
      if (err instanceof errors.JOSEAlgNotAllowed) throw new AuthError('The token is signed with an algorithm this service does not accept.');
      if (err instanceof errors.JWSSignatureVerificationFailed) throw new AuthError('The token signature is not valid.');
      throw new AuthError('The token is not valid.');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new AuthError('The token lacks the claims this service needs (sub, org as a uuid, roles).');
    return claims.data;
  };
}
