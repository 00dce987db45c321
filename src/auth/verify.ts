import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ConfigError, type Config } from '../config.js';
import { HttpProblem } from '../http/problem.js';
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

type Key = KeyObject | JWTVerifyGetKey;

/** The identity provider's key set cannot be fetched: the service's problem, not the caller's token. */
class KeysUnavailable extends Error {}

/**
 * The remote key set, with its failures told apart: a token whose `kid` is not in the set is the caller's problem
 * (401); an unreachable, failing or garbled JWKS endpoint is ours (503). Before, an outage of the identity provider
 * answered every caller "The token is not valid.", which makes clients throw away good tokens.
 */
function remoteKeys(url: string): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (err) {
      const fetching =
        err instanceof errors.JWKSTimeout ||
        err instanceof errors.JWKSInvalid ||
        // jose throws its base class for a non-200 answer or a body that is not JSON; fetch() throws TypeError.
        (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC') ||
        !(err instanceof errors.JOSEError);
      throw fetching ? new KeysUnavailable('The JSON Web Key Set could not be fetched.', { cause: err }) : err;
    }
  };
}

/** AUTH_PUBLIC_KEY as PEM (SPKI or certificate; `\n` escapes allowed) or as a JWK; a bad key names the variable. */
function publicKeyFrom(value: string): KeyObject {
  const text = value.trim();
  try {
    return text.startsWith('{')
      ? createPublicKey({ key: JSON.parse(text) as import('node:crypto').JsonWebKey, format: 'jwk' })
      : createPublicKey(text.replace(/\\n/g, '\n'));
  } catch {
    // Before, the raw crypto error ("DECODER routines::unsupported") stopped the start without naming the variable.
    throw new ConfigError([{ variable: 'AUTH_PUBLIC_KEY', message: 'is not a public key (PEM or JWK)' }]);
  }
}

function keyFor(auth: Config['auth']): Key {
  switch (auth.mode) {
    case 'jwks':
      return remoteKeys(auth.jwksUrl);
    case 'public-key':
      return publicKeyFrom(auth.publicKey);
    case 'dev-secret':
      // A KeyObject, not the secret's bytes: jose keeps the key it derives from a KeyObject, and imported raw bytes
      // anew on every request (1–2 % of the inbox's time under load).
      return createSecretKey(Buffer.from(auth.secret, 'utf8'));
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
      if (err instanceof KeysUnavailable) throw new HttpProblem('service-unavailable', 'The identity provider’s keys cannot be fetched; try again shortly.');
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
