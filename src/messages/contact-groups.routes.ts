import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { etagOf } from '../http/preconditions.js';
import { problemResponses } from '../http/problem.js';
import { idParams } from '../http/schemas.js';
import { GROUP_KEEPERS, MESSAGE_READERS } from './access.js';
import { createGroup, deleteGroup, getGroup, listGroups, setMembers, updateGroup } from './groups.js';
import { createContactGroupBody, contactGroupSchema, listContactGroupsQuery, membersBody, updateContactGroupBody } from './schemas.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

/** Kontaktgrupper: the address book everyone who takes part reads, kept by each organisation's IT contact. */
export const contactGroupRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['contact groups'], security: [{ bearerAuth: [] }] };

  app.post(
    '/contact-groups',
    {
      config: { access: GROUP_KEEPERS, idempotent: true },
      schema: {
        ...common,
        operationId: 'createContactGroup',
        summary: 'Create a contact group (kontaktgrupp / sändlista) of your organisation (it_contact)',
        description: 'A group speaks for some of your units and services (insatser); others find it when they must inform whoever performs those services for an individual. Members are set with PUT …/members.',
        body: withExample(createContactGroupBody, ex.createContactGroupExample),
        response: { 201: answer('The contact group created (no members yet)', contactGroupSchema, { ...ex.contactGroupExample, memberIds: [] }), ...problemResponses(400, 401, 403, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createGroup(db, request.caller, request.body)),
  );

  app.get(
    '/contact-groups',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        ...common,
        operationId: 'listContactGroups',
        summary: 'The address book: contact groups of every organisation (members only for your own)',
        description: 'Filter by `organisationId` or `serviceType`; archived groups only with `includeArchived=true`.',
        querystring: listContactGroupsQuery,
        response: {
          200: answer('The contact groups', z.object({ items: z.array(contactGroupSchema) }), { items: [ex.contactGroupExample, ex.nightGroupExample] }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listGroups(db, request.caller, request.query),
  );

  app.get(
    '/contact-groups/:id',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        ...common,
        operationId: 'getContactGroup',
        summary: 'Read a contact group (members only for your own organisation)',
        description: 'One contact group by id; `memberIds` only for your own organisation’s groups.',
        params: idParams,
        response: { 200: answer('The contact group', contactGroupSchema, ex.contactGroupExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const group = await getGroup(db, request.caller, request.params.id);
      return reply.header('etag', etagOf(group)).send(group);
    },
  );

  app.patch(
    '/contact-groups/:id',
    {
      config: { access: GROUP_KEEPERS, ifMatch: true },
      schema: {
        ...common,
        operationId: 'updateContactGroup',
        summary: 'Change your organisation’s contact group (it_contact)',
        description: 'Another organisation’s group is 404.',
        params: idParams,
        body: withExample(updateContactGroupBody, ex.updateContactGroupExample),
        response: { 200: answer('The contact group as changed', contactGroupSchema, { ...ex.contactGroupExample, name: 'Omsorg Väst Centrum – kvällslaget' }), ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const group = await updateGroup(db, request.caller, request.params.id, request.body, request.ifMatch);
      return reply.header('etag', etagOf(group)).send(group);
    },
  );

  app.delete(
    '/contact-groups/:id',
    {
      config: { access: GROUP_KEEPERS, ifMatch: true },
      schema: {
        ...common,
        operationId: 'deleteContactGroup',
        summary: 'Delete your organisation’s contact group; one that has received messages is archived instead (it_contact)',
        description: 'Another organisation’s group is 404.',
        params: idParams,
        response: {
          200: answer('Deleted, or archived when it has received messages', z.object({ id: z.uuid(), outcome: z.enum(['deleted', 'archived']) }), { id: ex.contactGroupExample.id, outcome: 'archived' }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => deleteGroup(db, request.caller, request.params.id, request.ifMatch),
  );

  app.put(
    '/contact-groups/:id/members',
    {
      config: { access: GROUP_KEEPERS, ifMatch: true },
      schema: {
        ...common,
        operationId: 'setContactGroupMembers',
        summary: 'Set the members of your organisation’s contact group (it_contact)',
        description: 'Members are staff of the group’s organisation. The list replaces the current members. Another organisation’s group is 404.',
        params: idParams,
        body: withExample(membersBody, ex.membersExample),
        response: { 200: answer('The contact group with its new members', contactGroupSchema, ex.contactGroupExample), ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request, reply) => {
      const group = await setMembers(db, request.caller, request.params.id, request.body.staffIds, request.ifMatch);
      return reply.header('etag', etagOf(group)).send(group);
    },
  );
};
