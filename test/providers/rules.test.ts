import t from 'tap';
import { decideNewAssignment, inForceOn, isSelectable, isOverdue, isWeekday, nextWeekday, queueOrder, startDeadline } from '../../src/providers/rules.js';

t.test('the setting in force on a day: latest validFrom on or before it, ties to the later registration', async (t) => {
  const rows = [
    { id: 'a', validFrom: '2026-01-01', seq: 1 },
    { id: 'b', validFrom: '2026-03-01', seq: 2 },
    { id: 'c', validFrom: '2026-03-01', seq: 3 },
    { id: 'd', validFrom: '2026-06-01', seq: 4 },
  ];
  t.equal(inForceOn(rows, '2025-12-31'), undefined);
  t.equal(inForceOn(rows, '2026-02-28')?.id, 'a');
  t.equal(inForceOn(rows, '2026-03-01')?.id, 'c');
  t.equal(inForceOn(rows, '2026-07-01')?.id, 'd');
});

t.test('selectable and the capacity decision', async (t) => {
  const s = { areaCodes: ['CENTRUM'], capHoursPerMonth: 10 };
  t.ok(isSelectable(s, 599));
  t.notOk(isSelectable(s, 600), 'at the cap: not selectable');
  t.notOk(isSelectable({ areaCodes: [], capHoursPerMonth: null }, 0), 'no areas: nowhere selectable');
  t.notOk(isSelectable(undefined, 0));
  t.ok(isSelectable({ areaCodes: ['X'], capHoursPerMonth: null }, 1e9), 'no cap');
  t.same(decideNewAssignment(s, 'CENTRUM', 540, 60), { ok: true }, 'exactly to the cap fits');
  t.match(decideNewAssignment(s, 'CENTRUM', 541, 60), { ok: false, reason: 'capacity-reached', carriedMinutes: 541, capMinutes: 600 });
  t.match(decideNewAssignment(s, 'LUNDBY', 0, 60), { ok: false, reason: 'wrong-area' });
  t.match(decideNewAssignment(s, null, 0, 60), { ok: false, reason: 'wrong-area' }, 'no area recorded');
  t.same(decideNewAssignment(undefined, null, 1e9, 60), { ok: true }, 'a provider that set nothing is not limited');
});

t.test('queue order: registeredOn, ties by registration order', async (t) => {
  const rows = [
    { id: 'late-first', registeredOn: '2026-03-02', seq: 1 },
    { id: 'tie-2', registeredOn: '2026-03-01', seq: 5 },
    { id: 'tie-1', registeredOn: '2026-03-01', seq: 3 },
  ];
  t.same([...rows].sort(queueOrder).map((r) => r.id), ['tie-1', 'tie-2', 'late-first']);
});

t.test('weekdays: weekends, public holidays and the three eves are not', async (t) => {
  t.ok(isWeekday('2026-11-23'), 'a Monday');
  t.notOk(isWeekday('2026-11-21'), 'Saturday');
  t.notOk(isWeekday('2026-11-22'), 'Sunday');
  t.notOk(isWeekday('2026-05-01'), 'Första maj (Friday)');
  t.notOk(isWeekday('2026-06-19'), 'Midsommarafton (Friday)');
  t.ok(isWeekday('2026-06-19', { evesAreWeekdays: true }), 'unless eves count as weekdays');
  t.notOk(isWeekday('2026-04-03'), 'Långfredagen');
  t.notOk(isWeekday('2026-04-06'), 'Annandag påsk');
});

t.test('next weekday across a weekend and holidays', async (t) => {
  t.equal(nextWeekday('2026-11-20'), '2026-11-23', 'Friday → Monday');
  t.equal(nextWeekday('2026-11-23'), '2026-11-24', 'Monday → Tuesday');
  t.equal(nextWeekday('2026-04-02'), '2026-04-07', 'Maundy Thursday → Tuesday after Easter (Good Friday, weekend, Easter Monday)');
  t.equal(nextWeekday('2026-12-23'), '2026-12-28', 'Christmas: eve, day, Boxing day (Sat), Sunday');
  t.equal(nextWeekday('2026-06-18'), '2026-06-22', 'Midsummer eve (Fri), Midsummer day (Sat), Sunday');
  t.equal(nextWeekday('2026-04-30'), '2026-05-04', 'Första maj on a Friday');
});

t.test('start deadlines: 24 hours, or contact on the next weekday (Stockholm time)', async (t) => {
  const friday = new Date('2026-11-20T15:00:00Z'); // 16:00 in Göteborg
  const urgent = startDeadline(friday, true);
  t.same(urgent, { kind: 'start', dueBy: new Date('2026-11-21T15:00:00Z'), contactOn: null }, '24 hours over the weekend too');
  const plain = startDeadline(friday, false);
  t.equal(plain.kind, 'contact');
  t.equal(plain.contactOn, '2026-11-23');
  t.equal(plain.dueBy.toISOString(), '2026-11-23T23:00:00.000Z', 'end of Monday in Göteborg (CET)');
  // 23:30 UTC on Friday is 00:30 on Saturday in Göteborg: the local day counts.
  t.equal(startDeadline(new Date('2026-11-20T23:30:00Z'), false).contactOn, '2026-11-23', 'local Saturday → Monday');
  // Maundy Thursday: Good Friday, the weekend and Easter Monday are not weekdays.
  t.equal(startDeadline(new Date('2026-04-02T08:00:00Z'), false).contactOn, '2026-04-07');
  t.equal(startDeadline(new Date('2026-04-02T08:00:00Z'), false).dueBy.toISOString(), '2026-04-07T22:00:00.000Z', 'CEST');

  const none = { firstContactAt: null, firstVisitAt: null };
  t.notOk(isOverdue(plain, none, new Date('2026-11-23T22:59:00Z')));
  t.ok(isOverdue(plain, none, new Date('2026-11-23T23:00:01Z')));
  t.notOk(isOverdue(plain, { firstContactAt: new Date('2026-11-23T09:00:00Z'), firstVisitAt: null }, new Date('2026-12-01T00:00:00Z')), 'met');
  t.notOk(isOverdue(plain, { firstContactAt: null, firstVisitAt: new Date('2026-11-23T09:00:00Z') }, new Date('2026-12-01T00:00:00Z')), 'a first visit is a contact');
  t.ok(isOverdue(urgent, { firstContactAt: new Date('2026-11-20T16:00:00Z'), firstVisitAt: null }, new Date('2026-11-21T16:00:00Z')), 'a start needs the visit, not a call');
});
