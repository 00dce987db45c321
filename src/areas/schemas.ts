import { z } from 'zod';
import { paginationQuery } from '../http/pagination.js';
import { nonEmptyText } from '../http/schemas.js';
import { saneDate } from '../providers/dates.js';

export const areaCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, - and _, at most 40')
  .describe('The area’s code, e.g. "CENTRUM-1"');

export const areaSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    districtId: z.uuid().describe('The district (stadsdelsnämnd) the area belongs to'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Area', description: 'One of the city’s geographic areas (35 in Göteborg)' });

export const createAreaBody = z.strictObject({ code: areaCode, name: nonEmptyText(200), districtId: z.uuid() });
export const updateAreaBody = z.strictObject({ name: nonEmptyText(200).optional(), districtId: z.uuid().optional() });
export const areaParams = z.object({ code: areaCode });
export const listAreasQuery = z.strictObject({ ...paginationQuery, districtId: z.uuid().optional() });

export const individualAreaSchema = z
  .object({
    id: z.uuid(),
    individualId: z.uuid(),
    areaCode: z.string(),
    areaName: z.string(),
    validFrom: z.iso.date(),
    setBy: z.string(),
    setByOrganisationId: z.uuid(),
    setAt: z.iso.datetime(),
    current: z.boolean().describe('The area in force today'),
  })
  .meta({ id: 'IndividualArea', description: 'Where the individual lives, from a day on (history kept)' });

export const setIndividualAreaBody = z.strictObject({
  areaCode,
  validFrom: saneDate().optional().describe('From this day (default today in Göteborg)'),
});
