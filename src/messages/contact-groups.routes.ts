import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requireRole } from '../auth/plugin.js';
import type { Principal } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { contactGroupMembers, contactGroups, messageRecipients, organisations, staff, units } from '../db/schema/index.js';
import { notFound, problemResponses, unprocessable } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { createContactGroupBody, contactGroupSchema, listContactGroupsQuery, membersBody, updateContactGroupBody } from './schemas.js';

type GroupRow = typeof contactGroups.$inferSelect;

/** Members are the group's own organisation's business; the address book shows names and what a group receives. */
export async function toGroupDto(db: Db, p: Principal, g: GroupRow, organisationName: string) {
  const own = g.organisationId === p.org;
  const memberIds = own
    ? (await db.select({ id: contactGroupMembers.staffId }).from(contactGroupMembers).where(eq(contactGroupMembers.contactGroupId, g.id)).orderBy(asc(contactGroupMembers.staffId))).map((m) => m.id)
    : undefined;
  return {
    id: g.id,
    organisationId: g.organisationId,
    organisationName,
    name: g.name,
    unitIds: g.unitIds,
    serviceTypes: g.serviceTypes,
    archived: g.archivedAt !== null,
    ...(memberIds ? { memberIds } : {}),
  };
}

async function loadGroup(db: Db, id: string) {
  const [row] = await db
    .select({ g: contactGroups, organisationName: organisations.name })
    .from(contactGroups)
    .innerJoin(organisations, eq(organisations.id, contactGroups.organisationId))
    .where(eq(contactGroups.id, id));
  if (!row) throw notFound('The contact group');
  return row;
}

/** Only the organisation's own IT contact (IT-kontaktperson) maintains its groups; others are told it is not there. */
async function loadOwnGroup(db: Db, p: Principal, id: string) {
  const row = await loadGroup(db, id);
  if (row.g.organisationId !== p.org) throw notFound('The contact group');
  return row;
}

async function checkUnits(db: Db, p: Principal, unitIds: string[]) {
  if (unitIds.length === 0) return;
  const found = await db.select({ id: units.id }).from(units).where(and(inArray(units.id, unitIds), eq(units.organisationId, p.org)));
  const missing = unitIds.filter((u) => !found.some((f) => f.id === u));
  if (missing.length) throw unprocessable('A group speaks only for units of its own organisation.', { errors: missing.map((u) => ({ path: 'body.unitIds', message: `no unit ${u} in your organisation` })) });
}

export const contactGroupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['contact groups'], security: [{ bearerAuth: [] }] };

  app.post(
    '/contact-groups',
    {
      schema: {
        ...common,
        operationId: 'createContactGroup',
        summary: 'Create a contact group (kontaktgrupp / sändlista) of your organisation (it_contact)',
        body: createContactGroupBody,
        response: { 201: contactGroupSchema, ...problemResponses(400, 401, 403, 415, 422) },
      },
    },
    async (request, reply) => {
      const p = requireRole(request, 'it_contact');
      const b = request.body;
      await checkUnits(db, p, b.unitIds);
      const [g] = await db
        .insert(contactGroups)
        .values({ organisationId: p.org, name: b.name, unitIds: [...new Set(b.unitIds)], serviceTypes: [...new Set(b.serviceTypes)], createdBy: p.sub })
        .returning();
      const { organisationName } = await loadGroup(db, g!.id);
      return reply.code(201).send(await toGroupDto(db, p, g!, organisationName));
    },
  );

  app.get(
    '/contact-groups',
    {
      schema: {
        ...common,
        operationId: 'listContactGroups',
        summary: 'The address book: contact groups of every organisation (members only for your own)',
        querystring: listContactGroupsQuery,
        response: { 200: z.object({ items: z.array(contactGroupSchema) }), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const q = request.query;
      const rows = await db
        .select({ g: contactGroups, organisationName: organisations.name })
        .from(contactGroups)
        .innerJoin(organisations, eq(organisations.id, contactGroups.organisationId))
        .where(
          and(
            q.includeArchived === 'true' ? undefined : isNull(contactGroups.archivedAt),
            q.organisationId ? eq(contactGroups.organisationId, q.organisationId) : undefined,
            q.serviceType ? sql`${q.serviceType} = any(${contactGroups.serviceTypes})` : undefined,
          ),
        )
        .orderBy(asc(organisations.name), asc(contactGroups.name), asc(contactGroups.id))
        .limit(1000);
      return { items: await Promise.all(rows.map((r) => toGroupDto(db, p, r.g, r.organisationName))) };
    },
  );

  app.get(
    '/contact-groups/:id',
    {
      schema: {
        ...common,
        operationId: 'getContactGroup',
        summary: 'Read a contact group (members only for your own organisation)',
        params: idParams,
        response: { 200: contactGroupSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const row = await loadGroup(db, request.params.id);
      return toGroupDto(db, p, row.g, row.organisationName);
    },
  );

  app.patch(
    '/contact-groups/:id',
    {
      schema: {
        ...common,
        operationId: 'updateContactGroup',
        summary: 'Change your organisation’s contact group (it_contact)',
        params: idParams,
        body: updateContactGroupBody,
        response: { 200: contactGroupSchema, ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => {
      const p = requireRole(request, 'it_contact');
      const row = await loadOwnGroup(db, p, request.params.id);
      const b = request.body;
      if (b.unitIds) await checkUnits(db, p, b.unitIds);
      const [g] = await db
        .update(contactGroups)
        .set({
          ...(b.name ? { name: b.name } : {}),
          ...(b.unitIds ? { unitIds: [...new Set(b.unitIds)] } : {}),
          ...(b.serviceTypes ? { serviceTypes: [...new Set(b.serviceTypes)] } : {}),
          updatedAt: new Date(),
        })
        .where(eq(contactGroups.id, row.g.id))
        .returning();
      return toGroupDto(db, p, g!, row.organisationName);
    },
  );

  app.delete(
    '/contact-groups/:id',
    {
      schema: {
        ...common,
        operationId: 'deleteContactGroup',
        summary: 'Delete your organisation’s contact group; one that has received messages is archived instead (it_contact)',
        params: idParams,
        response: { 200: z.object({ id: z.uuid(), outcome: z.enum(['deleted', 'archived']) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const p = requireRole(request, 'it_contact');
      const row = await loadOwnGroup(db, p, request.params.id);
      return db.transaction(async (tx) => {
        const [used] = await tx.select({ id: messageRecipients.id }).from(messageRecipients).where(eq(messageRecipients.contactGroupId, row.g.id)).limit(1);
        if (used) {
          await tx.update(contactGroups).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(contactGroups.id, row.g.id));
          return { id: row.g.id, outcome: 'archived' as const };
        }
        await tx.delete(contactGroups).where(eq(contactGroups.id, row.g.id));
        return { id: row.g.id, outcome: 'deleted' as const };
      });
    },
  );

  app.put(
    '/contact-groups/:id/members',
    {
      schema: {
        ...common,
        operationId: 'setContactGroupMembers',
        summary: 'Set the members of your organisation’s contact group (it_contact)',
        description: 'Members are staff of the group’s organisation. The list replaces the current members.',
        params: idParams,
        body: membersBody,
        response: { 200: contactGroupSchema, ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => {
      const p = requireRole(request, 'it_contact');
      const row = await loadOwnGroup(db, p, request.params.id);
      const ids = [...new Set(request.body.staffIds)];
      if (ids.length) {
        const found = await db.select({ id: staff.id }).from(staff).where(and(inArray(staff.id, ids), eq(staff.organisationId, p.org)));
        const missing = ids.filter((id) => !found.some((f) => f.id === id));
        if (missing.length) throw unprocessable('Members must be staff of the group’s organisation.', { errors: missing.map((id) => ({ path: 'body.staffIds', message: `no staff member ${id} in your organisation` })) });
      }
      await db.transaction(async (tx) => {
        await tx.delete(contactGroupMembers).where(eq(contactGroupMembers.contactGroupId, row.g.id));
        if (ids.length) await tx.insert(contactGroupMembers).values(ids.map((staffId) => ({ contactGroupId: row.g.id, staffId })));
      });
      return toGroupDto(db, p, row.g, row.organisationName);
    },
  );
};

/**
 * (decision) Only members watch and acknowledge for a group: a message is read by its sender, its staff recipients
 * and the members of its recipient groups, no one else (not a manager or IT contact by role), so the watch list
 * follows the same rule. A manager who watches is made a member by the IT contact.
 */
export async function isMember(db: Db, p: Principal, group: GroupRow): Promise<boolean> {
  if (group.organisationId !== p.org) return false;
  const [m] = await db
    .select({ id: contactGroupMembers.staffId })
    .from(contactGroupMembers)
    .where(and(eq(contactGroupMembers.contactGroupId, group.id), eq(contactGroupMembers.staffId, p.sub)));
  return Boolean(m);
}

export { loadGroup };
