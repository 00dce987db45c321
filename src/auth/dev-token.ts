import { SignJWT } from 'jose';
import type { Config } from '../config.js';
import type { Role } from './roles.js';

/** Mints an HS256 token with the development secret (only for dev-secret mode: demo, tests, `npm run token`). */
export async function mintDevToken(
  auth: Config['auth'],
  claims: { sub: string; org: string; roles: Role[] },
  expiresIn: string | number = '8h',
): Promise<string> {
  if (auth.mode !== 'dev-secret') throw new Error('Dev tokens need AUTH_DEV_SECRET mode (no AUTH_JWKS_URL or AUTH_PUBLIC_KEY).');
  return new SignJWT({ org: claims.org, roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(auth.secret));
}
