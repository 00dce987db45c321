// OpenAPI examples for choosing a provider (Omsorg Väst's areas and cap; Bertil Berg waits for a place).
import type { z } from 'zod';
import { demo } from '../demo/city.js';
import type { serviceAssignmentSchema } from '../individuals/schemas.js';
import type {
  assignEntryBody,
  availabilitySchema,
  capacitySettingSchema,
  dueSchema,
  entrySchema,
  entryWithEventsSchema,
  newAssignmentSchema,
  reasonBody,
  registerEntryBody,
  setCapacityBody,
  startStepBody,
} from './schemas.js';

const P = demo.org.privateProvider;
const ENTRY = '63000000-0000-4000-8000-000000000001';
const ASSIGNMENT = '40000000-0000-4000-8000-000000000021';

export const setCapacityExample: z.input<typeof setCapacityBody> = { areaCodes: ['CENTRUM', 'MAJORNA-LINNE'], capHoursPerMonth: 120, validFrom: '2025-04-01' };
export const availabilityExample: z.output<typeof availabilitySchema> = {
  organisationId: P,
  name: 'Omsorg Väst AB',
  on: '2025-04-01',
  selectable: true,
  areaCodes: ['CENTRUM', 'MAJORNA-LINNE'],
  capHoursPerMonth: 120,
  carriedHoursPerMonth: 30,
  settingValidFrom: '2025-04-01',
  waitingCount: 1,
  waitingListDue: true,
};
export const otherProviderExample: z.output<typeof availabilitySchema> = {
  organisationId: demo.org.otherProvider,
  name: 'Trygg Omsorg i Göteborg AB',
  on: '2025-04-01',
  selectable: true,
  areaCodes: ['NORRA-HISINGEN', 'CENTRUM'],
  capHoursPerMonth: null,
  carriedHoursPerMonth: null,
  settingValidFrom: '2019-01-01',
  waitingCount: null,
  waitingListDue: null,
};
const setting: z.output<typeof capacitySettingSchema> = {
  id: '61000000-0000-4000-8000-000000000001',
  organisationId: P,
  validFrom: '2019-01-01',
  areaCodes: ['CENTRUM', 'MAJORNA-LINNE'],
  capHoursPerMonth: 100,
  setBy: 'manager-maria',
  setByOrganisationId: P,
  setAt: '2019-01-01T08:00:00.000Z',
};
export const capacityHistoryExample = {
  items: [setting, { ...setting, id: '61000000-0000-4000-8000-000000000003', validFrom: '2025-04-01', capHoursPerMonth: 120, setAt: '2025-03-25T14:30:00.000Z' }],
};

export const registerEntryExample: z.input<typeof registerEntryBody> = { individualId: demo.individual.bertil, consentId: '50000000-0000-4000-8000-000000000002' };
const entry: z.output<typeof entrySchema> = {
  id: ENTRY,
  organisationId: P,
  individualId: demo.individual.bertil,
  individualName: 'Bertil Berg',
  districtId: demo.org.district,
  registeredOn: '2025-03-10',
  via: 'case_worker',
  consentId: '50000000-0000-4000-8000-000000000002',
  status: 'waiting',
  position: 1,
  closedReason: null,
  assignmentId: null,
  registeredBy: 'caseworker-cecilia',
  registeredByOrganisationId: demo.org.district,
  createdAt: '2025-03-10T09:20:00.000Z',
  updatedAt: '2025-03-10T09:20:00.000Z',
};
const registered = { event: 'registered', actorId: 'caseworker-cecilia', actorOrganisationId: demo.org.district, reason: null, occurredAt: '2025-03-10T09:20:00.000Z' };
export const entryExample: z.output<typeof entryWithEventsSchema> = { ...entry, events: [registered] };
export const offeredEntryExample: z.output<typeof entryWithEventsSchema> = {
  ...entry,
  status: 'offered',
  updatedAt: '2025-04-01T07:30:00.000Z',
  events: [registered, { event: 'offered', actorId: 'manager-maria', actorOrganisationId: P, reason: null, occurredAt: '2025-04-01T07:30:00.000Z' }],
};
export const waitingListExample = { items: [entry], nextCursor: null };
export const waitingListCsvExample =
  'position,registeredOn,status,individualId,individualName,districtId,via,registeredBy,closedReason,entryId\r\n' +
  `1,2025-03-10,waiting,${demo.individual.bertil},Bertil Berg,${demo.org.district},case_worker,caseworker-cecilia,,${ENTRY}\r\n`;
export const dueExample: z.output<typeof dueSchema> = { selectable: true, waitingCount: 1, due: true, firstEntryId: ENTRY };

export const assignEntryExample: z.input<typeof assignEntryBody> = {
  unitId: demo.unit.privateCentrum,
  startDate: '2025-04-07',
  grantedMinutesPerMonth: 1200,
  needsTwoStaff: false,
  startWithin24Hours: false,
};
const assignment: z.output<typeof serviceAssignmentSchema> = {
  id: ASSIGNMENT,
  individualId: demo.individual.bertil,
  serviceType: 'home_care_day_evening',
  unitId: demo.unit.privateCentrum,
  unitName: 'Omsorg Väst Centrum',
  organisationId: P,
  organisationName: 'Omsorg Väst AB',
  startDate: '2025-04-07',
  endDate: null,
  grantedMinutesPerMonth: 1200,
  needsTwoStaff: false,
  createdBy: 'caseworker-cecilia',
  createdAt: '2025-04-02T08:10:00.000Z',
  endedBy: null,
  endedAt: null,
};
export const assignedExample = {
  entry: {
    ...offeredEntryExample,
    status: 'assigned' as const,
    position: null,
    assignmentId: ASSIGNMENT,
    updatedAt: '2025-04-02T08:10:00.000Z',
    events: [...offeredEntryExample.events, { event: 'assigned', actorId: 'caseworker-cecilia', actorOrganisationId: demo.org.district, reason: null, occurredAt: '2025-04-02T08:10:00.000Z' }],
  },
  assignment,
};
export const closeEntryExample: z.input<typeof reasonBody> = { reason: 'Bertil har valt en annan utförare' };
export const closedEntryExample: z.output<typeof entryWithEventsSchema> = {
  ...entry,
  status: 'withdrawn',
  position: null,
  closedReason: 'Bertil har valt en annan utförare',
  updatedAt: '2025-03-20T10:00:00.000Z',
  events: [registered, { event: 'withdrawn', actorId: 'caseworker-cecilia', actorOrganisationId: demo.org.district, reason: 'Bertil har valt en annan utförare', occurredAt: '2025-03-20T10:00:00.000Z' }],
};

export const newAssignmentExample: z.output<typeof newAssignmentSchema> = {
  assignmentId: ASSIGNMENT,
  organisationId: P,
  organisationName: 'Omsorg Väst AB',
  individualId: demo.individual.bertil,
  individualName: 'Bertil Berg',
  districtId: demo.org.district,
  unitId: demo.unit.privateCentrum,
  startDate: '2025-04-07',
  grantedMinutesPerMonth: 1200,
  receivedAt: '2025-04-02T08:10:00.000Z',
  startWithin24Hours: false,
  deadline: 'contact',
  dueBy: '2025-04-03T21:59:59.000Z',
  contactOn: '2025-04-03',
  firstContactAt: null,
  firstContactBy: null,
  firstVisitAt: null,
  firstVisitBy: null,
  metAt: null,
  metInTime: null,
  overdue: false,
};
export const startStepExample: z.input<typeof startStepBody> = { at: '2025-04-03T10:15:00+02:00' };
export const contactedExample: z.output<typeof newAssignmentSchema> = {
  ...newAssignmentExample,
  firstContactAt: '2025-04-03T08:15:00.000Z',
  firstContactBy: 'manager-maria',
  metAt: '2025-04-03T08:15:00.000Z',
  metInTime: true,
};
export const visitedExample: z.output<typeof newAssignmentSchema> = {
  ...contactedExample,
  firstVisitAt: '2025-04-07T07:30:00.000Z',
  firstVisitBy: 'care-karin',
};
