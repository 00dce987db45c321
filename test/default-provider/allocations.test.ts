import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { MUNICIPAL, TRYGG, VAST, list, setup } from './setup.js';

t.test('the policy before and after 2020-01-01: egen regi, then turordning', async (t) => {
  const s = await setup(t);
  const policies = async (on: string) => (await s.app.inject({ url: `/v1/default-provider/policies?on=${on}`, headers: s.h.karin })).json().items;
  const inForce = async (on: string) => (await policies(on)).find((p: { inForce: boolean }) => p.inForce);
  t.match(await inForce('2019-12-31'), { model: 'municipal', participation: null, validFrom: '2009-01-01' });
  t.match(await inForce('2020-01-01'), { model: 'rotation', participation: 'voluntary', qualificationMonths: 12, validFrom: '2020-01-01' });

  const in2019 = await s.allocate(await s.newPerson(), { startDate: '2019-06-01' });
  t.equal(in2019.statusCode, 201, in2019.body);
  t.match(in2019.json(), { allocation: { outcome: 'municipal-policy', organisationId: MUNICIPAL, unitId: demo.unit.municipalCentrum, policyValidFrom: '2009-01-01', skipped: [] }, assignment: { serviceType: 'home_care_day_evening', organisationId: MUNICIPAL, startDate: '2019-06-01' } });
  const in2020 = await s.allocate(await s.newPerson(), { startDate: '2020-01-01' });
  t.equal(in2020.statusCode, 201, in2020.body);
  t.match(in2020.json().allocation, { outcome: 'rotation', organisationId: VAST, policyValidFrom: '2020-01-01' });
  t.equal((await s.allocate(await s.newPerson(), { startDate: '2008-12-31' })).statusCode, 422, 'no policy before the first');
});

t.test('a round over the providers gives each its turn; the allocation creates the home-care assignment', async (t) => {
  const s = await setup(t);
  const got: string[] = [];
  for (let i = 0; i < 4; i++) got.push((await s.allocateNew()).organisationId);
  t.same(got, [VAST, TRYGG, VAST, TRYGG], 'the one that has waited longest, in turn');

  const person = await s.newPerson();
  const res = await s.allocate(person, { needsTwoStaff: true, startWithin24Hours: true });
  t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body);
  const { allocation, assignment } = res.json();
  t.match(allocation, { individualId: person, areaCode: 'CENTRUM', organisationId: VAST, requestedBy: 'caseworker-cecilia', requestedByOrganisationId: demo.org.district, districtId: demo.org.district });
  t.match(assignment, { id: allocation.assignmentId, individualId: person, organisationId: VAST, unitId: demo.unit.privateCentrum, grantedMinutesPerMonth: 600, needsTwoStaff: true });
  const overview = (await s.app.inject({ url: `/v1/individuals/${person}/services`, headers: s.h.cw })).json();
  t.same(overview.items.map((a: { id: string }) => a.id), [allocation.assignmentId], 'the assignment is in the service overview');
  const starts = (await s.app.inject({ url: `/v1/new-assignments?organisationId=${VAST}`, headers: s.h.cw })).json().items;
  t.ok(starts.some((n: { assignmentId: string; startWithin24Hours: boolean }) => n.assignmentId === allocation.assignmentId && n.startWithin24Hours), 'the provider received it, with its start deadline');

  const again = await s.allocate(person);
  t.equal(again.statusCode, 409, 'the individual already has home care');
  t.equal((await list(s, s.h.erik)).items.length, 5, 'a refused allocation leaves no record');
});

