import t from 'tap';
import { checkVisits, classifyVisit, externalIdOf, isSameVisit, type Candidate, type StoredVersion, type VisitContext } from '../../src/compensation/visit-checks.js';

// The pure steps of a time-report batch, without a database.

const ORG = '10000000-0000-4000-8000-000000000001';
const OTHER_ORG = '10000000-0000-4000-8000-000000000002';
const UNIT = '20000000-0000-4000-8000-000000000001';
const INDIVIDUAL = '30000000-0000-4000-8000-000000000001';
const ASSIGNMENT = '40000000-0000-4000-8000-000000000001';
const CURRENT = '50000000-0000-4000-8000-000000000001';

const visit = (over: Record<string, unknown> = {}) => ({
  externalId: 'v-1',
  individualId: INDIVIDUAL,
  unitId: UNIT,
  staffId: 'care-karin',
  serviceType: 'home_care_day_evening',
  checkIn: '2019-05-14T09:00:00+02:00',
  checkOut: '2019-05-14T10:00:00+02:00',
  status: 'performed',
  ...over,
});

t.test('step 1, each visit on its own', async (t) => {
  // [name, visit, the reason (null: a candidate)]
  const cases: [string, unknown, string | RegExp | null][] = [
    ['a good visit', visit(), null],
    ['planned times in order', visit({ plannedStart: '2019-05-14T09:00:00+02:00', plannedEnd: '2019-05-14T09:45:00+02:00' }), null],
    ['check-out before check-in', visit({ checkOut: '2019-05-14T08:00:00+02:00' }), 'checkOut must be after checkIn'],
    ['check-out equal to check-in', visit({ checkOut: '2019-05-14T09:00:00+02:00' }), 'checkOut must be after checkIn'],
    ['equal once fractions are dropped', visit({ checkIn: '2019-05-14T07:00:00.100Z', checkOut: '2019-05-14T07:00:00.900Z' }), 'checkOut must be after checkIn'],
    ['exactly 24 hours', visit({ checkOut: '2019-05-15T09:00:00+02:00' }), 'a visit must last less than 24 hours'],
    ['one second under 24 hours', visit({ checkOut: '2019-05-15T08:59:59+02:00' }), null],
    ['planned end before planned start', visit({ plannedStart: '2019-05-14T09:00:00+02:00', plannedEnd: '2019-05-14T09:00:00+02:00' }), 'plannedEnd must be after plannedStart'],
    ['no check-out', visit({ checkOut: undefined }), /^not a valid visit: body\.visits\.0\.checkOut/],
    ['an unknown field', visit({ note: 'x' }), /^not a valid visit/],
    ['not an object', 'hello', /^not a valid visit/],
    ['null', null, /^not a valid visit/],
  ];
  for (const [name, item, reason] of cases) {
    const { candidates, rejections } = checkVisits([item]);
    if (reason === null) {
      t.equal(candidates.length, 1, name);
      t.same(rejections, [], name);
    } else {
      t.equal(candidates.length, 0, name);
      t.match(rejections, [{ index: 0, reason }], name);
    }
  }

  const { candidates, rejections } = checkVisits([visit(), visit({ checkIn: '2019-05-14T11:00:00+02:00', checkOut: '2019-05-14T12:00:00+02:00' }), { ...visit(), checkIn: 'x' }]);
  t.same(candidates.map((c) => c.index), [0], 'an externalId seen earlier in the batch');
  t.match(rejections, [{ index: 1, reason: /more than once/ }, { index: 2, reason: /not a valid visit/, errors: [{ path: 'body.visits.2.checkIn' }] }]);
  t.match(candidates[0], { checkIn: Date.parse('2019-05-14T07:00:00Z') / 1000, checkOut: Date.parse('2019-05-14T08:00:00Z') / 1000, plannedStart: null, day: '2019-05-14' });
  t.equal(checkVisits([visit({ checkIn: '2019-05-13T22:30:00Z', checkOut: '2019-05-13T23:30:00Z' })]).candidates[0]!.day, '2019-05-14', 'the day is the local date of check-in');
  t.equal(checkVisits([visit({ externalId: '  v-2 ' })]).candidates[0]!.visit.externalId, 'v-2', 'externalIds are trimmed');

  t.equal(externalIdOf(visit({ externalId: ' a ' })), 'a', 'the externalId of a rejected visit, trimmed');
  t.equal(externalIdOf({ externalId: 7 }), null, 'not a string');
  t.equal(externalIdOf('hello'), null, 'not an object');
  t.equal(externalIdOf(null), null, 'null');
});

const candidate = (over: Record<string, unknown> = {}): Candidate => checkVisits([visit(over)]).candidates[0]!;

const stored = (c: Candidate, over: Partial<StoredVersion> = {}): StoredVersion => ({
  id: CURRENT,
  version: 2,
  reportingOrganisationId: ORG,
  individualId: c.visit.individualId,
  unitId: c.visit.unitId,
  staffId: c.visit.staffId,
  serviceType: c.visit.serviceType,
  status: c.visit.status,
  checkIn: c.checkIn,
  checkOut: c.checkOut,
  plannedStart: c.plannedStart,
  plannedEnd: c.plannedEnd,
  ...over,
});

const context = (over: Partial<VisitContext> = {}): VisitContext => ({
  unitOrganisationId: ORG,
  organisationKind: 'private_provider',
  staffOrganisationId: ORG,
  assignmentId: ASSIGNMENT,
  needsTwoStaff: false,
  current: null,
  ...over,
});

t.test('step 3, a visit against what the database says of it', async (t) => {
  const c = candidate();
  // [name, context, the verdict it must match]
  const cases: [string, VisitContext, object][] = [
    ['new', context(), { outcome: 'accepted', visit: { outcome: 'created', version: 1, supersedes: null, organisationId: ORG, providerKind: 'private', assignmentId: ASSIGNMENT, needsTwoStaff: false } }],
    ['the city’s own home care pays the municipal rate', context({ organisationKind: 'municipal_provider' }), { visit: { providerKind: 'municipal' } }],
    ['a city unit too', context({ organisationKind: 'city_unit' }), { visit: { providerKind: 'municipal' } }],
    ['needs two staff', context({ needsTwoStaff: true }), { visit: { needsTwoStaff: true } }],
    ['re-sent as it is', context({ current: stored(c) }), { outcome: 'unchanged', timeReportId: CURRENT, version: 2 }],
    ['a correction', context({ current: stored(c, { checkOut: c.checkOut + 600 }) }), { outcome: 'accepted', visit: { outcome: 'corrected', version: 3, supersedes: CURRENT } }],
    ['planned start added', context({ current: stored(c, { plannedStart: c.checkIn }) }), { visit: { outcome: 'corrected' } }],
    ['another status', context({ current: stored(c, { status: 'declined' }) }), { visit: { outcome: 'corrected' } }],
    ['the version in force was reported for another organisation', context({ current: stored(c, { reportingOrganisationId: OTHER_ORG }) }), { outcome: 'rejected', reason: 'the visit was reported for another organisation' }],
    ['… even re-sent as it is', context({ current: stored(c, { reportingOrganisationId: OTHER_ORG, checkOut: c.checkOut }) }), { outcome: 'rejected', reason: /another organisation/ }],
    ['unknown unit', context({ unitOrganisationId: null, organisationKind: null }), { outcome: 'rejected', reason: 'unknown unit' }],
    ['another organisation’s unit', context({ unitOrganisationId: OTHER_ORG, staffOrganisationId: OTHER_ORG }), { outcome: 'rejected', reason: 'the unit belongs to another organisation than the reporting system’s' }],
    ['a correction to another organisation’s unit', context({ unitOrganisationId: OTHER_ORG, staffOrganisationId: OTHER_ORG, current: stored(c, { checkOut: c.checkOut + 600 }) }), { outcome: 'rejected', reason: /another organisation than the reporting system/ }],
    ['unknown staff member', context({ staffOrganisationId: null }), { outcome: 'rejected', reason: 'unknown staff member' }],
    ['staff of another organisation', context({ staffOrganisationId: OTHER_ORG }), { outcome: 'rejected', reason: 'the staff member does not belong to the unit’s organisation' }],
    ['no assignment on the day', context({ assignmentId: null }), { outcome: 'rejected', reason: 'the unit does not perform home_care_day_evening for this individual on 2019-05-14 (service overview)' }],
  ];
  for (const [name, ctx, expected] of cases) t.match(classifyVisit(c, ctx, ORG), expected, name);
});

t.test('the same visit: every reported field equal', async (t) => {
  const c = candidate({ plannedStart: '2019-05-14T09:00:00+02:00', plannedEnd: '2019-05-14T09:45:00+02:00' });
  t.ok(isSameVisit(c, stored(c)), 'all equal');
  t.ok(isSameVisit(candidate({ checkIn: '2019-05-14T07:00:00.999Z' }), stored(candidate())), 'fractions of a second are dropped');
  const differences: Partial<StoredVersion>[] = [
    { individualId: '30000000-0000-4000-8000-000000000002' },
    { unitId: '20000000-0000-4000-8000-000000000002' },
    { staffId: 'care-kalle' },
    { serviceType: 'relief' },
    { status: 'added' },
    { checkIn: c.checkIn - 1 },
    { checkOut: c.checkOut + 1 },
    { plannedStart: null },
    { plannedEnd: c.plannedEnd! + 60 },
  ];
  for (const d of differences) t.notOk(isSameVisit(c, stored(c, d)), JSON.stringify(d));
});
