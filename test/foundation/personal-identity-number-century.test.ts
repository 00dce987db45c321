import t from 'tap';
import { maskPersonalIdentityNumber, parsePersonalIdentityNumber } from '../../src/directory/personal-identity-number.js';
import { maskPersonalIdentityNumbers } from '../../src/logger.js';

/** The Luhn check digit of nine digits YYMMDDNNN. */
function checkDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
const ten = (yymmdd: string, nnn = '238') => `${yymmdd}${nnn}${checkDigit(yymmdd + nnn)}`;

// Noon in Göteborg on 22 November 2026: the day the 10-digit forms below are read on.
const today = new Date('2026-11-22T11:00:00Z');
const parse = (input: string) => parsePersonalIdentityNumber(input, today);
const normalised = (input: string) => {
  const r = parse(input);
  return r.ok ? r.normalised : r.reason;
};

t.test('10 digits: the century follows from the whole date of birth and the separator', async (t) => {
  const born = (yymmdd: string) => ten(yymmdd);
  // `-` or no separator: under 100 years old, so the latest such date on or before today.
  t.equal(normalised(`${born('261122').slice(0, 6)}-${born('261122').slice(6)}`), `20${born('261122')}`, 'born today');
  t.equal(normalised(born('261121')), `20${born('261121')}`, 'born yesterday');
  t.equal(normalised(`${born('261212').slice(0, 6)}-${born('261212').slice(6)}`), `19${born('261212')}`, 'turns 100 in December: 1926, not a birth date in the future');
  t.equal(normalised(born('261123')), `19${born('261123')}`, 'turns 100 tomorrow');
  t.equal(normalised(born('270101')), `19${born('270101')}`);
  t.equal(normalised(born('000229')), `20${born('000229')}`, 'a leap day');
  // `+`: 100 years or older, so the latest such date on or before today a hundred years ago.
  t.equal(normalised(`${born('261122').slice(0, 6)}+${born('261122').slice(6)}`), `19${born('261122')}`, '100 today');
  t.equal(normalised(`${born('261123').slice(0, 6)}+${born('261123').slice(6)}`), `18${born('261123')}`, '100 tomorrow, so 1826 if written with +');
  t.equal(normalised(`${born('121212').slice(0, 6)}+${born('121212').slice(6)}`), `19${born('121212')}`);
  // Samordningsnummer: day + 60, the century from the real day.
  const coordination = ten('261272'); // 12 December + 60
  const c = parse(coordination);
  t.same(c, { ok: true, normalised: `19${coordination}`, coordinationNumber: true }, 'samordningsnummer of a 99-year-old');
  t.same(parse(ten('261122').replace(/^(\d{6})/, '$1-')), { ok: true, normalised: `20${ten('261122')}`, coordinationNumber: false });
});

t.test('a date of birth in the future is refused', async (t) => {
  for (const input of [`20${ten('261123')}`, `2099${ten('991231').slice(2)}`, `20${ten('261283')}`]) {
    const r = parse(input);
    t.equal(r.ok, false, input);
    if (!r.ok) t.match(r.reason, /future/, input);
  }
  t.equal(parse(`20${ten('261122')}`).ok, true, 'born today');
  t.equal(parsePersonalIdentityNumber(`20${ten('261123')}`, new Date('2026-11-23T11:00:00Z')).ok, true, 'valid once the day has come');
});

t.test('days that do not exist, and check digits', async (t) => {
  const cases: [string, RegExp][] = [
    [ten('700160'), /date/], // day 60: neither a day nor a coordination day
    [ten('700192'), /date/], // coordination day 92 (32nd)
    [ten('700100'), /date/],
    [ten('700001'), /date/],
    [`19${ten('000229')}`, /date/], // 1900 was no leap year
    [`${ten('701063').slice(0, 9)}${(Number(ten('701063').slice(9)) + 1) % 10}`, /check digit/],
    ['0000000000', /date/],
    ['19121212 1212', /10 or 12 digits/],
    ['19121212–1212', /10 or 12 digits/], // an en dash
    ['１９１２１２１２１２１２', /10 or 12 digits/], // full-width digits
    ['121212-12-12', /10 or 12 digits/],
  ];
  for (const [input, reason] of cases) {
    const r = parse(input);
    t.equal(r.ok, false, input);
    if (!r.ok) t.match(r.reason, reason, `${input}: ${r.reason}`);
  }
});

t.test('masking, also in logged text', async (t) => {
  t.equal(maskPersonalIdentityNumber('197010632391'), '19701063-****', 'a samordningsnummer keeps its day');
  const cases: [string, string][] = [
    ['GET /v1/individuals?namePrefix=121212%2D1212', 'GET /v1/individuals?namePrefix=[pin]'],
    ['GET /v1/individuals?namePrefix=121212%2b1212', 'GET /v1/individuals?namePrefix=[pin]'],
    ['params: 195502153124,Cecilia,10000000-0000-4000-8000-000000000001', 'params: [pin],Cecilia,10000000-0000-4000-8000-000000000001'],
    ['Key (personal_identity_number)=(195502153124) already exists.', 'Key (personal_identity_number)=([pin]) already exists.'],
    ['{"personalIdentityNumber":"550215-3124"}', '{"personalIdentityNumber":"[pin]"}'],
    ['request 30000000-0000-4000-8000-000000000001 done', 'request 30000000-0000-4000-8000-000000000001 done'],
    ['12345678901234', '12345678901234'],
  ];
  for (const [input, masked] of cases) t.equal(maskPersonalIdentityNumbers(input), masked, input);
});
