import type { OrganisationKind } from '../db/schema/kinds.js';

/** Which organisations may perform which service (insats), from the routines of the City of Göteborg. Pure. */
export const SERVICE_TYPES = [
  'home_care_day_evening',
  'home_care_night',
  'relief',
  'escort',
  'safety_alarm',
  'camera_supervision',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** The city's own organisations: its units (night, alarm, Trygghetsjouren) and its home care (egen regi). */
const CITY: readonly OrganisationKind[] = ['city_unit', 'municipal_provider'];

/**
 * May an organisation of `kind` hold `service`? Relief and escort go to the city or to the same private provider
 * the individual chose for home care (`isChosenHomeCareProvider`).
 */
export function mayPerform(kind: OrganisationKind, service: ServiceType, isChosenHomeCareProvider: boolean): { ok: true } | { ok: false; reason: string } {
  switch (service) {
    case 'home_care_day_evening':
      return kind === 'private_provider' || kind === 'municipal_provider'
        ? { ok: true }
        : { ok: false, reason: 'home care day/evening is performed by a private provider or the municipal provider (egen regi)' };
    case 'home_care_night':
    case 'safety_alarm':
    case 'camera_supervision':
      return CITY.includes(kind) ? { ok: true } : { ok: false, reason: `${service} is performed by the city` };
    case 'relief':
    case 'escort':
      if (CITY.includes(kind)) return { ok: true };
      if (kind === 'private_provider' && isChosenHomeCareProvider) return { ok: true };
      return { ok: false, reason: `${service} is performed by the city, or by the private provider the individual chose for home care` };
  }
}

/** Granted time (beviljad tid) belongs to home care. */
export const takesGrantedTime = (service: ServiceType) => service === 'home_care_day_evening' || service === 'home_care_night';

/** Two date ranges (end inclusive, null = open) overlap. */
export function periodsOverlap(a: { startDate: string; endDate: string | null }, b: { startDate: string; endDate: string | null }): boolean {
  return (a.endDate === null || a.endDate >= b.startDate) && (b.endDate === null || b.endDate >= a.startDate);
}
