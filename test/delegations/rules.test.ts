import t from 'tap';
import { daysToExpiry, employeeProblem, inForce, issuerProblem, maxValidTo, periodProblem, readAsked, startOfDay, stateAt, type DelegationFacts } from '../../src/delegations/rules.js';

t.test('at most one year, leap years included', async (t) => {
  t.equal(maxValidTo('2025-01-01'), '2025-12-31');
  t.equal(maxValidTo('2024-02-29'), '2025-02-28');
  t.equal(maxValidTo('2023-03-01'), '2024-02-29');
  t.equal(maxValidTo('2025-03-15'), '2026-03-14');
  t.equal(periodProblem('2025-01-01', '2025-12-31', false), null);
  t.match(periodProblem('2025-01-01', '2026-01-01', false), { path: 'body.validTo', message: /one year/ });
  t.match(periodProblem('2025-01-02', '2025-01-01', false), { path: 'body.validTo' });
  t.equal(periodProblem('2025-05-05', '2025-05-05', true), null);
  t.match(periodProblem('2025-05-05', '2025-05-06', true), { message: /single-occasion/ });
});

// Göteborg is UTC+1 in winter and UTC+2 in summer (from the last Sunday of March, 2025-03-30).
const base: DelegationFacts = { validFrom: '2025-03-01', validTo: '2025-08-31', signedAt: null, declinedAt: null, revokedAt: null };
const signed: DelegationFacts = { ...base, signedAt: new Date('2025-02-20T10:00:00Z') };
const at = (iso: string) => new Date(iso);

t.test('the state at an instant is derived from dates and events, never stored', async (t) => {
  const table: [string, DelegationFacts, string, string][] = [
    ['unsigned before start', base, '2025-02-01T12:00:00Z', 'awaiting_signature'],
    ['unsigned within dates', base, '2025-04-01T12:00:00Z', 'awaiting_signature'],
    ['unsigned after end', base, '2025-09-01T12:00:00Z', 'expired'],
    ['signed before start', signed, '2025-02-28T12:00:00Z', 'not_yet_valid'],
    ['signed, first instant of the first day (00:00 in Göteborg)', signed, '2025-02-28T23:00:00Z', 'active'],
    ['signed, last instant before the first day', signed, '2025-02-28T22:59:59.999Z', 'not_yet_valid'],
    ['signed on last day, late evening in Göteborg (UTC already the next day)', signed, '2025-08-31T21:59:59Z', 'active'],
    ['signed, first instant after the last day', signed, '2025-08-31T22:00:00Z', 'expired'],
    ['revoked', { ...signed, revokedAt: at('2025-04-01T08:00:00Z') }, '2025-04-01T08:00:00Z', 'revoked'],
    ['before its revocation it was in force', { ...signed, revokedAt: at('2025-04-01T08:00:00Z') }, '2025-04-01T07:59:59Z', 'active'],
    ['declined', { ...base, declinedAt: at('2025-03-10T08:00:00Z') }, '2025-04-01T12:00:00Z', 'declined'],
    ['employee left: in force up to the last day', { ...signed, employeeLeftOn: '2025-04-30' }, '2025-04-30T21:00:00Z', 'active'],
    ['employee left: lapsed after it', { ...signed, employeeLeftOn: '2025-04-30' }, '2025-04-30T22:00:00Z', 'lapsed'],
    ['delegator left', { ...signed, issuerLeftOn: '2025-03-15' }, '2025-04-01T12:00:00Z', 'lapsed'],
    ['revoked wins over lapsed', { ...signed, issuerLeftOn: '2025-03-15', revokedAt: at('2025-03-20T12:00:00Z') }, '2025-04-01T12:00:00Z', 'revoked'],
  ];
  for (const [name, facts, instant, state] of table) t.equal(stateAt(facts, at(instant)), state, name);
  t.equal(daysToExpiry(base, '2025-08-31'), 0);
  t.equal(daysToExpiry(base, '2025-08-01'), 30);
  t.equal(daysToExpiry(base, '2025-09-02'), -2);
  t.equal(daysToExpiry({ validTo: '2025-03-31' }, '2025-03-30'), 1, 'across the DST change');
});

t.test('in force from the instant both have signed, never before', async (t) => {
  // Valid from ten days before the signature: the days before it were never covered.
  const late: DelegationFacts = { ...base, validFrom: '2025-05-01', signedAt: at('2025-05-11T12:34:56Z') };
  const revokedMidday: DelegationFacts = { ...signed, revokedAt: at('2025-04-10T10:00:00Z') };
  const table: [string, DelegationFacts, string, boolean][] = [
    ['five days before the signature', late, '2025-05-06T12:00:00+02:00', false],
    ['the instant before the signature', late, '2025-05-11T12:34:55.999Z', false],
    ['the instant of the signature', late, '2025-05-11T12:34:56Z', true],
    ['after the signature', late, '2025-05-12T08:00:00+02:00', true],
    ['a date: the day of the signature is not covered in whole', late, '2025-05-11', false],
    ['a date: the day after the signature', late, '2025-05-12', true],
    ['a date: a day within the dates before the signature', late, '2025-05-06', false],
    ['a date: its first valid day, signed earlier', signed, '2025-03-01', true],
    ['a date: its last valid day', signed, '2025-08-31', true],
    ['a date: the day after its last', signed, '2025-09-01', false],
    ['a date: revoked that morning', revokedMidday, '2025-04-10', false],
    ['a date: the day before the revocation', revokedMidday, '2025-04-09', true],
    ['an instant that morning before the revocation', revokedMidday, '2025-04-10T09:59:59Z', true],
    ['an instant after the revocation', revokedMidday, '2025-04-10T10:00:00Z', false],
    ['a date on the DST change (23 hours long)', signed, '2025-03-30', true],
  ];
  for (const [name, facts, asked, allowed] of table) t.equal(inForce(facts, readAsked(asked, new Date())), allowed, name);
});

t.test('what check is asked: an instant, a whole day in Göteborg, or now', async (t) => {
  const now = at('2025-06-01T10:00:00Z');
  t.same(readAsked(undefined, now), { at: now, day: '2025-06-01', wholeDay: false });
  t.same(readAsked('2025-06-01T23:30:00Z', now), { at: at('2025-06-01T23:30:00Z'), day: '2025-06-02', wholeDay: false }, 'the date is the one in Göteborg');
  t.same(readAsked('2025-06-01', now), { at: at('2025-05-31T22:00:00Z'), day: '2025-06-01', wholeDay: true }, 'summer: 00:00 is 22:00 UTC');
  t.same(readAsked('2025-01-15', now), { at: at('2025-01-14T23:00:00Z'), day: '2025-01-15', wholeDay: true }, 'winter: 00:00 is 23:00 UTC');
  t.same(startOfDay('2025-03-31'), at('2025-03-30T22:00:00Z'), 'the day after the spring change starts at UTC+2');
});

t.test('the parties: a licensed delegator in the directory, an employee who is someone else', async (t) => {
  const org = '00000000-0000-4000-8000-000000000001';
  const other = '00000000-0000-4000-8000-000000000002';
  const nurse = { id: 'nurse', organisationId: org, roles: ['licensed'], leftOn: null };
  const issuers: [string, Parameters<typeof issuerProblem>[0], RegExp | null][] = [
    ['licensed staff of the organisation', nurse, null],
    ['not in the directory', undefined, /staff of the organisation in the directory/],
    ['of another organisation', { ...nurse, organisationId: other }, /staff of the organisation/],
    ['not licensed in the directory (whatever the token claims)', { ...nurse, roles: ['care_staff', 'manager'] }, /licensed/],
    ['leaves before the delegation starts', { ...nurse, leftOn: '2025-04-30' }, /leave the organisation on 2025-04-30/],
    ['leaves on the first day: still there that day', { ...nurse, leftOn: '2025-05-01' }, null],
  ];
  for (const [name, issuer, problem] of issuers) {
    const got = issuerProblem(issuer, org, '2025-05-01');
    if (problem) t.match(got, problem, name);
    else t.equal(got, null, name);
  }
  const kalle = { id: 'kalle', organisationId: org, roles: ['care_staff'], leftOn: null };
  t.equal(employeeProblem(kalle, org, 'nurse', '2025-05-01'), null);
  t.match(employeeProblem(undefined, org, 'nurse', '2025-05-01'), { message: 'no staff member of your organisation' });
  t.match(employeeProblem({ ...kalle, organisationId: other }, org, 'nurse', '2025-05-01'), { message: 'no staff member of your organisation' });
  t.match(employeeProblem(nurse, org, 'nurse', '2025-05-01'), { message: 'you cannot delegate to yourself' }, 'never to oneself');
  t.match(employeeProblem({ ...kalle, leftOn: '2025-04-01' }, org, 'nurse', '2025-05-01'), { message: 'left on 2025-04-01' });
});
