import t from 'tap';
import { parseOrganisationNumber } from '../../src/directory/organisation-number.js';
import { maskPersonalIdentityNumber, parsePersonalIdentityNumber } from '../../src/directory/personal-identity-number.js';
import { maskPersonalIdentityNumbers } from '../../src/logger.js';

t.test('valid numbers normalise to 12 digits', async (t) => {
  const valid: [string, string, boolean][] = [
    ['19121212-1212', '191212121212', false],
    ['191212121212', '191212121212', false],
    ['121212-1212', '201212121212', false], // '-' : under 100 years, so 2012
    ['121212+1212', '191212121212', false], // '+' : 100 years or older
    ['1212121212', '201212121212', false],
    ['19410708-2341', '194107082341', false],
    ['701063-2391', '197010632391', true], // samordningsnummer: day 03 + 60
    ['19520867-3458', '195208673458', true],
    [' 19380412-4562 ', '193804124562', false],
  ];
  for (const [input, normalised, coordination] of valid) {
    const r = parsePersonalIdentityNumber(input);
    t.same(r, { ok: true, normalised, coordinationNumber: coordination }, input);
  }
});

t.test('invalid numbers are refused with a reason', async (t) => {
  const invalid: [string, RegExp][] = [
    ['19121212-1213', /check digit/],
    ['191212121213', /check digit/],
    ['991332-1239', /date/], // month 13, check digit right
    ['990230-1234', /date/], // 30 February, check digit right
    ['19121212-121', /10 or 12 digits/],
    ['1912121212123', /10 or 12 digits/],
    ['19121212-12AB', /10 or 12 digits/],
    ['', /10 or 12 digits/],
    ['19121212+1212', /10-digit/],
  ];
  for (const [input, reason] of invalid) {
    const r = parsePersonalIdentityNumber(input);
    t.equal(r.ok, false, input);
    if (!r.ok) t.match(r.reason, reason, `${input}: ${r.reason}`);
  }
});

t.test('masking', async (t) => {
  t.equal(maskPersonalIdentityNumber('191212121212'), '19121212-****');
  t.equal(maskPersonalIdentityNumbers('GET /x?pin=19121212-1212&y=121212+1212 and 191212121212'), 'GET /x?pin=[pin]&y=[pin] and [pin]');
  t.equal(maskPersonalIdentityNumbers('uuid 10000000-0000-4000-8000-000000000001'), 'uuid 10000000-0000-4000-8000-000000000001', 'ids are left alone');
});

t.test('organisation numbers', async (t) => {
  t.same(parseOrganisationNumber('212000-1355'), { ok: true, normalised: '212000-1355' });
  t.same(parseOrganisationNumber('5560160680'), { ok: true, normalised: '556016-0680' });
  t.equal(parseOrganisationNumber('556016-0681').ok, false, 'check digit');
  t.equal(parseOrganisationNumber('55601606').ok, false, 'length');
});
