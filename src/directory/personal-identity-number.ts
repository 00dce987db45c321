import * as personnummerModule from 'personnummer';

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
 */
export function parsePersonalIdentityNumber(input: string): PinResult {
  const trimmed = input.trim();
  if (!/^(\d{6}|\d{8})[-+]?\d{4}$/.test(trimmed)) {
    return { ok: false, reason: 'must be 10 or 12 digits, optionally with - or + before the last four' };
  }
  if (trimmed.includes('+') && trimmed.length !== 11) {
    return { ok: false, reason: '+ is only used in the 10-digit form' };
  }
  let parsed: ReturnType<PersonnummerApi['parse']>;
  try {
    parsed = Personnummer.parse(trimmed);
  } catch {
    return { ok: false, reason: describeFailure(trimmed) };
  }
  return { ok: true, normalised: parsed.format(true), coordinationNumber: parsed.isCoordinationNumber() };
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
