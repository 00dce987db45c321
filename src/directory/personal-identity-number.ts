import * as personnummerModule from 'personnummer';
import { localDate } from '../calendar/local-date.js';

// The package's CommonJS entry exports the class itself while its typings say `export default`: take either,
// typed by the part we use.
interface PersonnummerApi {
  parse(value: string): { format(longFormat?: boolean): string; isCoordinationNumber(): boolean };
}
const Personnummer = ((personnummerModule as { default?: unknown }).default ?? personnummerModule) as PersonnummerApi;

export type PinResult =
  | { ok: true; normalised: string; coordinationNumber: boolean }
  | { ok: false; reason: string };

/**
 * Validates a personnummer or samordningsnummer (10 or 12 digits, with or without separator; `+` marks 100 years
 * or older in the 10-digit form) and normalises it to 12 digits YYYYMMDDNNNC. Pure: no I/O, never logs.
 * `today` (default: now) is the day the 10-digit form is read on.
 */
export function parsePersonalIdentityNumber(input: string, today: Date = new Date()): PinResult {
  const trimmed = input.trim();
  if (!/^(\d{6}|\d{8})[-+]?\d{4}$/.test(trimmed)) {
    return { ok: false, reason: 'must be 10 or 12 digits, optionally with - or + before the last four' };
  }
  if (trimmed.includes('+') && trimmed.length !== 11) {
    return { ok: false, reason: '+ is only used in the 10-digit form' };
  }
  const digits = trimmed.replace(/[-+]/, '');
  const todayDigits = localDate(today).replace(/-/g, '');
  // The century is ours to find, from the whole date: the library takes it from the year alone, so a 99-year-old
  // born later in this calendar year (`261212-…` read on 2026-11-22) came out born in the future, 2026-12-12.
  const full = digits.length === 12 ? digits : centuryOf(digits, trimmed.includes('+'), todayDigits) + digits;
  let parsed: ReturnType<PersonnummerApi['parse']>;
  try {
    parsed = Personnummer.parse(full);
  } catch {
    return { ok: false, reason: describeFailure(trimmed) };
  }
  // Nobody is born in the future (the library accepted 20991231-…).
  if (birthDate(full) > todayDigits) return { ok: false, reason: 'is not a valid date of birth (it lies in the future)' };
  return { ok: true, normalised: parsed.format(true), coordinationNumber: parsed.isCoordinationNumber() };
}

/** YYYYMMDD of a 12-digit number, the samordningsnummer's day (+60) taken back to the day of birth. */
function birthDate(twelve: string): string {
  const day = Number(twelve.slice(6, 8));
  return twelve.slice(0, 6) + String(day > 60 ? day - 60 : day).padStart(2, '0');
}

/**
 * The first two digits of the year for YYMMDDNNNC: the latest date of birth with these digits on or before today
 * (`-` or no separator: under 100 years old) or on or before today a hundred years ago (`+`: 100 or older).
 */
function centuryOf(ten: string, hundredOrOlder: boolean, todayDigits: string): string {
  const reference = Number(todayDigits) - (hundredOrOlder ? 100 * 10_000 : 0);
  const referenceYear = Math.floor(reference / 10_000);
  let year = referenceYear - ((referenceYear - Number(ten.slice(0, 2)) + 100) % 100);
  if (Number(birthDate(`${year}${ten.slice(2)}`)) > reference) year -= 100;
  return String(year).slice(0, 2);
}

/** Tells the two usual mistakes apart for a clearer message. */
function describeFailure(value: string): string {
  const digits = value.replace(/[-+]/g, '');
  const ten = digits.length === 12 ? digits.slice(2) : digits;
  if (luhnValid(ten)) return 'is not a valid date of birth (or coordination number day)';
  return 'has a wrong check digit';
}

function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Lists show only the date part: 19121212-****. */
export function maskPersonalIdentityNumber(normalised: string): string {
  return `${normalised.slice(0, 8)}-****`;
}
