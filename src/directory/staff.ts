import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { ROLE_KINDS, SYSTEM_ONLY_ROLES, type Caller, type Role } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { apiClients, organisations, staff, units } from '../db/schema/index.js';
import type { OrganisationKind } from '../db/schema/kinds.js';
import { listPage, twoStrings } from '../http/pagination.js';
import { assertIfMatch, type Precondition } from '../http/preconditions.js';
import { conflict, notFound, unprocessable, type FieldError } from '../http/problem.js';
import { after, iso, startsWithCi } from '../http/sql-helpers.js';
import { visibleStaff } from './access.js';
import type { createStaffBody, listStaffQuery, updateStaffBody } from './schemas.js';

// The staff register: the people whose tokens the API honours (src/auth/caller.ts binds a token's `sub` to a row
// here). After a write the caller binding of that id is forgotten by the route, so a change holds at once.

type Row = typeof staff.$inferSelect;
export const staffDto = (r: Row) => ({ ...r, roles: r.roles as Role[], createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

/**
 * The roles a staff member of an organisation of `kind` can use, as the binding honours them: a role the binding
 * would refuse makes every token of the person 403, so it is refused here (422) instead. Pure.
 */
export function unusableRoles(kind: OrganisationKind, roles: readonly Role[]): FieldError[] {
  return roles.flatMap((role, i) => {
    if (SYSTEM_ONLY_ROLES.includes(role)) return [{ path: `body.roles.${i}`, message: `${role} is held by registered systems (API clients), not by staff` }];
    if (!ROLE_KINDS[role].includes(kind)) return [{ path: `body.roles.${i}`, message: `${role} is not honoured for an organisation of kind ${kind}` }];
    return [];
  });
}

/** 422 unless the organisation exists, the unit and the manager are of it, and the roles can be used there. */
async function checkReferences(
  db: Db,
  s: { organisationId: string; unitId?: string | null | undefined; managerId?: string | null | undefined; roles?: readonly Role[] | undefined },
  selfId: string,
) {
  const errors: FieldError[] = [];
  const [org] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, s.organisationId));
  if (!org) errors.push({ path: 'body.organisationId', message: 'no such organisation' });
  if (s.unitId) {
    const [unit] = await db.select({ organisationId: units.organisationId }).from(units).where(eq(units.id, s.unitId));
    if (unit?.organisationId !== s.organisationId) errors.push({ path: 'body.unitId', message: 'no such unit in the staff member’s organisation' });
  }
  if (s.managerId) {
    const [manager] = await db.select({ organisationId: staff.organisationId }).from(staff).where(eq(staff.id, s.managerId));
    if (s.managerId === selfId) errors.push({ path: 'body.managerId', message: 'a staff member cannot be their own manager' });
    else if (manager?.organisationId !== s.organisationId) errors.push({ path: 'body.managerId', message: 'no such staff member in the same organisation' });
  }
  if (org && s.roles) errors.push(...unusableRoles(org.kind, s.roles));
  if (errors.length) throw unprocessable('A referenced organisation, unit or manager, or a role, does not fit.', { errors });
}

/** Registers a staff member: 409 when the id is taken, by staff or by a registered system (API client). */
export async function registerStaff(db: Db, b: z.output<typeof createStaffBody>) {
  await checkReferences(db, b, b.id);
  const [client] = await db.select({ id: apiClients.id }).from(apiClients).where(eq(apiClients.id, b.id));
  if (client) throw conflict('That id belongs to a registered API client (a system); a staff member needs the identity provider’s own subject id.');
  const [row] = await db.insert(staff).values(b).returning();
  return staffDto(row!);
}

/** Changes a staff member (never their organisation): 404 when unknown, 422 when a reference or role does not fit. */
export async function changeStaff(db: Db, id: string, b: z.output<typeof updateStaffBody>, precondition: Precondition = undefined) {
  return db.transaction(async (tx) => {
    // Locked, so that If-Match is compared with what the update changes.
    const [current] = await tx.select().from(staff).where(eq(staff.id, id)).for('update');
    if (!current) throw notFound('The staff member');
    assertIfMatch(precondition, staffDto(current));
    await checkReferences(tx, { organisationId: current.organisationId, unitId: b.unitId, managerId: b.managerId, roles: b.roles }, current.id);
    const [row] = await tx
      .update(staff)
      .set({ ...b, updatedAt: sql`now()` })
      .where(eq(staff.id, current.id))
      .returning();
    return staffDto(row!);
  });
}

/** The staff the caller may see (`visibleStaff`), by name then id; filters narrow within that, never beyond. */
export function listStaff(db: Db, caller: Caller, q: z.output<typeof listStaffQuery>) {
  return listPage<[string, string], Row, ReturnType<typeof staffDto>>(q, {
    arity: 2,
    valid: twoStrings,
    fetch: (key, take) =>
      db
        .select()
        .from(staff)
        .where(
          and(
            visibleStaff(caller),
            q.organisationId ? eq(staff.organisationId, q.organisationId) : undefined,
            q.unitId ? eq(staff.unitId, q.unitId) : undefined,
            q.managerId ? eq(staff.managerId, q.managerId) : undefined,
            q.namePrefix ? startsWithCi(staff.name, q.namePrefix) : undefined,
            after(staff.name, staff.id, key),
          ),
        )
        .orderBy(asc(staff.name), asc(staff.id))
        .limit(take),
    map: staffDto,
    keyOf: (r) => [r.name, r.id],
  });
}
