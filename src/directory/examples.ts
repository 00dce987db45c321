// OpenAPI examples for the directory (the demo city's organisations, units and staff); tsc checks their shapes
// against the schemas, test/foundation/openapi-examples.test.ts their formats.
import type { z } from 'zod';
import { demo } from '../demo/city.js';
import type {
  createOrganisationBody,
  createStaffBody,
  createUnitBody,
  organisationSchema,
  staffSchema,
  unitSchema,
  updateOrganisationBody,
  updateStaffBody,
  updateUnitBody,
} from './schemas.js';

const stamps = { createdAt: '2025-01-13T08:30:00.000Z', updatedAt: '2025-01-13T08:30:00.000Z' };

export const createOrganisationExample: z.input<typeof createOrganisationBody> = {
  name: 'Omsorg Väst AB',
  kind: 'private_provider',
  organisationNumber: '556016-0680',
};
export const updateOrganisationExample: z.input<typeof updateOrganisationBody> = { name: 'Omsorg Väst Göteborg AB' };
export const organisationExample: z.output<typeof organisationSchema> = {
  id: demo.org.privateProvider,
  ...createOrganisationExample,
  ...stamps,
};
export const districtExample: z.output<typeof organisationSchema> = {
  id: demo.org.district,
  name: 'Stadsdelsförvaltning Centrum',
  kind: 'district',
  organisationNumber: '212000-1355',
  ...stamps,
};

export const createUnitExample: z.input<typeof createUnitBody> = {
  organisationId: demo.org.privateProvider,
  name: 'Omsorg Väst Centrum',
  areas: ['Centrum', 'Majorna-Linné'],
  externalCode: 'OV-CENTRUM',
};
export const updateUnitExample: z.input<typeof updateUnitBody> = { areas: ['Centrum', 'Majorna-Linné', 'Johanneberg'] };
export const unitExample: z.output<typeof unitSchema> = {
  id: demo.unit.privateCentrum,
  organisationId: demo.org.privateProvider,
  name: 'Omsorg Väst Centrum',
  areas: ['Centrum', 'Majorna-Linné'],
  externalCode: 'OV-CENTRUM',
  ...stamps,
};

export const createStaffExample: z.input<typeof createStaffBody> = {
  id: 'care-karin',
  name: 'Karin Undersköterska',
  organisationId: demo.org.privateProvider,
  unitId: demo.unit.privateCentrum,
  roles: ['care_staff'],
  managerId: 'manager-maria',
};
export const updateStaffExample: z.input<typeof updateStaffBody> = { roles: ['care_staff', 'it_contact'], leftOn: null };
export const staffExample: z.output<typeof staffSchema> = {
  id: 'care-karin',
  name: 'Karin Undersköterska',
  organisationId: demo.org.privateProvider,
  unitId: demo.unit.privateCentrum,
  roles: ['care_staff'],
  managerId: 'manager-maria',
  leftOn: null,
  ...stamps,
};
export const nurseExample: z.output<typeof staffSchema> = {
  id: 'nurse-lena',
  name: 'Lena Sjuksköterska',
  organisationId: demo.org.privateProvider,
  unitId: demo.unit.privateCentrum,
  roles: ['licensed'],
  managerId: 'manager-maria',
  leftOn: null,
  ...stamps,
};
