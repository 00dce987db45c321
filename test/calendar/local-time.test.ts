import t from 'tap';
import { localDateOf, localMidnight, offsetMs, wallToInstant, zonedToUtc } from '../../src/calendar/local-time.js';

const S = 'Europe/Stockholm';
const iso = (ms: number) => new Date(ms).toISOString();

t.test('local wall clock to instant in Europe/Stockholm', async (t) => {
  t.equal(iso(zonedToUtc('2024-01-15', '07:00', S)), '2024-01-15T06:00:00.000Z', 'winter, +01:00');
  t.equal(iso(zonedToUtc('2024-07-15', '19:00', S)), '2024-07-15T17:00:00.000Z', 'summer, +02:00');
  // Spring: 2024-03-31 02:00 CET → 03:00 CEST; 02:00–02:59 does not exist.
  t.equal(iso(zonedToUtc('2024-03-31', '01:59', S)), '2024-03-31T00:59:00.000Z');
  t.equal(iso(zonedToUtc('2024-03-31', '02:00', S)), '2024-03-31T01:00:00.000Z', 'skipped: the transition');
  t.equal(iso(zonedToUtc('2024-03-31', '02:30', S)), '2024-03-31T01:00:00.000Z', 'skipped: the transition');
  t.equal(iso(zonedToUtc('2024-03-31', '03:00', S)), '2024-03-31T01:00:00.000Z');
  t.equal(iso(zonedToUtc('2024-03-31', '07:00', S)), '2024-03-31T05:00:00.000Z');
  // Autumn: 2024-10-27 03:00 CEST → 02:00 CET; 02:00–02:59 happens twice.
  t.equal(iso(zonedToUtc('2024-10-27', '02:00', S)), '2024-10-27T00:00:00.000Z', 'repeated: the first time');
  t.equal(iso(zonedToUtc('2024-10-27', '02:30', S)), '2024-10-27T00:30:00.000Z', 'repeated: the first time');
  t.equal(iso(zonedToUtc('2024-10-27', '03:00', S)), '2024-10-27T02:00:00.000Z');
  t.equal(iso(zonedToUtc('2024-10-27', '00:00', S)), '2024-10-26T22:00:00.000Z');
  t.equal(iso(zonedToUtc('2024-10-28', '00:00', S)), '2024-10-27T23:00:00.000Z', 'that day had 25 hours');
  t.equal(localMidnight('2021-04-01', S).toISOString(), '2021-03-31T22:00:00.000Z', 'a rate from 2021-04-01 starts here');
  t.throws(() => zonedToUtc('2024-13-01', '07:00', S), RangeError);
  t.throws(() => zonedToUtc('2024-1-01', '07:00', S), RangeError);
  t.throws(() => zonedToUtc('2024-01-01', '7:00', S), RangeError);
  t.throws(() => zonedToUtc('2024-01-01', '07:00', 'Mars/Olympus'), RangeError);
});

t.test('instant to local date and offset', async (t) => {
  t.equal(localDateOf(Date.parse('2024-10-26T21:59:59Z'), S), '2024-10-26');
  t.equal(localDateOf(Date.parse('2024-10-26T22:00:00Z'), S), '2024-10-27');
  t.equal(localDateOf(Date.parse('2024-12-31T23:00:00Z'), S), '2025-01-01', 'a new year starts an hour before UTC');
  t.equal(offsetMs(Date.parse('2024-03-31T00:59:59.999Z'), S), 3_600_000);
  t.equal(offsetMs(Date.parse('2024-03-31T01:00:00Z'), S), 7_200_000);
  t.equal(offsetMs(Date.parse('2024-10-27T00:59:59Z'), S), 7_200_000);
  t.equal(offsetMs(Date.parse('2024-10-27T01:00:00Z'), S), 3_600_000);
});

t.test('other zones: robustness of the conversion', async (t) => {
  // São Paulo skipped midnight (2018-11-04 00:00 → 01:00): the day starts at 01:00 local.
  t.equal(localMidnight('2018-11-04', 'America/Sao_Paulo').toISOString(), '2018-11-04T03:00:00.000Z');
  t.equal(localDateOf(Date.parse('2018-11-04T02:59:59Z'), 'America/Sao_Paulo'), '2018-11-03');
  // …and repeated 23:00–23:59 on 2019-02-16: the first time is at −02:00.
  t.equal(iso(zonedToUtc('2019-02-16', '23:30', 'America/Sao_Paulo')), '2019-02-17T01:30:00.000Z');
  t.equal(iso(zonedToUtc('2024-01-01', '07:00', 'Asia/Kolkata')), '2024-01-01T01:30:00.000Z', 'half-hour offset');
  t.equal(iso(zonedToUtc('2024-10-06', '02:15', 'Australia/Lord_Howe')), '2024-10-05T15:30:00.000Z', 'half-hour daylight saving');
  // Berlin (Stockholm's zone data in current tzdata) left local mean time (+00:53:28) at 1893-03-31T23:06:32Z,
  // inside a quarter hour: the offset memo must not smear it over the quarter.
  t.equal(offsetMs(Date.parse('1893-03-31T23:06:31Z'), 'Europe/Berlin'), 3208_000);
  t.equal(offsetMs(Date.parse('1893-03-31T23:06:32Z'), 'Europe/Berlin'), 3600_000);
  t.equal(offsetMs(Date.parse('1893-03-31T23:00:00Z'), 'Europe/Berlin'), 3208_000);
  t.equal(offsetMs(Date.parse('1893-03-31T23:14:59Z'), 'Europe/Berlin'), 3600_000);
  // 1893-04-01 00:00–00:06:31 local did not exist there.
  t.equal(iso(wallToInstant(Date.parse('1893-04-01T00:03:00Z'), 'Europe/Berlin')), '1893-03-31T23:06:32.000Z');
  t.equal(iso(wallToInstant(Date.parse('0050-06-01T12:00:00Z'), 'UTC')), '0050-06-01T12:00:00.000Z', 'years below 100 stay literal');
});
