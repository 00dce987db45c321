import { sql } from 'drizzle-orm';
import type { Role } from '../auth/roles.js';
import { DEV_CITY_ORGANISATION_ID } from '../config.js';
import type { Db } from '../db/client.js';
import { apiClients, individuals, organisations, staff, units } from '../db/schema/index.js';

/** Fixed ids so the demo city and the tests can name things; loading twice changes nothing. */
export const demo = {
  org: {
    district: '10000000-0000-4000-8000-000000000001',
    privateProvider: '10000000-0000-4000-8000-000000000002',
    municipalProvider: '10000000-0000-4000-8000-000000000003',
    nightUnit: '10000000-0000-4000-8000-000000000004',
    alarmUnit: '10000000-0000-4000-8000-000000000005',
    cameraUnit: '10000000-0000-4000-8000-000000000006',
    contractUnit: DEV_CITY_ORGANISATION_ID,
    otherProvider: '10000000-0000-4000-8000-000000000008',
    otherDistrict: '10000000-0000-4000-8000-000000000009',
  },
  unit: {
    privateCentrum: '20000000-0000-4000-8000-000000000001',
    municipalCentrum: '20000000-0000-4000-8000-000000000002',
    nightCentrum: '20000000-0000-4000-8000-000000000003',
    alarm: '20000000-0000-4000-8000-000000000004',
    camera: '20000000-0000-4000-8000-000000000005',
    otherProvider: '20000000-0000-4000-8000-000000000006',
  },
  individual: {
    astrid: '30000000-0000-4000-8000-000000000001',
    bertil: '30000000-0000-4000-8000-000000000002',
  },
} as const;

export const demoOrganisations = [
  { id: demo.org.district, name: 'Stadsdelsförvaltning Centrum', kind: 'district', organisationNumber: '212000-1355' },
  { id: demo.org.otherDistrict, name: 'Stadsdelsförvaltning Hisingen', kind: 'district', organisationNumber: '212000-1355' },
  { id: demo.org.privateProvider, name: 'Omsorg Väst AB', kind: 'private_provider', organisationNumber: '556016-0680' },
  { id: demo.org.otherProvider, name: 'Trygg Omsorg i Göteborg AB', kind: 'private_provider', organisationNumber: '556703-7485' },
  { id: demo.org.municipalProvider, name: 'Hemtjänsten Centrum (egen regi)', kind: 'municipal_provider', organisationNumber: '212000-1355' },
  { id: demo.org.nightUnit, name: 'Hemtjänst natt Göteborg', kind: 'city_unit', organisationNumber: '212000-1355' },
  { id: demo.org.alarmUnit, name: 'Trygghetslarm Göteborg', kind: 'city_unit', organisationNumber: '212000-1355' },
  { id: demo.org.cameraUnit, name: 'Trygghetsjouren', kind: 'city_unit', organisationNumber: '212000-1355' },
  { id: demo.org.contractUnit, name: 'Avtalsenheten (EKU)', kind: 'contract_unit', organisationNumber: '212000-1355' },
] as const;

/** The demo units, each with an external code (a provider's own code, or an HSA id for the city's units). */
export const demoUnits = [
  { id: demo.unit.privateCentrum, organisationId: demo.org.privateProvider, name: 'Omsorg Väst Centrum', areas: ['Centrum', 'Majorna-Linné'], externalCode: 'OV-CENTRUM' },
  { id: demo.unit.otherProvider, organisationId: demo.org.otherProvider, name: 'Trygg Omsorg Hisingen', areas: ['Norra Hisingen'], externalCode: 'TO-HISINGEN' },
  { id: demo.unit.municipalCentrum, organisationId: demo.org.municipalProvider, name: 'Hemtjänst Centrum dag/kväll', areas: ['Centrum'], externalCode: 'SE2321000131-E000000000101' },
  { id: demo.unit.nightCentrum, organisationId: demo.org.nightUnit, name: 'Hemtjänst natt Centrum', areas: ['Centrum', 'Majorna-Linné'], externalCode: 'SE2321000131-E000000000102' },
  { id: demo.unit.alarm, organisationId: demo.org.alarmUnit, name: 'Larmenheten', areas: [], externalCode: 'SE2321000131-E000000000103' },
  { id: demo.unit.camera, organisationId: demo.org.cameraUnit, name: 'Trygghetsjouren', areas: [], externalCode: 'SE2321000131-E000000000104' },
];

export interface DemoStaff {
  id: string;
  name: string;
  organisationId: string;
  unitId: string | null;
  roles: Role[];
  managerId: string | null;
}

export const demoStaff: DemoStaff[] = [
  { id: 'admin-anna', name: 'Anna Admin', organisationId: demo.org.contractUnit, unitId: null, roles: ['admin'], managerId: null },
  { id: 'eku-erik', name: 'Erik på Avtalsenheten', organisationId: demo.org.contractUnit, unitId: null, roles: ['reporting'], managerId: null },
  { id: 'auditor-agnes', name: 'Agnes Granskare', organisationId: demo.org.contractUnit, unitId: null, roles: ['auditor'], managerId: null },
  { id: 'caseworker-cecilia', name: 'Cecilia Handläggare', organisationId: demo.org.district, unitId: null, roles: ['case_worker'], managerId: null },
  { id: 'caseworker-hugo', name: 'Hugo Handläggare', organisationId: demo.org.otherDistrict, unitId: null, roles: ['case_worker'], managerId: null },
  { id: 'manager-maria', name: 'Maria Chef', organisationId: demo.org.privateProvider, unitId: demo.unit.privateCentrum, roles: ['manager'], managerId: null },
  { id: 'itcontact-ivan', name: 'Ivan IT-kontakt', organisationId: demo.org.privateProvider, unitId: null, roles: ['it_contact'], managerId: null },
  { id: 'care-karin', name: 'Karin Undersköterska', organisationId: demo.org.privateProvider, unitId: demo.unit.privateCentrum, roles: ['care_staff'], managerId: 'manager-maria' },
  { id: 'care-kalle', name: 'Kalle Vårdbiträde', organisationId: demo.org.privateProvider, unitId: demo.unit.privateCentrum, roles: ['care_staff'], managerId: 'manager-maria' },
  { id: 'nurse-lena', name: 'Lena Sjuksköterska', organisationId: demo.org.privateProvider, unitId: demo.unit.privateCentrum, roles: ['licensed'], managerId: 'manager-maria' },
  { id: 'other-olle', name: 'Olle på Trygg Omsorg', organisationId: demo.org.otherProvider, unitId: demo.unit.otherProvider, roles: ['manager', 'care_staff', 'it_contact', 'licensed'], managerId: null },
  { id: 'night-nils', name: 'Nils Nattpersonal', organisationId: demo.org.nightUnit, unitId: demo.unit.nightCentrum, roles: ['care_staff', 'it_contact'], managerId: null },
  { id: 'alarm-alva', name: 'Alva Larmoperatör', organisationId: demo.org.alarmUnit, unitId: demo.unit.alarm, roles: ['care_staff', 'it_contact'], managerId: null },
  { id: 'camera-cornelia', name: 'Cornelia Trygghetsjouren', organisationId: demo.org.cameraUnit, unitId: demo.unit.camera, roles: ['care_staff', 'it_contact'], managerId: null },
  { id: 'municipal-mats', name: 'Mats egen regi', organisationId: demo.org.municipalProvider, unitId: demo.unit.municipalCentrum, roles: ['manager', 'care_staff', 'it_contact'], managerId: null },
];

/** Systems registered as API clients (tidsregistreringssystem): they report visits for their own organisation only. */
export const demoApiClients: { id: string; name: string; organisationId: string; roles: Role[]; registeredBy: string }[] = [
  { id: 'phoniro-omsorg-vast', name: 'Tidsregistrering (Omsorg Väst)', organisationId: demo.org.privateProvider, roles: ['time_reporter'], registeredBy: 'admin-anna' },
  { id: 'phoniro-egen-regi', name: 'Tidsregistrering (egen regi)', organisationId: demo.org.municipalProvider, roles: ['time_reporter'], registeredBy: 'admin-anna' },
];

export const demoIndividuals = [
  { id: demo.individual.astrid, personalIdentityNumber: '194107082341', name: 'Astrid Andersson', districtId: demo.org.district },
  { id: demo.individual.bertil, personalIdentityNumber: '193804124562', name: 'Bertil Berg', districtId: demo.org.district },
];

/** Loads the demo city's directory; features add their own demo data through `demoExtensions`. */
export async function loadDemoDirectory(db: Db): Promise<void> {
  await db.insert(organisations).values([...demoOrganisations]).onConflictDoNothing();
  // A demo city loaded before units had codes gets them; a code set since is kept.
  await db
    .insert(units)
    .values(demoUnits)
    .onConflictDoUpdate({ target: units.id, set: { externalCode: sql`coalesce(units.external_code, excluded.external_code)` } });
  // Managers first: staff reference them.
  const managersFirst = [...demoStaff].sort((a, b) => Number(a.managerId !== null) - Number(b.managerId !== null));
  await db.insert(staff).values(managersFirst).onConflictDoNothing();
  await db.insert(individuals).values(demoIndividuals).onConflictDoNothing();
  await db.insert(apiClients).values(demoApiClients).onConflictDoNothing();
}
