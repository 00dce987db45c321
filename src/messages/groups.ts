import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { contactGroupMembers, contactGroups, messageRecipients, organisations, staff, units } from '../db/schema/index.js';
import { assertIfMatch, type Precondition } from '../http/preconditions.js';
import { notFound, unprocessable } from '../http/problem.js';
import { keepsGroup, memberGroups, seesMembers } from './access.js';

type GroupRow = typeof contactGroups.$inferSelect;
interface GroupWithName {
  g: GroupRow;
  organisationName: string;
}
type GroupChange = { name?: string | undefined; unitIds?: string[] | undefined; serviceTypes?: GroupRow['serviceTypes'] | undefined };

const selectGroups = (db: Db) =>
  db.select({ g: contactGroups, organisationName: organisations.name }).from(contactGroups).innerJoin(organisations, eq(organisations.id, contactGroups.organisationId));

/** A contact group of any organisation (the address book is public to those who take part), or 404. */
export async function loadGroup(db: Db, id: string): Promise<GroupWithName> {
  const [row] = await selectGroups(db).where(eq(contactGroups.id, id));
  if (!row) throw notFound('The contact group');
  return row;
}

/**
 * In a write's transaction: the group the caller keeps, its row locked until the write commits, and If-Match
 * compared with the group as the caller is shown it (412 before anything is written).
 */
async function lockKeptGroup(tx: Db, caller: Caller, id: string, precondition: Precondition): Promise<GroupWithName> {
  const [row] = await selectGroups(tx).where(eq(contactGroups.id, id)).for('update', { of: contactGroups });
  if (!row || !keepsGroup(caller, row.g)) throw notFound('The contact group');
  if (precondition !== undefined) assertIfMatch(precondition, await toGroupDto(tx, caller, row));
  return row;
}

/** Is the caller a member of the group (the rule in `memberGroups`). */
export async function isMember(db: Db, caller: Caller, groupId: string): Promise<boolean> {
  const [m] = await db.select({ id: contactGroups.id }).from(contactGroups).where(and(eq(contactGroups.id, groupId), inArray(contactGroups.id, memberGroups(caller))));
  return Boolean(m);
}

/** The group as the caller is shown it: members only when it is their own organisation's. */
export async function toGroupDtos(db: Db, caller: Caller, rows: GroupWithName[]) {
  const own = rows.filter((r) => seesMembers(caller, r.g)).map((r) => r.g.id);
  const members = own.length
    ? await db.select().from(contactGroupMembers).where(inArray(contactGroupMembers.contactGroupId, own)).orderBy(asc(contactGroupMembers.staffId))
    : [];
  return rows.map(({ g, organisationName }) => ({
    id: g.id,
    organisationId: g.organisationId,
    organisationName,
    name: g.name,
    unitIds: g.unitIds,
    serviceTypes: g.serviceTypes,
    archived: g.archivedAt !== null,
    ...(own.includes(g.id) ? { memberIds: members.filter((m) => m.contactGroupId === g.id).map((m) => m.staffId) } : {}),
  }));
}
const toGroupDto = async (db: Db, caller: Caller, row: GroupWithName) => (await toGroupDtos(db, caller, [row]))[0]!;

/** A group speaks only for units of its own organisation (422 naming the others). */
async function checkUnits(db: Db, caller: Caller, unitIds: string[]) {
  if (unitIds.length === 0) return;
  const found = await db.select({ id: units.id }).from(units).where(and(inArray(units.id, unitIds), eq(units.organisationId, caller.org)));
  const missing = unitIds.filter((u) => !found.some((f) => f.id === u));
  if (missing.length) throw unprocessable('A group speaks only for units of its own organisation.', { errors: missing.map((u) => ({ path: 'body.unitIds', message: `no unit ${u} in your organisation` })) });
}

export async function listGroups(db: Db, caller: Caller, q: { organisationId?: string | undefined; serviceType?: string | undefined; includeArchived?: 'true' | 'false' | undefined }) {
  const rows = await selectGroups(db)
    .where(
      and(
        q.includeArchived === 'true' ? undefined : isNull(contactGroups.archivedAt),
        q.organisationId ? eq(contactGroups.organisationId, q.organisationId) : undefined,
        q.serviceType ? sql`${q.serviceType} = any(${contactGroups.serviceTypes})` : undefined,
      ),
    )
    .orderBy(asc(organisations.name), asc(contactGroups.name), asc(contactGroups.id))
    .limit(1000);
  return { items: await toGroupDtos(db, caller, rows) };
}

export const getGroup = async (db: Db, caller: Caller, id: string) => toGroupDto(db, caller, await loadGroup(db, id));

export async function createGroup(db: Db, caller: Caller, b: { name: string; unitIds: string[]; serviceTypes: GroupRow['serviceTypes'] }) {
  await checkUnits(db, caller, b.unitIds);
  const [g] = await db
    .insert(contactGroups)
    .values({ organisationId: caller.org, name: b.name, unitIds: [...new Set(b.unitIds)], serviceTypes: [...new Set(b.serviceTypes)], createdBy: caller.sub })
    .returning();
  return getGroup(db, caller, g!.id);
}

/** Changes only the fields named; a group never changes organisation. */
export async function updateGroup(db: Db, caller: Caller, id: string, b: GroupChange, precondition: Precondition = undefined) {
  return db.transaction(async (tx) => {
    const row = await lockKeptGroup(tx, caller, id, precondition);
    if (b.unitIds) await checkUnits(tx, caller, b.unitIds);
    const [g] = await tx
      .update(contactGroups)
      .set({
        ...(b.name ? { name: b.name } : {}),
        ...(b.unitIds ? { unitIds: [...new Set(b.unitIds)] } : {}),
        ...(b.serviceTypes ? { serviceTypes: [...new Set(b.serviceTypes)] } : {}),
        updatedAt: new Date(),
      })
      .where(eq(contactGroups.id, row.g.id))
      .returning();
    return toGroupDto(tx, caller, { g: g!, organisationName: row.organisationName });
  });
}

/** A group that has received messages is archived instead, so the messages keep their address. */
export async function deleteGroup(db: Db, caller: Caller, id: string, precondition: Precondition = undefined) {
  return db.transaction(async (tx) => {
    const { g } = await lockKeptGroup(tx, caller, id, precondition);
    const [used] = await tx.select({ id: messageRecipients.id }).from(messageRecipients).where(eq(messageRecipients.contactGroupId, g.id)).limit(1);
    if (used) {
      await tx.update(contactGroups).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(contactGroups.id, g.id));
      return { id: g.id, outcome: 'archived' as const };
    }
    await tx.delete(contactGroups).where(eq(contactGroups.id, g.id));
    return { id: g.id, outcome: 'deleted' as const };
  });
}

/** Replaces the members; they must be staff of the group's organisation (422 naming the others, nothing changed). */
export async function setMembers(db: Db, caller: Caller, id: string, staffIds: string[], precondition: Precondition = undefined) {
  return db.transaction(async (tx) => {
    const row = await lockKeptGroup(tx, caller, id, precondition);
    const ids = [...new Set(staffIds)];
    if (ids.length) {
      const found = await tx.select({ id: staff.id }).from(staff).where(and(inArray(staff.id, ids), eq(staff.organisationId, row.g.organisationId)));
      const missing = ids.filter((s) => !found.some((f) => f.id === s));
      if (missing.length) throw unprocessable('Members must be staff of the group’s organisation.', { errors: missing.map((s) => ({ path: 'body.staffIds', message: `no staff member ${s} in your organisation` })) });
    }
    await tx.delete(contactGroupMembers).where(eq(contactGroupMembers.contactGroupId, row.g.id));
    if (ids.length) await tx.insert(contactGroupMembers).values(ids.map((staffId) => ({ contactGroupId: row.g.id, staffId })));
    return toGroupDto(tx, caller, row);
  });
}
