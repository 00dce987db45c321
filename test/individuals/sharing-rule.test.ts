import t from 'tap';
import { maySharePerson, servesIndividualOn, type SharingFacts } from '../../src/individuals/sharing-rule.js';

const district = 'district';
const dayProvider = 'omsorg-vast';
const night = 'night-unit';
const stranger = 'other-provider';
const base: Omit<SharingFacts, 'consents'> = {
  districtId: district,
  assignments: [
    { organisationId: dayProvider, startDate: '2024-01-01', endDate: null },
    { organisationId: night, startDate: '2024-01-01', endDate: '2024-06-30' },
  ],
};

t.test('serving: by the overview on the day, or as the district', async (t) => {
  const facts = { ...base, consents: [] };
  t.ok(servesIndividualOn(facts, dayProvider, '2024-03-01'));
  t.ok(servesIndividualOn(facts, night, '2024-06-30'), 'the end date is inclusive');
  t.notOk(servesIndividualOn(facts, night, '2024-07-01'));
  t.notOk(servesIndividualOn(facts, dayProvider, '2023-12-31'));
  t.ok(servesIndividualOn(facts, district, '2000-01-01'));
  t.notOk(servesIndividualOn(facts, stranger, '2024-03-01'));
});

t.test('consent states over time: given, limited, withdrawn, given again', async (t) => {
  const cases: { name: string; consents: SharingFacts['consents']; day: string; from: string; to: string; expect: string }[] = [
    { name: 'no consent at all', consents: [], day: '2024-03-01', from: dayProvider, to: night, expect: 'no-consent' },
    { name: 'consent given', consents: [{ givenOn: '2024-02-01', withdrawnOn: null, limitedToOrganisationIds: null }], day: '2024-03-01', from: dayProvider, to: night, expect: 'allowed' },
    { name: 'before the consent was given', consents: [{ givenOn: '2024-02-01', withdrawnOn: null, limitedToOrganisationIds: null }], day: '2024-01-31', from: dayProvider, to: night, expect: 'no-consent' },
    { name: 'limited to both organisations', consents: [{ givenOn: '2024-02-01', withdrawnOn: null, limitedToOrganisationIds: [dayProvider, night] }], day: '2024-03-01', from: night, to: dayProvider, expect: 'allowed' },
    { name: 'limited, recipient not named', consents: [{ givenOn: '2024-02-01', withdrawnOn: null, limitedToOrganisationIds: [dayProvider] }], day: '2024-03-01', from: dayProvider, to: night, expect: 'no-consent' },
    { name: 'withdrawn on the day', consents: [{ givenOn: '2024-02-01', withdrawnOn: '2024-03-01', limitedToOrganisationIds: null }], day: '2024-03-01', from: dayProvider, to: night, expect: 'no-consent' },
    { name: 'the day before withdrawal', consents: [{ givenOn: '2024-02-01', withdrawnOn: '2024-03-01', limitedToOrganisationIds: null }], day: '2024-02-29', from: dayProvider, to: night, expect: 'allowed' },
    {
      name: 'withdrawn, then given again',
      consents: [
        { givenOn: '2024-02-01', withdrawnOn: '2024-03-01', limitedToOrganisationIds: null },
        { givenOn: '2024-04-01', withdrawnOn: null, limitedToOrganisationIds: null },
      ],
      day: '2024-04-02',
      from: dayProvider,
      to: night,
      expect: 'allowed',
    },
    {
      name: 'between withdrawal and the new consent',
      consents: [
        { givenOn: '2024-02-01', withdrawnOn: '2024-03-01', limitedToOrganisationIds: null },
        { givenOn: '2024-04-01', withdrawnOn: null, limitedToOrganisationIds: null },
      ],
      day: '2024-03-15',
      from: dayProvider,
      to: night,
      expect: 'no-consent',
    },
    { name: 'to an organisation that does not serve', consents: [{ givenOn: '2024-02-01', withdrawnOn: null, limitedToOrganisationIds: null }], day: '2024-03-01', from: dayProvider, to: stranger, expect: 'recipient-not-serving' },
    { name: 'after the night service ended', consents: [{ givenOn: '2024-02-01', withdrawnOn: null, limitedToOrganisationIds: null }], day: '2024-07-01', from: dayProvider, to: night, expect: 'recipient-not-serving' },
    { name: 'from an organisation that does not serve', consents: [{ givenOn: '2024-02-01', withdrawnOn: null, limitedToOrganisationIds: null }], day: '2024-03-01', from: stranger, to: dayProvider, expect: 'sender-not-serving' },
    { name: 'to the district needs no consent', consents: [], day: '2024-03-01', from: dayProvider, to: district, expect: 'allowed' },
    { name: 'from the district needs no consent', consents: [], day: '2024-03-01', from: district, to: night, expect: 'allowed' },
  ];
  for (const c of cases) {
    const d = maySharePerson({ ...base, consents: c.consents }, c.from, c.to, c.day);
    t.equal(d.allowed ? 'allowed' : d.reason, c.expect, c.name);
  }
});
