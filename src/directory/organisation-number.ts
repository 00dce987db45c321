import * as organisationsnummerModule from 'organisationsnummer';

// Same CommonJS/typings mismatch as personnummer.
interface OrganisationsnummerApi {
  parse(value: string): { format(separator?: boolean): string };
}
const Organisationsnummer = ((organisationsnummerModule as { default?: unknown }).default ??
  organisationsnummerModule) as OrganisationsnummerApi;

/** Validates a Swedish organisationsnummer (Luhn check digit) and normalises it to NNNNNN-NNNN. */
export function parseOrganisationNumber(input: string): { ok: true; normalised: string } | { ok: false; reason: string } {
  const trimmed = input.trim();
  if (!/^(\d{2})?\d{6}-?\d{4}$/.test(trimmed)) return { ok: false, reason: 'must be 10 digits, NNNNNN-NNNN' };
  try {
    return { ok: true, normalised: Organisationsnummer.parse(trimmed).format(true) };
  } catch {
    return { ok: false, reason: 'is not a valid organisation number (check digit)' };
  }
}
