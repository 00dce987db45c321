import type { ServiceType } from '../individuals/service-rules.js';

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
