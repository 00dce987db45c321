// Shared set-up of the compensation tests: individuals and service assignments inserted straight into the tables,
// visit builders and the calls to the API.
import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { individuals, serviceAssignments } from '../../src/db/schema/index.js';
import { demo } from '../../src/demo/city.js';
import { bearer, type TestApp } from './app.js';

let serial = 0;
/** A valid personal identity number (check digit by the Luhn algorithm), different on each call. */
export function newPin(): string {
  serial += 1;
  const body = `19400101${String(100 + (serial % 900)).padStart(3, '0')}`;
  const digits = body.slice(2).split('').map(Number);
  const sum = digits.reduce((acc, d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    return acc + (v > 9 ? v - 9 : v);
  }, 0);
  return body + String((10 - (sum % 10)) % 10);
}

export async function addIndividual(db: Db, name: string, districtId: string = demo.org.district): Promise<string> {
  const id = randomUUID();
  await db.insert(individuals).values({ id, name, districtId, personalIdentityNumber: newPin() });
  return id;
}

export async function assign(
  db: Db,
  a: {
    individualId: string;
    unitId: string;
    organisationId: string;
    serviceType?: 'home_care_day_evening' | 'home_care_night' | 'relief' | 'escort' | 'safety_alarm' | 'camera_supervision';
    startDate?: string;
    endDate?: string | null;
    needsTwoStaff?: boolean;
    grantedMinutesPerMonth?: number | null;
  },
): Promise<string> {
  const id = randomUUID();
  await db.insert(serviceAssignments).values({
    id,
    individualId: a.individualId,
    unitId: a.unitId,
    organisationId: a.organisationId,
    serviceType: a.serviceType ?? 'home_care_day_evening',
    startDate: a.startDate ?? '2019-01-01',
    endDate: a.endDate ?? null,
    needsTwoStaff: a.needsTwoStaff ?? false,
    grantedMinutesPerMonth: a.grantedMinutesPerMonth ?? null,
    createdBy: 'test',
  });
  return id;
}

/** Where each demo provider's visits go: unit, organisation, a staff member and its time-reporting system. */
export const provider = {
  private: { unitId: demo.unit.privateCentrum, organisationId: demo.org.privateProvider, staffId: 'care-karin', otherStaffId: 'care-kalle' },
  municipal: { unitId: demo.unit.municipalCentrum, organisationId: demo.org.municipalProvider, staffId: 'municipal-mats', otherStaffId: 'municipal-mats' },
} as const;

export interface VisitInput {
  externalId: string;
  individualId: string;
  unitId: string;
  staffId: string;
  serviceType: string;
  checkIn: string;
  checkOut: string;
  status: 'performed' | 'declined' | 'added';
  plannedStart?: string;
  plannedEnd?: string;
}

export function visit(v: Partial<VisitInput> & Pick<VisitInput, 'individualId' | 'checkIn' | 'checkOut'>, kind: keyof typeof provider = 'private'): VisitInput {
  return {
    externalId: v.externalId ?? `v-${randomUUID()}`,
    unitId: provider[kind].unitId,
    staffId: provider[kind].staffId,
    serviceType: 'home_care_day_evening',
    status: 'performed',
    ...v,
  };
}

/** Tokens of the two time-reporting systems (demo API clients): the private provider's and the municipal provider's. */
export async function reporterTokens(t: TestApp) {
  return { private: await t.tokenFor('phoniro-omsorg-vast'), municipal: await t.tokenFor('phoniro-egen-regi') };
}

export async function postVisits(app: App, token: string, visits: unknown[]) {
  return app.inject({ method: 'POST', url: '/v1/time-reports', headers: bearer(token), payload: { visits } });
}

export interface StatementLine {
  organisationId: string;
  unitId: string;
  individualId: string;
  providerKind: string;
  rateValidFrom: string;
  hourlyOre: number;
  inconvenientOre: number;
  normalSeconds: number;
  inconvenientSeconds: number;
  performedVisits: number;
  addedVisits: number;
  declinedVisits: number;
  declinedSeconds: number;
  amountOre: number;
}

export async function statement(app: App, token: string, query: string) {
  return app.inject({ url: `/v1/compensation/statements?${query}`, headers: bearer(token) });
}
