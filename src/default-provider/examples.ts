// OpenAPI examples for the ickevalsalternativ (the demo city: Omsorg Väst and Trygg Omsorg take their turn in
// Centrum; Tolvan Tolvansson, who has not chosen, gets a provider in turn). Days in Göteborg, instants in UTC.
import type { z } from 'zod';
import { demo } from '../demo/city.js';
import type { serviceAssignmentSchema } from '../individuals/schemas.js';
import type { allocateBody, allocateResponse, allocationSchema, createPolicyBody, participationBody, policySchema, qualificationBody, standingSchema } from './schemas.js';

const P = demo.org.privateProvider;
const OTHER = demo.org.otherProvider;
const EKU = demo.org.contractUnit;
const TOLVAN = '30000000-0000-4000-8000-000000000012';
const ROTATION_POLICY = '64000000-0000-4000-8000-000000000002';
const ALLOCATION = '66000000-0000-4000-8000-000000000001';
const ASSIGNMENT = '40000000-0000-4000-8000-000000000031';
const CRITERIA = ['Bedömd som fullgott alternativ av avtalsenheten (EKU)', 'Avtal enligt LOV i kraft', 'Kvalitetskriterier fastställda av kommunfullmäktige uppfyllda'];

const municipalPolicy: z.output<typeof policySchema> = {
  id: '64000000-0000-4000-8000-000000000001',
  validFrom: '2009-01-01',
  model: 'municipal',
  participation: null,
  criteria: [],
  qualificationMonths: null,
  description: 'Ickevalsalternativ: Göteborgs Stads hemtjänst (egen regi) till och med 2019.',
  createdBy: 'migration',
  createdAt: '2025-01-13T08:00:00.000Z',
  inForce: false,
};
const rotationPolicy: z.output<typeof policySchema> = {
  id: ROTATION_POLICY,
  validFrom: '2020-01-01',
  model: 'rotation',
  participation: 'voluntary',
  criteria: CRITERIA,
  qualificationMonths: 12,
  description: 'Turordning bland privata utförare som bedöms vara ett fullgott alternativ, från 2020-01-01.',
  createdBy: 'migration',
  createdAt: '2025-01-13T08:00:00.000Z',
  inForce: true,
};
export const policiesExample = { items: [municipalPolicy, rotationPolicy] };

export const createPolicyExample: z.input<typeof createPolicyBody> = {
  validFrom: '2026-01-01',
  model: 'rotation',
  participation: 'mandatory',
  criteria: CRITERIA,
  qualificationMonths: 24,
  description: 'Tvingande turordning från 2026: varje godkänd privat utförare deltar i sina valda områden.',
};
export const policyExample: z.output<typeof policySchema> = {
  id: '64000000-0000-4000-8000-000000000003',
  validFrom: '2026-01-01',
  model: 'rotation',
  participation: 'mandatory',
  criteria: CRITERIA,
  qualificationMonths: 24,
  description: 'Tvingande turordning från 2026: varje godkänd privat utförare deltar i sina valda områden.',
  createdBy: 'admin-anna',
  createdAt: '2025-11-20T09:45:00.000Z',
  // Not yet: the 2020 rotation is in force until the new one starts.
  inForce: false,
};

export const qualificationExample: z.input<typeof qualificationBody> = { event: 'approved', effectiveOn: '2025-04-01', criteriaMet: CRITERIA };
const approval = {
  id: '62000000-0000-4000-8000-000000000011',
  event: 'approved' as const,
  effectiveOn: '2025-04-01',
  criteriaMet: CRITERIA,
  reason: null,
  recordedBy: 'admin-anna',
  recordedByOrganisationId: EKU,
  recordedAt: '2025-03-27T10:20:00.000Z',
};
const inCentrum = {
  id: '63000000-0000-4000-8000-000000000011',
  areaCode: 'CENTRUM',
  participates: 'in' as const,
  unitId: demo.unit.privateCentrum,
  validFrom: '2025-04-01',
  setBy: 'manager-maria',
  setByOrganisationId: P,
  setAt: '2025-03-28T07:50:00.000Z',
};
/** Omsorg Väst, approved and taking its turn in Centrum. */
export const standingExample: z.output<typeof standingSchema> = {
  organisationId: P,
  name: 'Omsorg Väst AB',
  on: '2025-04-01',
  policyId: ROTATION_POLICY,
  model: 'rotation',
  qualified: true,
  inRotationAreaCodes: ['CENTRUM'],
  qualifications: [approval],
  participations: [inCentrum],
};

export const participationExample: z.input<typeof participationBody> = { areaCode: 'MAJORNA-LINNE', participates: 'in', unitId: demo.unit.privateCentrum, validFrom: '2025-04-07' };
export const participatingExample: z.output<typeof standingSchema> = {
  ...standingExample,
  on: '2025-04-07',
  inRotationAreaCodes: ['CENTRUM', 'MAJORNA-LINNE'],
  participations: [inCentrum, { ...inCentrum, id: '63000000-0000-4000-8000-000000000012', areaCode: 'MAJORNA-LINNE', validFrom: '2025-04-07', setAt: '2025-04-03T12:05:00.000Z' }],
};

export const allocateExample: z.input<typeof allocateBody> = {
  individualId: TOLVAN,
  startDate: '2025-04-07',
  grantedMinutesPerMonth: 1200,
  needsTwoStaff: false,
  startWithin24Hours: false,
};
/** Omsorg Väst was first in turn in Centrum but at its kapacitetstak: skipped (it keeps its place); Trygg Omsorg takes it. */
const allocation: z.output<typeof allocationSchema> = {
  id: ALLOCATION,
  seq: 14,
  individualId: TOLVAN,
  districtId: demo.org.district,
  areaCode: 'CENTRUM',
  policyId: ROTATION_POLICY,
  policyValidFrom: '2020-01-01',
  outcome: 'rotation',
  organisationId: OTHER,
  organisationName: 'Trygg Omsorg i Göteborg AB',
  unitId: demo.unit.otherProvider,
  assignmentId: ASSIGNMENT,
  startDate: '2025-04-07',
  requestedBy: 'caseworker-cecilia',
  requestedByOrganisationId: demo.org.district,
  allocatedAt: '2025-04-02T08:10:00.000Z',
  skipped: [
    {
      organisationId: P,
      organisationName: 'Omsorg Väst AB',
      position: 1,
      reason: 'capacity-reached',
      detail: 'The provider carries 115 granted hours a month of its cap of 120; 20 more would pass it. The individual may queue (waiting list).',
    },
  ],
};
const assignment: z.output<typeof serviceAssignmentSchema> = {
  id: ASSIGNMENT,
  individualId: TOLVAN,
  serviceType: 'home_care_day_evening',
  unitId: demo.unit.otherProvider,
  unitName: 'Trygg Omsorg Hisingen',
  organisationId: OTHER,
  organisationName: 'Trygg Omsorg i Göteborg AB',
  startDate: '2025-04-07',
  endDate: null,
  grantedMinutesPerMonth: 1200,
  needsTwoStaff: false,
  createdBy: 'caseworker-cecilia',
  createdAt: '2025-04-02T08:10:00.000Z',
  endedBy: null,
  endedAt: null,
};
export const allocatedExample: z.output<typeof allocateResponse> = { allocation, assignment };

export const allocationsExample = { items: [allocation], nextCursor: null };
export const allocationsCsvExample =
  'seq,allocatedAt,areaCode,event,position,organisationId,organisationName,outcome,reason,detail,individualId,startDate,policyValidFrom,requestedBy,allocationId\r\n' +
  `14,2025-04-02T08:10:00.000Z,CENTRUM,allocated,,${OTHER},Trygg Omsorg i Göteborg AB,rotation,,,${TOLVAN},2025-04-07,2020-01-01,caseworker-cecilia,${ALLOCATION}\r\n` +
  `14,2025-04-02T08:10:00.000Z,CENTRUM,skipped,1,${P},Omsorg Väst AB,,capacity-reached,The provider carries 115 granted hours a month of its cap of 120; 20 more would pass it. The individual may queue (waiting list).,${TOLVAN},2025-04-07,2020-01-01,caseworker-cecilia,${ALLOCATION}\r\n`;
