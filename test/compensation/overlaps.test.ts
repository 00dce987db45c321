import t from 'tap';
import { findOverlaps, type StoredOverlap } from '../../src/compensation/overlaps.js';
import type { Visit } from '../../src/compensation/schemas.js';

// Step 4 of a time-report batch, double staffing (dubbelbemanning), without a database.

const SYSTEM = 'phoniro-omsorg-vast';
const A = '30000000-0000-4000-8000-00000000000a';
const B = '30000000-0000-4000-8000-00000000000b';
const at = (hhmm: string) => Date.parse(`2019-05-14T${hhmm}:00Z`) / 1000;

interface V {
  id: string;
  staff: string;
  from: string;
  to: string;
  individual?: string;
  service?: Visit['serviceType'];
  status?: Visit['status'];
  two?: boolean;
}

const batch = (vs: V[]) =>
  vs.map((v, index) => ({
    index,
    checkIn: at(v.from),
    checkOut: at(v.to),
    needsTwoStaff: v.two ?? false,
    visit: {
      externalId: v.id,
      individualId: v.individual ?? A,
      unitId: '20000000-0000-4000-8000-000000000001',
      staffId: v.staff,
      serviceType: v.service ?? 'home_care_day_evening',
      checkIn: '',
      checkOut: '',
      status: v.status ?? 'performed',
    } satisfies Visit,
  }));

t.test('overlaps within a batch: the earlier kept visit stands', async (t) => {
  // [name, the batch, the indexes rejected with a reason matching]
  const cases: [string, V[], [number, RegExp][]][] = [
    ['one staff member, back to back', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00' }, { id: 'b', staff: 'karin', from: '10:00', to: '10:30' }], []],
    ['a second staff member, not granted', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00' }, { id: 'b', staff: 'kalle', from: '09:30', to: '10:30' }], [[1, /overlaps visit a for the same individual and service, which does not need two staff/]]],
    ['a second staff member, granted', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00', two: true }, { id: 'b', staff: 'kalle', from: '09:30', to: '10:30', two: true }], []],
    ['the same staff member twice at once, granted two', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00', two: true }, { id: 'b', staff: 'karin', from: '09:30', to: '10:30', two: true }], [[1, /overlaps visit a by the same staff member/]]],
    ['a third staff member when two are granted', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00', two: true }, { id: 'b', staff: 'kalle', from: '09:00', to: '10:00', two: true }, { id: 'c', staff: 'lena', from: '09:00', to: '10:00', two: true }], []],
    ['declined visits never overlap', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00' }, { id: 'b', staff: 'kalle', from: '09:30', to: '10:30', status: 'declined' }], []],
    ['a declined visit blocks nothing', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00', status: 'declined' }, { id: 'b', staff: 'kalle', from: '09:30', to: '10:30' }], []],
    ['added visits count', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00', status: 'added' }, { id: 'b', staff: 'kalle', from: '09:30', to: '10:30' }], [[1, /overlaps visit a/]]],
    ['other individuals', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00' }, { id: 'b', staff: 'karin', from: '09:00', to: '10:00', individual: B }], []],
    ['other services', [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00' }, { id: 'b', staff: 'kalle', from: '09:00', to: '10:00', service: 'escort' }], []],
    [
      'a rejected visit blocks nothing after it',
      [{ id: 'a', staff: 'karin', from: '09:00', to: '10:00' }, { id: 'b', staff: 'kalle', from: '09:50', to: '10:30' }, { id: 'c', staff: 'lena', from: '10:10', to: '10:40' }],
      [[1, /overlaps visit a/]],
    ],
    ['contained in another', [{ id: 'a', staff: 'karin', from: '09:00', to: '12:00' }, { id: 'b', staff: 'kalle', from: '10:00', to: '10:01' }], [[1, /overlaps visit a/]]],
  ];
  for (const [name, vs, expected] of cases) {
    const rejections = findOverlaps(batch(vs), [], SYSTEM);
    t.same(rejections.map((r) => r.index), expected.map(([i]) => i), name);
    expected.forEach(([, reason], n) => t.match(rejections[n]!.reason, reason, name));
  }
});

t.test('overlaps with stored visits', async (t) => {
  const stored = (index: number, externalId: string, staffId: string, reportingSystem = SYSTEM): StoredOverlap => ({ index, reportingSystem, externalId, staffId });
  const two = batch([{ id: 'a', staff: 'karin', from: '09:00', to: '10:00', two: true }]);
  const one = batch([{ id: 'a', staff: 'karin', from: '09:00', to: '10:00' }]);
  // [name, the batch, stored overlaps, rejected reason or null]
  const cases: [string, ReturnType<typeof batch>, StoredOverlap[], RegExp | null][] = [
    ['another staff member’s stored visit, one granted', one, [stored(0, 's-1', 'kalle')], /overlaps visit s-1 for the same individual/],
    ['another staff member’s stored visit, two granted', two, [stored(0, 's-1', 'kalle')], null],
    ['the same staff member’s stored visit, two granted', two, [stored(0, 's-1', 'karin')], /overlaps visit s-1 by the same staff member/],
    ['another system’s stored visit', one, [stored(0, 's-1', 'kalle', 'other-system')], /overlaps visit s-1/],
    ['its own stored version, re-sent in this batch', one, [stored(0, 'a', 'kalle')], null],
    ['another system’s visit with the same externalId', one, [stored(0, 'a', 'kalle', 'other-system')], /overlaps visit a/],
  ];
  for (const [name, vs, s, reason] of cases) {
    const rejections = findOverlaps(vs, s, SYSTEM);
    if (reason === null) t.same(rejections, [], name);
    else t.match(rejections, [{ index: 0, reason }], name);
  }
  // A visit of the batch moved away from a stored one it used to overlap: the stored version is its own old one.
  const moved = batch([
    { id: 'a', staff: 'karin', from: '11:00', to: '12:00' },
    { id: 'b', staff: 'kalle', from: '09:00', to: '10:00' },
  ]);
  t.same(findOverlaps(moved, [stored(1, 'a', 'karin')], SYSTEM), [], 'a re-sent visit is compared in its new form');
});
