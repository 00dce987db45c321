// OpenAPI examples for areas (the demo city's Centrum and Astrid Andersson's area).
import type { z } from 'zod';
import { demo } from '../demo/city.js';
import type { areaSchema, createAreaBody, individualAreaSchema, setIndividualAreaBody, updateAreaBody } from './schemas.js';

export const createAreaExample: z.input<typeof createAreaBody> = { code: 'MAJORNA-LINNE', name: 'Majorna-Linné', districtId: demo.org.district };
export const areaExample: z.output<typeof areaSchema> = {
  code: 'CENTRUM',
  name: 'Centrum',
  districtId: demo.org.district,
  createdAt: '2025-01-13T08:30:00.000Z',
  updatedAt: '2025-01-13T08:30:00.000Z',
};
export const createdAreaExample: z.output<typeof areaSchema> = { ...areaExample, ...createAreaExample };
export const updateAreaExample: z.input<typeof updateAreaBody> = { name: 'Centrum (Inom Vallgraven, Nordstaden)' };
export const setIndividualAreaExample: z.input<typeof setIndividualAreaBody> = { areaCode: 'MAJORNA-LINNE', validFrom: '2025-05-01' };
export const individualAreaExample: z.output<typeof individualAreaSchema> = {
  id: '62000000-0000-4000-8000-000000000002',
  individualId: demo.individual.astrid,
  areaCode: 'MAJORNA-LINNE',
  areaName: 'Majorna-Linné',
  validFrom: '2025-05-01',
  setBy: 'caseworker-cecilia',
  setByOrganisationId: demo.org.district,
  setAt: '2025-04-22T10:03:00.000Z',
  current: true,
};
export const earlierAreaExample: z.output<typeof individualAreaSchema> = {
  id: '62000000-0000-4000-8000-000000000001',
  individualId: demo.individual.astrid,
  areaCode: 'CENTRUM',
  areaName: 'Centrum',
  validFrom: '2019-01-01',
  setBy: 'caseworker-cecilia',
  setByOrganisationId: demo.org.district,
  setAt: '2019-01-01T09:00:00.000Z',
  current: false,
};
