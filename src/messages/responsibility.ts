import { SERVICE_TYPES, type ServiceType } from '../individuals/service-rules.js';

/**
 * Who must inform whom (the city's routine for information transfer): for the service an organisation performs,
 * the services whose performers it must tell of anything that affects the individual's care.
 */
export const MUST_INFORM: Record<ServiceType, ServiceType[]> = {
  // Day/evening home care tells the night unit; relief and escort work both ways with it; it tells
  // Trygghetsjouren what affects the camera supervision.
  home_care_day_evening: ['home_care_night', 'relief', 'escort', 'camera_supervision'],
  home_care_night: ['home_care_day_evening'],
  relief: ['escort', 'home_care_day_evening'],
  escort: ['relief', 'home_care_day_evening'],
  // The alarm unit reports each alarm it handles to the day/evening provider.
  safety_alarm: ['home_care_day_evening'],
  camera_supervision: ['home_care_day_evening'],
};

/** The services to inform, given the services the sender's organisation performs for the individual. */
export function servicesToInform(performed: ServiceType[]): ServiceType[] {
  return [...new Set(performed.flatMap((s) => MUST_INFORM[s]))];
}

export interface PerformedService {
  organisationId: string;
  serviceType: ServiceType;
}

export interface GroupAddress {
  id: string;
  organisationId: string;
  serviceTypes: ServiceType[];
}

/**
 * The groups the sender's organisation should inform about an individual: groups of the other organisations that
 * perform a service the sender's own services must inform, chosen by the services the group receives about.
 * One entry per group (in the order given), with the services that make it one to inform (in SERVICE_TYPES order).
 */
export function groupsToInform<G extends GroupAddress>(senderOrganisationId: string, active: PerformedService[], groups: G[]): { group: G; serviceTypes: ServiceType[] }[] {
  const informed = servicesToInform(active.filter((a) => a.organisationId === senderOrganisationId).map((a) => a.serviceType));
  const targets = active.filter((a) => a.organisationId !== senderOrganisationId && informed.includes(a.serviceType));
  return groups.flatMap((group) => {
    const serviceTypes = SERVICE_TYPES.filter((s) => group.serviceTypes.includes(s) && targets.some((t) => t.organisationId === group.organisationId && t.serviceType === s));
    return serviceTypes.length ? [{ group, serviceTypes }] : [];
  });
}
