import { z } from 'zod';

export const ROLES = [
  'admin',
  'case_worker',
  'it_contact',
  'manager',
  'care_staff',
  'licensed',
  'time_reporter',
  'reporting',
  'auditor',
] as const;

export const roleSchema = z.enum(ROLES).describe(
  'admin; case_worker (biståndshandläggare); it_contact (IT-kontaktperson); manager (chef); care_staff (omsorgspersonal); licensed (legitimerad personal); time_reporter (tidsregistreringssystem); reporting (uppföljning); auditor (granskare av loggar)',
);
export type Role = (typeof ROLES)[number];

/** Who asks: taken from a verified token. */
export interface Principal {
  /** Staff id, or a client id for systems. */
  sub: string;
  /** Organisation id. */
  org: string;
  roles: Role[];
}

export const hasRole = (p: Principal, ...roles: Role[]) => roles.some((r) => p.roles.includes(r));
