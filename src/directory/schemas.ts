import { z } from 'zod';
import { roleSchema } from '../auth/roles.js';
import { ORGANISATION_KINDS } from '../db/schema/kinds.js';
import { paginationQuery } from '../http/pagination.js';
import { namePrefixQuery, nonEmptyText, timestamps } from '../http/schemas.js';

export const organisationKindSchema = z.enum(ORGANISATION_KINDS).describe(
  'private_provider (privat utförare), municipal_provider (egen regi), city_unit (stadens enhet, e.g. hemtjänst natt, larmenhet, Trygghetsjouren), district (beställare / stadsdelsnämnd), contract_unit (EKU, avtalsenheten)',
);

const name = nonEmptyText(200);
const namePrefix = namePrefixQuery();

export const organisationNumberInput = z.string().max(20).describe('Organisationsnummer, NNNNNN-NNNN (check digit verified)');
export const organisationSchema = z
  .object({ id: z.uuid(), name: z.string(), kind: organisationKindSchema, organisationNumber: z.string(), ...timestamps })
  .meta({ id: 'Organisation' });
export const createOrganisationBody = z.strictObject({ name, kind: organisationKindSchema, organisationNumber: organisationNumberInput });
export const updateOrganisationBody = createOrganisationBody.partial();
export const listOrganisationsQuery = z.strictObject({
  ...paginationQuery,
  kind: organisationKindSchema.optional(),
  namePrefix,
});

const area = z.string().trim().min(1).max(100);
const EXTERNAL_CODE_TEXT =
  'The unit’s code in other systems: its HSA id (e.g. SE2321000131-E000000012345) or the time-reporting system’s own code; time reports may name the unit by it. Unique among units. 1–64 printable characters without spaces.';
/** A unit's external code: printable ASCII without spaces (HSA ids and the codes reporting systems use). */
export const unitCodeInput = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'printable characters without spaces (ASCII)');
export const unitSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    name: z.string(),
    areas: z.array(z.string()).describe('Geographic areas (of the city’s 35) the unit serves'),
    externalCode: z.string().nullable().describe(EXTERNAL_CODE_TEXT),
    ...timestamps,
  })
  .meta({ id: 'Unit' });
export const createUnitBody = z.strictObject({
  organisationId: z.uuid(),
  name,
  areas: z.array(area).max(35).default([]).describe('Geographic areas the unit serves'),
  externalCode: unitCodeInput.optional().describe(EXTERNAL_CODE_TEXT),
});
export const updateUnitBody = z.strictObject({
  name: name.optional(),
  areas: z.array(area).max(35).optional(),
  externalCode: unitCodeInput.nullable().optional().describe(`${EXTERNAL_CODE_TEXT} null removes it.`),
});
export const listUnitsQuery = z.strictObject({ ...paginationQuery, organisationId: z.uuid().optional(), namePrefix });

const staffId = z.string().trim().min(1).max(200).describe('The id the identity provider puts in the token’s `sub`');
export const staffSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    organisationId: z.uuid(),
    unitId: z.uuid().nullable(),
    roles: z.array(roleSchema),
    managerId: z.string().nullable().describe('Chef: the staff id of the manager'),
    leftOn: z.iso.date().nullable().describe('Last day in the organisation; delegations to or from the person lapse after it'),
    ...timestamps,
  })
  .meta({ id: 'Staff' });
export const createStaffBody = z.strictObject({
  id: staffId,
  name,
  organisationId: z.uuid(),
  unitId: z.uuid().nullable().optional(),
  roles: z.array(roleSchema).max(9).default([]),
  managerId: staffId.nullable().optional(),
});
export const updateStaffBody = z.strictObject({
  name: name.optional(),
  unitId: z.uuid().nullable().optional(),
  roles: z.array(roleSchema).max(9).optional(),
  managerId: staffId.nullable().optional(),
  leftOn: z.iso.date().nullable().optional().describe('Last day in the organisation (null: still there)'),
});
export const listStaffQuery = z.strictObject({
  ...paginationQuery,
  organisationId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  managerId: z.string().max(200).optional(),
  namePrefix,
});
export const staffIdParams = z.object({ id: staffId });
