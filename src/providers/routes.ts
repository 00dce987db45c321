import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { csvColumns, csvDialectOf, sendCsv } from '../http/csv.js';
import { page } from '../http/pagination.js';
import { problemResponses } from '../http/problem.js';
import { serviceAssignmentSchema } from '../individuals/schemas.js';
import { providerGrants as grants } from './access.js';
import { availabilityOf, capacityHistory, listProviders, setCapacity } from './capacity.js';
import {
  assignEntryBody,
  assignmentParams,
  availabilitySchema,
  capacitySettingSchema,
  dueSchema,
  entryParams,
  entrySchema,
  entryWithEventsSchema,
  listEntriesQuery,
  listProvidersQuery,
  newAssignmentSchema,
  newAssignmentsQuery,
  providerParams,
  reasonBody,
  registerEntryBody,
  setCapacityBody,
  startStepBody,
} from './schemas.js';
import { listNewAssignments, recordStartStep } from './starts.js';
import { assignFromEntry, closeEntry, dueOf, listEntries, notifyFirst, readEntry, registerEntry, type EntryDto } from './waiting-list.js';
import { answer, withExample } from '../http/openapi-docs.js';
import * as ex from './examples.js';

const VISIBILITY = 'The list is the provider’s and the individual’s district’s: a district sees its own individuals’ entries; anyone else gets 404.';
const entriesCsv = csvColumns<EntryDto>([
  { name: 'position', kind: 'integer', value: (e) => e.position },
  { name: 'registeredOn', value: (e) => e.registeredOn },
  { name: 'status', value: (e) => e.status },
  { name: 'individualId', value: (e) => e.individualId },
  { name: 'individualName', value: (e) => e.individualName },
  { name: 'districtId', value: (e) => e.districtId },
  { name: 'via', value: (e) => e.via },
  { name: 'registeredBy', value: (e) => e.registeredBy },
  { name: 'closedReason', value: (e) => e.closedReason },
  { name: 'entryId', value: (e) => e.id },
]);

/** Choosing a provider: capacity caps and areas, availability, waiting lists (kö) and the start of new assignments. */
export const providerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['choosing a provider'], security: [{ bearerAuth: [] }] };

  app.put(
    '/providers/:organisationId/capacity',
    {
      config: { access: grants.setProviderCapacity },
      schema: {
        ...common,
        operationId: 'setProviderCapacity',
        summary: 'Set the areas a private provider is selectable in and its capacity cap, from a day on (its manager, admin)',
        description:
          'Kept with history (who, when, from which day); the past is not rewritten (validFrom today or later). Lowering the cap below what the provider carries is allowed and makes it not selectable. Answers the availability on the day the setting takes effect.',
        params: providerParams,
        body: withExample(setCapacityBody, ex.setCapacityExample),
        response: { 200: answer('The provider’s availability under the new setting', availabilitySchema, ex.availabilityExample), ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => setCapacity(db, request.caller, request.params.organisationId, request.body),
  );

  app.get(
    '/providers/:organisationId/capacity',
    {
      config: { access: grants.getProviderCapacityHistory },
      schema: {
        ...common,
        operationId: 'getProviderCapacityHistory',
        summary: 'Every setting of areas and cap a provider has made, oldest first',
        description: 'The history of the provider’s areas and kapacitetstak, each from its `validFrom`; who set it and when.',
        params: providerParams,
        response: { 200: answer('The settings, oldest first', z.object({ items: z.array(capacitySettingSchema) }), ex.capacityHistoryExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await capacityHistory(db, request.caller, request.params.organisationId) }),
  );

  app.get(
    '/providers/:organisationId/availability',
    {
      config: { access: grants.getProviderAvailability },
      schema: {
        ...common,
        operationId: 'getProviderAvailability',
        summary: 'Is the provider selectable now: granted hours carried, its cap, its areas',
        description: 'The figures (carried, cap, waiting) are for the provider itself and the city (districts, contract unit); others see selectable and the areas. `waitingListDue` tells the provider it is selectable with people waiting.',
        params: providerParams,
        response: { 200: answer('The provider’s availability today', availabilitySchema, ex.availabilityExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => availabilityOf(db, request.caller, request.params.organisationId),
  );

  app.get(
    '/providers',
    {
      config: { access: grants.listProviders },
      schema: {
        ...common,
        operationId: 'listProviders',
        summary: 'Private providers, e.g. those an individual in an area can choose now (areaCode, selectable=true)',
        description: 'What the city’s comparison service reads. By name.',
        querystring: listProvidersQuery,
        response: { 200: answer('The providers, by name', z.object({ items: z.array(availabilitySchema) }), { items: [ex.availabilityExample, ex.otherProviderExample] }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({
      items: await listProviders(db, request.caller, { areaCode: request.query.areaCode, selectable: request.query.selectable === undefined ? undefined : request.query.selectable === 'true' }),
    }),
  );

  app.post(
    '/providers/:organisationId/waiting-list',
    {
      config: { access: grants.registerWaitingListEntry, idempotent: true },
      schema: {
        ...common,
        operationId: 'registerWaitingListEntry',
        summary: 'Put an individual on a provider’s waiting list (case worker with consent, or the provider on contact)',
        description:
          'A case worker of the individual’s district registers with the individual’s recorded consent (`consentId`), dated today, and the provider’s managers get a message. The provider registers that the individual contacted it (`personalIdentityNumber`, `contactedOn`). 422 when the provider is not in the individual’s area; 409 when it is selectable and nobody waits, or the individual already waits there. Audit-logged.',
        params: providerParams,
        body: withExample(registerEntryBody, ex.registerEntryExample),
        response: { 201: answer('The entry, waiting, with its place in the queue', entryWithEventsSchema, ex.entryExample), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await registerEntry(db, request, request.caller, request.params.organisationId, request.body)),
  );

  app.get(
    '/providers/:organisationId/waiting-list',
    {
      config: { access: grants.listWaitingList },
      schema: {
        ...common,
        operationId: 'listWaitingList',
        summary: 'The provider’s waiting list, first come first served (registeredOn, then order of registration)',
        description: `${VISIBILITY} Each listed entry is audit-logged. \`Accept: text/csv\` (or \`?format=csv\`) returns the page as CSV (next cursor in x-next-cursor); \`csvDialect=excel-sv\` for a spreadsheet set to Swedish.`,
        params: providerParams,
        querystring: listEntriesQuery,
        response: {
          200: { description: 'The page as JSON, or as CSV with Accept: text/csv', content: {
              'application/json': { schema: withExample(page(entrySchema), ex.waitingListExample) },
              'text/csv': { schema: withExample(z.string(), ex.waitingListCsvExample) },
            },
          },
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const result = await listEntries(db, request.caller, request.params.organisationId, request.query);
      await recordAudit(db, request, request.caller, result.items.map((e) => ({ action: 'list' as const, individualId: e.individualId, resourceType: 'waiting_list_entry', resourceId: e.id })));
      const dialect = csvDialectOf(request);
      if (!dialect) return result;
      if (result.nextCursor) reply.header('x-next-cursor', result.nextCursor);
      return sendCsv(reply, entriesCsv.table(result.items), dialect);
    },
  );

  app.get(
    '/providers/:organisationId/waiting-list/due',
    {
      config: { access: grants.getWaitingListDue },
      schema: {
        ...common,
        operationId: 'getWaitingListDue',
        summary: 'Has the provider become selectable with people waiting? (its manager)',
        description: 'For the provider’s manager to poll: `due` when the provider is selectable and someone waits; then POST …/notify-first.',
        params: providerParams,
        response: { 200: answer('Whether to notify the first in the queue', dueSchema, ex.dueExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => dueOf(db, request.caller, request.params.organisationId),
  );

  app.post(
    '/providers/:organisationId/waiting-list/notify-first',
    {
      config: { access: grants.notifyFirstOnWaitingList },
      schema: {
        ...common,
        operationId: 'notifyFirstOnWaitingList',
        summary: 'Tell the district who stands first, now that the provider is selectable (its manager)',
        description: 'Sends a message to the case workers of the first waiting individual’s district and marks the entry offered. 409 when the provider is not selectable or nobody waits.',
        params: providerParams,
        response: { 200: answer('The first entry, now offered', entryWithEventsSchema, ex.offeredEntryExample), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => notifyFirst(db, request, request.caller, request.params.organisationId),
  );

  app.get(
    '/providers/:organisationId/waiting-list/:entryId',
    {
      config: { access: grants.getWaitingListEntry },
      schema: {
        ...common,
        operationId: 'getWaitingListEntry',
        summary: 'One waiting-list entry with its events (who did what, when)',
        description: `${VISIBILITY} Audit-logged.`,
        params: entryParams,
        response: { 200: answer('The entry with its events', entryWithEventsSchema, ex.entryExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const entry = await readEntry(db, request.caller, request.params.organisationId, request.params.entryId);
      await recordAudit(db, request, request.caller, { action: 'read', individualId: entry.individualId, resourceType: 'waiting_list_entry', resourceId: entry.id });
      return entry;
    },
  );

  app.post(
    '/providers/:organisationId/waiting-list/:entryId/assign',
    {
      config: { access: grants.assignFromWaitingList, idempotent: true },
      schema: {
        ...common,
        operationId: 'assignFromWaitingList',
        summary: 'Send the home-care assignment to the provider for a waiting individual (case worker of the district)',
        description:
          'Creates the home-care assignment within the cap, atomically (409 capacity-reached otherwise), closes the entry as assigned and the individual’s entries at other providers as assigned-elsewhere. Only the entry offered or the one standing first (409 otherwise).',
        params: entryParams,
        body: withExample(assignEntryBody, ex.assignEntryExample),
        response: {
          200: answer('The entry, assigned, and the home-care assignment sent to the provider', z.object({ entry: entryWithEventsSchema, assignment: serviceAssignmentSchema }), ex.assignedExample), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => assignFromEntry(db, request, request.caller, request.params.organisationId, request.params.entryId, request.body),
  );

  for (const [how, operationId, summary] of [
    ['declined', 'declineWaitingListEntry', 'The individual no longer wants the provider: close the entry (case worker of the district)'],
    ['withdrawn', 'withdrawWaitingListEntry', 'The individual leaves the list: close the entry (the provider, or a case worker of the district)'],
  ] as const) {
    app.post(
      `/providers/:organisationId/waiting-list/:entryId/${how === 'declined' ? 'decline' : 'withdraw'}`,
      {
        config: { access: grants[operationId] },
        schema: {
          ...common,
          operationId,
          summary,
          description: 'The entry stays, closed, with the reason and an event. 409 when it is not open.',
          params: entryParams,
          body: withExample(reasonBody, ex.closeEntryExample),
          response: {
            200: answer(`The entry, closed as ${how}`, entryWithEventsSchema, { ...ex.closedEntryExample, status: how, events: ex.closedEntryExample.events.map((e) => (e.event === 'withdrawn' ? { ...e, event: how } : e)) }), ...problemResponses(400, 401, 403, 404, 409, 415) },
        },
      },
      async (request) => closeEntry(db, request, request.caller, request.params.organisationId, request.params.entryId, how, request.body.reason),
    );
  }

  app.get(
    '/new-assignments',
    {
      config: { access: grants.listNewAssignments },
      schema: {
        ...common,
        operationId: 'listNewAssignments',
        summary: 'New home-care assignments with their start deadlines (the provider’s; a district’s individuals’)',
        description:
          'Start within 24 hours of receipt when the need requires it; otherwise contact the individual on the next weekday (Monday–Friday, not a Swedish public holiday nor Midsummer, Christmas or New Year’s eve) to agree the first visit. `overdue=true` lists those past their deadline. By deadline. Audit-logged.',
        querystring: newAssignmentsQuery,
        response: { 200: answer('The new assignments, earliest deadline first', z.object({ items: z.array(newAssignmentSchema) }), { items: [ex.newAssignmentExample] }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await listNewAssignments(db, request.caller, { organisationId: q.organisationId, overdue: q.overdue === 'true', receivedFrom: q.receivedFrom });
      await recordAudit(db, request, request.caller, items.map((i) => ({ action: 'list' as const, individualId: i.individualId, resourceType: 'assignment_start', resourceId: i.assignmentId })));
      return { items };
    },
  );

  for (const [step, operationId, summary] of [
    ['contact', 'recordFirstContact', 'Record the first contact with the individual of a new assignment (the provider)'],
    ['visit', 'recordFirstVisit', 'Record the first visit of a new assignment (the provider)'],
  ] as const) {
    app.post(
      `/providers/:organisationId/new-assignments/:assignmentId/first-${step}`,
      {
        config: { access: grants[operationId] },
        schema: {
          ...common,
          operationId,
          summary,
          description: 'Once (409 after). Not before receipt nor in the future (422). Audit-logged.',
          params: assignmentParams,
          body: withExample(startStepBody, ex.startStepExample),
          response: {
            200: answer(`The assignment with its first ${step} recorded`, newAssignmentSchema, step === 'contact' ? ex.contactedExample : ex.visitedExample), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
        },
      },
      async (request) => recordStartStep(db, request, request.caller, request.params.organisationId, request.params.assignmentId, step, request.body.at ? new Date(request.body.at) : new Date()),
    );
  }
};
