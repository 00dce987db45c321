import t from 'tap';
import { SERVICE_TYPES, type ServiceType } from '../../src/individuals/service-rules.js';
import { parseDurationMs } from '../../src/messages/duration.js';
import { groupsToInform, MUST_INFORM, servicesToInform } from '../../src/messages/responsibility.js';

t.test('who must inform whom, as the domain table says', async (t) => {
  const informs = (from: ServiceType, to: ServiceType) => MUST_INFORM[from].includes(to);
  t.ok(informs('home_care_day_evening', 'home_care_night'), 'day/evening → night unit');
  t.ok(informs('home_care_night', 'home_care_day_evening'), 'night → day/evening provider');
  t.ok(informs('safety_alarm', 'home_care_day_evening'), 'alarm unit → day/evening provider');
  t.ok(informs('camera_supervision', 'home_care_day_evening') && informs('home_care_day_evening', 'camera_supervision'), 'Trygghetsjouren ↔ day/evening');
  for (const [a, b] of [['relief', 'escort'], ['relief', 'home_care_day_evening'], ['escort', 'home_care_day_evening']] as const) {
    t.ok(informs(a, b) && informs(b, a), `${a} ↔ ${b}`);
  }
  t.notOk(SERVICE_TYPES.some((s) => informs(s, 'safety_alarm')), 'no one reports to the alarm unit through this table');
  t.notOk(informs('home_care_night', 'safety_alarm') || informs('home_care_night', 'camera_supervision'), 'night tells only day/evening');
  t.notOk(SERVICE_TYPES.some((s) => informs(s, s)), 'a service never informs itself');
  t.same(servicesToInform(['safety_alarm', 'home_care_night']), ['home_care_day_evening'], 'the union, without repeats');
  t.same(servicesToInform([]), []);
});

t.test('groups to inform: by organisation and by what the group receives about', async (t) => {
  const [own, night, alarm, city] = ['org-own', 'org-night', 'org-alarm', 'org-city'];
  const active = [
    { organisationId: own, serviceType: 'home_care_day_evening' as const },
    { organisationId: own, serviceType: 'relief' as const },
    { organisationId: night, serviceType: 'home_care_night' as const },
    { organisationId: alarm, serviceType: 'safety_alarm' as const },
    { organisationId: city, serviceType: 'escort' as const },
    { organisationId: city, serviceType: 'camera_supervision' as const },
  ];
  const groups = [
    { id: 'g-own', organisationId: own, serviceTypes: ['home_care_night' as const] },
    { id: 'g-night', organisationId: night, serviceTypes: ['home_care_night' as const] },
    { id: 'g-night-wrong-org', organisationId: alarm, serviceTypes: ['home_care_night' as const] },
    { id: 'g-alarm', organisationId: alarm, serviceTypes: ['safety_alarm' as const] },
    { id: 'g-city-both', organisationId: city, serviceTypes: ['escort' as const, 'camera_supervision' as const, 'relief' as const] },
    { id: 'g-city-day', organisationId: city, serviceTypes: ['home_care_day_evening' as const] },
  ];
  const result = groupsToInform(own, active, groups);
  t.same(
    result.map((r) => [r.group.id, r.serviceTypes]),
    [
      ['g-night', ['home_care_night']],
      ['g-city-both', ['escort', 'camera_supervision']],
    ],
    'one entry per group; not the own organisation, not a group of an organisation that does not perform the service, not the alarm unit',
  );
  t.same(
    groupsToInform(night, active, groups).map((r) => r.group.id),
    [],
    'night informs the day/evening provider, which has no group receiving about day/evening here',
  );
  t.same(
    groupsToInform(alarm, active, [...groups, { id: 'g-own-day', organisationId: own, serviceTypes: ['home_care_day_evening'] }]).map((r) => r.group.id),
    ['g-own-day'],
  );
  t.same(groupsToInform('org-stranger', active, groups), [], 'an organisation performing nothing informs no one');
});

t.test('ISO 8601 durations for the watch list', async (t) => {
  t.equal(parseDurationMs('PT4H'), 4 * 3_600_000);
  t.equal(parseDurationMs('P1DT12H'), 36 * 3_600_000);
  t.equal(parseDurationMs('PT90M'), 90 * 60_000);
  t.equal(parseDurationMs('PT1.5S'), 1500);
  t.equal(parseDurationMs('PT0S'), 0);
  for (const bad of ['4h', 'P', 'PT', 'P1W', 'P1Y', 'PT-1H', '', 'pt4h']) t.equal(parseDurationMs(bad), null, `refuses ${JSON.stringify(bad)}`);
});
