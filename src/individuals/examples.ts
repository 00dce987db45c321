// OpenAPI examples for individuals, service overview and consent (the demo city's Astrid Andersson; Skatteverket's
// test personal identity numbers); tsc checks their shapes against the schemas.
import type { z } from 'zod';
import { demo } from '../demo/city.js';
import type {
  consentSchema,
  createConsentBody,
  createIndividualBody,
  createServiceBody,
  endServiceBody,
  individualListItemSchema,
  individualSchema,
  searchIndividualsBody,
  serviceAssignmentSchema,
  updateIndividualBody,
  withdrawConsentBody,
} from './schemas.js';

const stamps = { createdAt: '2025-01-13T08:30:00.000Z', updatedAt: '2025-01-13T08:30:00.000Z' };

export const createIndividualExample: z.input<typeof createIndividualBody> = {
  personalIdentityNumber: '19121212-1212',
  name: 'Tolvan Tolvansson',
  districtId: demo.org.district,
  areaCode: 'CENTRUM',
};
export const tolvanExample: z.output<typeof individualSchema> = {
  id: '30000000-0000-4000-8000-000000000012',
  personalIdentityNumber: '191212121212',
  coordinationNumber: false,
  name: 'Tolvan Tolvansson',
  districtId: demo.org.district,
  ...stamps,
};
export const astridExample: z.output<typeof individualSchema> = {
  id: demo.individual.astrid,
  personalIdentityNumber: '194107082341',
  coordinationNumber: false,
  name: 'Astrid Andersson',
  districtId: demo.org.district,
  ...stamps,
};
export const astridListed: z.output<typeof individualListItemSchema> = {
  id: demo.individual.astrid,
  coordinationNumber: false,
  name: 'Astrid Andersson',
  districtId: demo.org.district,
  personalIdentityNumberMasked: '19410708-****',
  ...stamps,
};
export const bertilListed: z.output<typeof individualListItemSchema> = {
  id: demo.individual.bertil,
  coordinationNumber: false,
  name: 'Bertil Berg',
  districtId: demo.org.district,
  personalIdentityNumberMasked: '19380412-****',
  ...stamps,
};
export const searchIndividualExample: z.input<typeof searchIndividualsBody> = { personalIdentityNumber: '19410708-2341' };
export const updateIndividualExample: z.input<typeof updateIndividualBody> = { name: 'Astrid Andersson Ek' };

export const createServiceExample: z.input<typeof createServiceBody> = {
  serviceType: 'home_care_day_evening',
  unitId: demo.unit.privateCentrum,
  startDate: '2025-04-01',
  grantedMinutesPerMonth: 1800,
  needsTwoStaff: false,
  startWithin24Hours: false,
};
export const serviceExample: z.output<typeof serviceAssignmentSchema> = {
  id: '40000000-0000-4000-8000-000000000001',
  individualId: demo.individual.astrid,
  serviceType: 'home_care_day_evening',
  unitId: demo.unit.privateCentrum,
  unitName: 'Omsorg Väst Centrum',
  organisationId: demo.org.privateProvider,
  organisationName: 'Omsorg Väst AB',
  startDate: '2025-04-01',
  endDate: null,
  grantedMinutesPerMonth: 1800,
  needsTwoStaff: false,
  createdBy: 'caseworker-cecilia',
  createdAt: '2025-03-28T09:12:40.000Z',
  endedBy: null,
  endedAt: null,
};
export const nightServiceExample: z.output<typeof serviceAssignmentSchema> = {
  ...serviceExample,
  id: '40000000-0000-4000-8000-000000000002',
  serviceType: 'home_care_night',
  unitId: demo.unit.nightCentrum,
  unitName: 'Hemtjänst natt Centrum',
  organisationId: demo.org.nightUnit,
  organisationName: 'Hemtjänst natt Göteborg',
  grantedMinutesPerMonth: 300,
};
export const endServiceExample: z.input<typeof endServiceBody> = { endDate: '2025-06-30' };
export const endedServiceExample: z.output<typeof serviceAssignmentSchema> = {
  ...serviceExample,
  endDate: '2025-06-30',
  endedBy: 'caseworker-cecilia',
  endedAt: '2025-06-16T13:05:00.000Z',
};

export const createConsentExample: z.input<typeof createConsentBody> = {
  givenOn: '2025-03-03',
  method: 'written',
  note: 'Samtycke inhämtat vid hembesök',
};
export const consentExample: z.output<typeof consentSchema> = {
  id: '50000000-0000-4000-8000-000000000001',
  individualId: demo.individual.astrid,
  givenOn: '2025-03-03',
  method: 'written',
  recordedBy: 'care-karin',
  recordedByOrganisationId: demo.org.privateProvider,
  limitedToOrganisationIds: null,
  note: 'Samtycke inhämtat vid hembesök',
  withdrawnOn: null,
  withdrawnBy: null,
  state: 'active',
  createdAt: '2025-03-03T10:15:00.000Z',
};
export const withdrawConsentExample: z.input<typeof withdrawConsentBody> = { withdrawnOn: '2025-05-02' };
export const withdrawnConsentExample: z.output<typeof consentSchema> = {
  ...consentExample,
  withdrawnOn: '2025-05-02',
  withdrawnBy: 'care-karin',
  state: 'withdrawn',
};
