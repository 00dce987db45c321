import t from 'tap';
import { addMonths, participatesOn, policyOn, qualifiedOn, turnOrder, type Candidate } from '../../src/default-provider/rules.js';

const policies = [
  { id: 'rotation', validFrom: '2020-01-01' },
  { id: 'municipal', validFrom: '2009-01-01' },
];

t.test('the policy in force: egen regi to and including 2019, turordning from 2020-01-01', async (t) => {
  t.equal(policyOn(policies, '2019-12-31')?.id, 'municipal');
  t.equal(policyOn(policies, '2020-01-01')?.id, 'rotation');
  t.equal(policyOn(policies, '2026-06-30')?.id, 'rotation');
  t.equal(policyOn(policies, '2008-12-31'), undefined, 'before the first policy: none');
});

t.test('months are added to the calendar, clamped to the month’s end', async (t) => {
  t.equal(addMonths('2020-01-31', 1), '2020-02-29');
  t.equal(addMonths('2021-01-31', 1), '2021-02-28');
  t.equal(addMonths('2020-11-15', 14), '2022-01-15');
  t.equal(addMonths('2020-03-01', 12), '2021-03-01');
});

t.test('qualified: the latest event is an approval that has not lapsed', async (t) => {
  const approved = [{ event: 'approved' as const, effectiveOn: '2020-01-01', seq: 1 }];
  t.notOk(qualifiedOn(approved, '2019-12-31', 12), 'not before the approval');
  t.ok(qualifiedOn(approved, '2020-01-01', 12));
  t.ok(qualifiedOn(approved, '2020-12-31', 12));
  t.notOk(qualifiedOn(approved, '2021-01-01', 12), 'lapsed after the period');
  t.ok(qualifiedOn(approved, '2030-01-01', null), 'no period: until revoked');
  const revoked = [...approved, { event: 'revoked' as const, effectiveOn: '2020-06-01', seq: 2 }];
  t.ok(qualifiedOn(revoked, '2020-05-31', 12));
  t.notOk(qualifiedOn(revoked, '2020-06-01', 12), 'revoked from its day');
  const again = [...revoked, { event: 'approved' as const, effectiveOn: '2020-06-01', seq: 3 }];
  t.ok(qualifiedOn(again, '2020-06-01', 12), 'the later registration of the same day wins');
  t.notOk(qualifiedOn([], '2020-06-01', null));
});

t.test('participation: voluntary by the latest choice; mandatory by the areas the provider chose', async (t) => {
  const rows = [
    { participates: 'in' as const, unitId: 'u', validFrom: '2020-01-01', seq: 1 },
    { participates: 'out' as const, unitId: null, validFrom: '2020-03-01', seq: 2 },
  ];
  t.ok(participatesOn(rows, '2020-02-01', 'voluntary', false));
  t.notOk(participatesOn(rows, '2020-03-01', 'voluntary', true), 'opted out');
  t.notOk(participatesOn([], '2020-03-01', 'voluntary', true), 'never opted in');
  t.ok(participatesOn(rows, '2020-03-01', 'mandatory', true), 'mandatory: an opt-out does not take it out');
  t.notOk(participatesOn(rows, '2020-02-01', 'mandatory', false), 'mandatory only in its own areas');
});

t.test('turordning: the longest wait first, newcomers first in the order they joined, ties by id', async (t) => {
  const c = (organisationId: string, lastAllocationSeq: number | null, joinedSeq = 0): Candidate => ({ organisationId, lastAllocationSeq, joinedSeq });
  const order = (cs: Candidate[]) => [...cs].sort(turnOrder).map((x) => x.organisationId);
  t.same(order([c('a', 5), c('b', 3), c('c', 9)]), ['b', 'a', 'c']);
  t.same(order([c('a', 5), c('new', null, 7), c('older', null, 2)]), ['older', 'new', 'a']);
  t.same(order([c('b', null, 1), c('a', null, 1)]), ['a', 'b']);
});
