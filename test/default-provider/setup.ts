// Shared setup of the default-provider tests: the demo city, its callers, new individuals, allocations.
import type { Test } from 'tap';
import { localDate } from '../../src/calendar/local-date.js';
import { demo } from '../../src/demo/city.js';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import { pin } from '../providers/pins.js';

export const VAST = demo.org.privateProvider;
export const TRYGG = demo.org.otherProvider;
export const MUNICIPAL = demo.org.municipalProvider;

export async function setup(t: Test) {
  const test = await createTestApp(t);
  const h = {
    cw: bearer(await test.tokenFor('caseworker-cecilia')),
    hugo: bearer(await test.tokenFor('caseworker-hugo')),
    maria: bearer(await test.tokenFor('manager-maria')),
    olle: bearer(await test.tokenFor('other-olle')),
    admin: bearer(await test.tokenFor('admin-anna')),
    erik: bearer(await test.tokenFor('eku-erik')),
    karin: bearer(await test.tokenFor('care-karin')),
    mats: bearer(await test.tokenFor('municipal-mats')),
  };
  let serial = 0;
  const newPerson = async (areaCode: string | null = 'CENTRUM', headers = h.cw, districtId: string = demo.org.district) => {
    serial += 1;
    const res = await test.app.inject({ method: 'POST', url: '/v1/individuals', headers, payload: { personalIdentityNumber: pin('19400101', serial), name: `Person ${serial}`, districtId, ...(areaCode ? { areaCode } : {}) } });
    t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body);
    return res.json().id as string;
  };
  const allocate = (individualId: string, extra: Record<string, unknown> = {}, headers = h.cw) =>
    test.app.inject({ method: 'POST', url: '/v1/default-provider/allocations', headers, payload: { individualId, startDate: localDate(), grantedMinutesPerMonth: 600, ...extra } });
  const allocateNew = async (extra: Record<string, unknown> = {}) => {
    const res = await allocate(await newPerson(), extra);
    t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body);
    return res.json().allocation as { organisationId: string; outcome: string; seq: number; skipped: { organisationId: string; reason: string; position: number }[] };
  };
  const setCap = async (organisationId: string, capHoursPerMonth: number | null, headers = h.admin) =>
    t.equal((await test.app.inject({ method: 'PUT', url: `/v1/providers/${organisationId}/capacity`, headers, payload: { areaCodes: ['CENTRUM', 'MAJORNA-LINNE'], capHoursPerMonth } })).statusCode, 200);
  return { ...test, h, newPerson, allocate, allocateNew, setCap };
}

export type Setup = Awaited<ReturnType<typeof setup>>;
export const list = async (s: Setup | TestApp, headers: Record<string, string>, query = '') => (await s.app.inject({ url: `/v1/default-provider/allocations${query}`, headers })).json();

