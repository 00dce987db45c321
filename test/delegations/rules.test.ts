import t from 'tap';
import { daysToExpiry, maxValidTo, periodProblem, stateOn } from '../../src/delegations/rules.js';

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

t.test('state is derived from dates and events, never stored', async (t) => {
  const base = { validFrom: '2025-03-01', validTo: '2025-08-31', signedAt: null, declinedAt: null, revokedAt: null };
  const signed = { ...base, signedAt: new Date('2025-02-20T10:00:00Z') };
  const table: [string, typeof base | typeof signed | object, string, string][] = [
    ['unsigned before start', base, '2025-02-01', 'awaiting_signature'],
    ['unsigned within dates', base, '2025-04-01', 'awaiting_signature'],
    ['unsigned after end', base, '2025-09-01', 'expired'],
    ['signed before start', signed, '2025-02-28', 'not_yet_valid'],
    ['signed on first day', signed, '2025-03-01', 'active'],
    ['signed on last day', signed, '2025-08-31', 'active'],
    ['signed after last day', signed, '2025-09-01', 'expired'],
    ['revoked', { ...signed, revokedAt: new Date() }, '2025-04-01', 'revoked'],
    ['declined', { ...base, declinedAt: new Date() }, '2025-04-01', 'declined'],
    ['employee left: in force up to the last day', { ...signed, employeeLeftOn: '2025-04-30' }, '2025-04-30', 'active'],
    ['employee left: lapsed after it', { ...signed, employeeLeftOn: '2025-04-30' }, '2025-05-01', 'lapsed'],
    ['delegator left', { ...signed, issuerLeftOn: '2025-03-15' }, '2025-04-01', 'lapsed'],
    ['revoked wins over lapsed', { ...signed, issuerLeftOn: '2025-03-15', revokedAt: new Date() }, '2025-04-01', 'revoked'],
  ];
  for (const [name, facts, day, state] of table) t.equal(stateOn(facts as typeof base, day), state, name);
  t.equal(daysToExpiry(base, '2025-08-31'), 0);
  t.equal(daysToExpiry(base, '2025-08-01'), 30);
  t.equal(daysToExpiry(base, '2025-09-02'), -2);
  t.equal(daysToExpiry({ validTo: '2025-03-31' }, '2025-03-30'), 1, 'across the DST change');
});
