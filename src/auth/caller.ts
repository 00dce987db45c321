import { and, eq, isNull } from 'drizzle-orm';
import { localDate } from '../calendar/local-date.js';
import type { Db } from '../db/client.js';
import { apiClients, organisations, staff } from '../db/schema/index.js';
import type { OrganisationKind } from '../db/schema/kinds.js';
import { HttpProblem } from '../http/problem.js';
import { CLIENT_ROLES, ROLE_KINDS, SYSTEM_ONLY_ROLES, type Caller, type Principal, type Role } from './roles.js';

/** What the directory says of a token's `sub`: a staff member or a registered API client, and its organisation. */
export interface Identity {
  type: 'staff' | 'client';
  organisationId: string;
  organisationKind: OrganisationKind;
  /** Staff: the last day in the organisation (delegations lapse after it; the token is refused after it). */
  leftOn: string | null;
  /** API clients: the roles it is registered for. */
  clientRoles: readonly Role[] | null;
  /** Staff: the roles the directory gives the person; a token may claim these and no others. */
  staffRoles?: readonly string[];
}

const refuse = (detail: string) => new HttpProblem('forbidden', detail);

/**
 * The pure binding rule: the token's `sub` must be somebody of the token's `org`, and every role it claims must be
 * honoured there and given to that somebody by the directory (staff roles, or the client's registration). Refusals name what is wrong, never whom else the id belongs to.
 */
export function bindCaller(p: Principal, who: Identity | undefined, today: string): Caller {
  if (!who) throw refuse('The token’s subject is neither a staff member nor a registered API client of this service.');
  if (who.organisationId !== p.org) throw refuse('The token’s subject does not belong to the organisation in its "org" claim.');
  if (who.type === 'staff' && who.leftOn !== null && who.leftOn < today) throw refuse('The staff member has left the organisation.');
  for (const role of p.roles) {
    if (who.type === 'staff' && SYSTEM_ONLY_ROLES.includes(role)) throw refuse(`The role ${role} is held by registered systems (API clients), not by staff.`);
    if (who.type === 'client' && !(CLIENT_ROLES as readonly Role[]).includes(role)) throw refuse(`An API client may hold only ${CLIENT_ROLES.join(', ')}; the token claims ${role}.`);
    if (who.type === 'client' && !who.clientRoles!.includes(role)) throw refuse(`The API client is not registered for the role ${role}.`);
    if (who.type === 'staff' && who.staffRoles && !who.staffRoles.includes(role)) throw refuse(`The directory does not give this staff member the role ${role}.`);
    if (!ROLE_KINDS[role].includes(who.organisationKind)) {
      throw refuse(`The role ${role} is not honoured for an organisation of kind ${who.organisationKind} (only ${ROLE_KINDS[role].join(', ')}).`);
    }
  }
  return { sub: p.sub, org: p.org, roles: p.roles, type: who.type, organisationKind: who.organisationKind };
}

/** Looks the `sub` up: an API client not revoked, else a staff member (one query each, both by primary key). */
export async function findIdentity(db: Db, sub: string): Promise<Identity | undefined> {
  const [client] = await db
    .select({ organisationId: apiClients.organisationId, kind: organisations.kind, roles: apiClients.roles })
    .from(apiClients)
    .innerJoin(organisations, eq(organisations.id, apiClients.organisationId))
    .where(and(eq(apiClients.id, sub), isNull(apiClients.revokedAt)));
  if (client) return { type: 'client', organisationId: client.organisationId, organisationKind: client.kind, leftOn: null, clientRoles: client.roles as Role[] };
  const [person] = await db
    .select({ organisationId: staff.organisationId, kind: organisations.kind, leftOn: staff.leftOn, roles: staff.roles })
    .from(staff)
    .innerJoin(organisations, eq(organisations.id, staff.organisationId))
    .where(eq(staff.id, sub));
  if (person) return { type: 'staff', organisationId: person.organisationId, organisationKind: person.kind, leftOn: person.leftOn, clientRoles: null, staffRoles: person.roles };
  return undefined;
}

/**
 * Binds verified tokens to the directory, with a brief cache: a lookup per request would double the cost of the
 * cheapest reads. Writes to staff and API clients in this process clear it at once; other instances within `ttlMs`.
 */
export function createCallerBinder(db: Db, ttlMs: number, maxEntries = 10_000) {
  const cache = new Map<string, { who: Identity | undefined; until: number }>();
  return {
    async bind(p: Principal, now = Date.now()): Promise<Caller> {
      let hit = cache.get(p.sub);
      if (!hit || hit.until <= now) {
        hit = { who: await findIdentity(db, p.sub), until: now + ttlMs };
        if (ttlMs > 0) {
          if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
          cache.set(p.sub, hit);
        }
      }
      return bindCaller(p, hit.who, localDate(new Date(now)));
    },
    /** After a write to staff or API clients. */
    forget(sub?: string) {
      if (sub === undefined) cache.clear();
      else cache.delete(sub);
    },
  };
}
export type CallerBinder = ReturnType<typeof createCallerBinder>;
