import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { csvDialectOf, sendCsv, type CsvTable } from '../http/csv.js';
import { answer, withExample } from '../http/openapi-docs.js';
import { page } from '../http/pagination.js';
import { problemResponses } from '../http/problem.js';
import { defaultProviderGrants as grants } from './access.js';
import { allocate } from './allocate.js';
import * as ex from './examples.js';
import { listAllocations, type AllocationDto } from './reads.js';
import { allocateBody, allocateResponse, allocationSchema, createPolicyBody, listAllocationsQuery, listPoliciesQuery, participationBody, policySchema, providerParams, qualificationBody, standingSchema } from './schemas.js';
import { createPolicy, listPolicies, recordQualification, setParticipation, standingOf } from './standing.js';

/** One line per allocation, then one per provider skipped in it: the record of likabehandling. */
const allocationsCsv = (items: AllocationDto[]): CsvTable => ({
  columns: ['seq', 'allocatedAt', 'areaCode', 'event', 'position', 'organisationId', 'organisationName', 'outcome', 'reason', 'detail', 'individualId', 'startDate', 'policyValidFrom', 'requestedBy', 'allocationId'],
  kinds: ['integer', 'text', 'text', 'text', 'integer', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'],
  rows: items.flatMap((a) => [
    [a.seq, a.allocatedAt, a.areaCode, 'allocated', null, a.organisationId, a.organisationName, a.outcome, null, null, a.individualId, a.startDate, a.policyValidFrom, a.requestedBy, a.id],
    ...a.skipped.map((s) => [a.seq, a.allocatedAt, a.areaCode, 'skipped', s.position, s.organisationId, s.organisationName, null, s.reason, s.detail, a.individualId, a.startDate, a.policyValidFrom, a.requestedBy, a.id]),
  ]),
});

/** Ickevalsalternativ: the default provider for an individual who cannot or will not choose (LOV 9 kap. 2 §). */
export const defaultProviderRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const common = { tags: ['default provider'], security: [{ bearerAuth: [] }] };

  app.get(
    '/default-provider/policies',
    {
      config: { access: grants.listDefaultProviderPolicies },
      schema: {
        ...common,
        operationId: 'listDefaultProviderPolicies',
        summary: 'The rules of the ickevalsalternativ, each from a day on',
        description:
          'Till och med 2019 Göteborgs Stads hemtjänst (egen regi); från 2020-01-01 turordning bland privata utförare som bedöms vara ett fullgott alternativ. Each policy names how providers take part (frivilligt or tvingande), the kvalitetskriterier the contract unit judges, and how long an approval keeps a provider in the turordning. `inForce` marks the one in force on `on`.',
        querystring: listPoliciesQuery,
        response: { 200: answer('The policies, oldest first; `inForce` marks the one in force on `on`', z.object({ items: z.array(policySchema) }), ex.policiesExample), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: await listPolicies(db, request.query.on) }),
  );

  app.post(
    '/default-provider/policies',
    {
      config: { access: grants.createDefaultProviderPolicy },
      schema: {
        ...common,
        operationId: 'createDefaultProviderPolicy',
        summary: 'Add a rule of the ickevalsalternativ from a day on (the contract unit’s admin)',
        description: 'From today or later; a policy is never changed (409 when one from that day exists): a later one replaces it. A rotation (turordning) needs `participation`; the municipal model takes no rotation fields (422).',
        body: withExample(createPolicyBody, ex.createPolicyExample),
        response: { 201: answer('The policy, from its first day', policySchema, ex.policyExample), ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createPolicy(db, request.caller, request.body)),
  );

  app.post(
    '/default-provider/providers/:organisationId/qualification',
    {
      config: { access: grants.recordDefaultProviderQualification },
      schema: {
        ...common,
        operationId: 'recordDefaultProviderQualification',
        summary: 'Approve a private provider as a full alternative for the turordning, or revoke it (the contract unit)',
        description: 'Kept with history (who, when, from which day, why). A revocation needs a reason. From today or later (422). Answers the provider’s standing on that day.',
        params: providerParams,
        body: withExample(qualificationBody, ex.qualificationExample),
        response: { 200: answer('The provider’s standing on the day the decision takes effect', standingSchema, ex.standingExample), ...problemResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => recordQualification(db, request.caller, request.params.organisationId, request.body),
  );

  app.post(
    '/default-provider/providers/:organisationId/participation',
    {
      config: { access: grants.setDefaultProviderParticipation },
      schema: {
        ...common,
        operationId: 'setDefaultProviderParticipation',
        summary: 'Opt in to or out of the turordning in an area (the provider’s manager)',
        description: 'In names the unit that takes the assignments in the area. Out is refused (409) where the policy makes participation tvingande. Kept with history (who, when). Another provider’s manager: 404.',
        params: providerParams,
        body: withExample(participationBody, ex.participationExample),
        response: { 200: answer('The provider’s standing on the day the choice takes effect', standingSchema, ex.participatingExample), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => setParticipation(db, request.caller, request.params.organisationId, request.body),
  );

  app.get(
    '/default-provider/providers/:organisationId',
    {
      config: { access: grants.getDefaultProviderStanding },
      schema: {
        ...common,
        operationId: 'getDefaultProviderStanding',
        summary: 'A private provider’s standing in the turordning: qualified, its areas, the history',
        description: 'For the provider itself and the contract unit; anyone else 404.',
        params: providerParams,
        querystring: listPoliciesQuery,
        response: { 200: answer('The provider’s standing on `on` (default today)', standingSchema, ex.standingExample), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => standingOf(db, request.caller, request.params.organisationId, request.query.on),
  );

  app.post(
    '/default-provider/allocations',
    {
      config: { access: grants.allocateDefaultProvider },
      schema: {
        ...common,
        operationId: 'allocateDefaultProvider',
        summary: 'Allocate the ickevalsalternativ for an individual who has not chosen, and send the home-care assignment (case worker)',
        description:
          'The policy in force on the start date decides: egen regi, or turordning in the individual’s area: the qualified, participating provider that has waited longest since its last allocation there. One at its kapacitetstak (or not selectable in the area, or without a unit) is skipped and the skip is recorded with the reason; it keeps its place. When no one can take it, the municipal provider does. The home-care assignment is created in the same transaction (409 when the individual already has home care then). Parallel allocations in an area are serialised: never the same turn twice. For individuals of the case worker’s own district (else 404). Audit-logged.',
        body: withExample(allocateBody, ex.allocateExample),
        response: { 201: answer('The allocation, with the providers skipped, and the home-care assignment sent', allocateResponse, ex.allocatedExample), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await allocate(db, request, request.caller, request.body)),
  );

  app.get(
    '/default-provider/allocations',
    {
      config: { access: grants.listDefaultProviderAllocations },
      schema: {
        ...common,
        operationId: 'listDefaultProviderAllocations',
        summary: 'The allocations of the turordning and the providers skipped, to show likabehandling',
        description:
          'In turn order. The contract unit sees all; a district its own individuals’. `areaCode`, `from`, `to` (days in Göteborg, inclusive) narrow it. Each listed allocation is audit-logged. `Accept: text/csv` returns the page as CSV, one line per allocation and one per skip (next cursor in x-next-cursor).',
        querystring: listAllocationsQuery,
        response: {
          200: { description: 'The page as JSON, or as CSV with Accept: text/csv', content: { 'application/json': { schema: withExample(page(allocationSchema), ex.allocationsExample) }, 'text/csv': { schema: withExample(z.string(), ex.allocationsCsvExample) } } },
          ...problemResponses(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await listAllocations(db, request.caller, request.query);
      await recordAudit(db, request, request.caller, result.items.map((a) => ({ action: 'list' as const, individualId: a.individualId, resourceType: 'default_provider_allocation', resourceId: a.id })));
      const dialect = csvDialectOf(request);
      if (!dialect) return result;
      if (result.nextCursor) reply.header('x-next-cursor', result.nextCursor);
      return sendCsv(reply, allocationsCsv(result.items), dialect);
    },
  );
};
