// OpenAPI examples for the individuals' fees (avgifter) in March 2025, Stadsdelsförvaltning Centrum: Astrid Andersson
// (home care and a safety alarm, under her own ceiling) and Bertil Berg (many hours and an alarm, capped by the
// maxtaxa). 213 SEK an hour and a maxtaxa of 2 125 SEK are the seeded rates; the city set the alarm fee for 2025.
import type { z } from 'zod';
import { toCsv } from '../http/csv.js';
import { feeStatementTable } from './csv.js';
import { demo } from '../demo/city.js';
import type { createFeeCeilingBody, createFeeRateBody, feeCeilingSchema, feeRateSchema, feeStatementSchema } from './schemas.js';

const ASTRID = demo.individual.astrid;
const BERTIL = demo.individual.bertil;
const DISTRICT = demo.org.district;

export const createFeeRateExample: z.input<typeof createFeeRateBody> = { component: 'alarm_monthly', validFrom: '2025-01-01', amountOre: 22500 };
export const feeRateExample: z.output<typeof feeRateSchema> = {
  id: 'b3d9f0a2-6e41-4c8b-9a57-2f1e8c4d7b60',
  component: 'alarm_monthly',
  validFrom: '2025-01-01',
  amountOre: 22500,
  createdBy: 'admin-anna',
  createdAt: '2025-02-06T13:52:18.000Z',
};
export const feeRatesExample: { items: z.output<typeof feeRateSchema>[] } = {
  items: [
    { id: '0f6c2b8e-1a3d-4e5f-9b7c-8d2e4f6a1c30', component: 'hourly', validFrom: '2020-01-01', amountOre: 21300, createdBy: 'migration', createdAt: '2025-01-13T08:00:00.000Z' },
    { id: '5a8e3c71-2b4d-4f69-8c1e-7d3f5b9a2e41', component: 'monthly_ceiling', validFrom: '2020-01-01', amountOre: 212500, createdBy: 'migration', createdAt: '2025-01-13T08:00:00.000Z' },
    feeRateExample,
  ],
};

export const createFeeCeilingExample: z.input<typeof createFeeCeilingBody> = { individualId: ASTRID, validFrom: '2025-01-01', validTo: '2025-12-31', monthlyOre: 150000 };
export const feeCeilingExample: z.output<typeof feeCeilingSchema> = {
  id: 'd27a4e90-3f1b-4c6d-8e25-9b0c7a1f4d83',
  individualId: ASTRID,
  validFrom: '2025-01-01',
  validTo: '2025-12-31',
  monthlyOre: 150000,
  recordedBy: 'caseworker-cecilia',
  createdAt: '2024-12-16T14:25:00.000Z',
};
export const feeCeilingsExample: { items: z.output<typeof feeCeilingSchema>[] } = {
  items: [
    { id: '91c5e3b7-0d2a-4f48-b6e9-4a7d1c8f2e05', individualId: ASTRID, validFrom: '2024-01-01', validTo: '2024-12-31', monthlyOre: 138000, recordedBy: 'caseworker-cecilia', createdAt: '2023-12-11T10:05:00.000Z' },
    feeCeilingExample,
  ],
};

// Astrid: 13 920 s × 21 300 / 3 600 = 82 360 öre for the hours, 22 500 for the alarm; below her ceiling of 1 500 SEK.
// Bertil: 144 900 s (40 h 15 min) × 21 300 / 3 600 = 857 325 öre, plus the alarm: 879 825 öre, capped at the maxtaxa.
export const feeStatementExample: z.output<typeof feeStatementSchema> = {
  month: '2025-03',
  districtId: DISTRICT,
  currency: 'SEK',
  rates: { hourlyOre: 21300, maxtaxaOre: 212500, alarmMonthlyOre: 22500 },
  closed: false,
  lines: [
    {
      individualId: ASTRID,
      individualName: 'Astrid Andersson',
      districtId: DISTRICT,
      performedSeconds: 13920,
      performedVisits: 6,
      declinedVisits: 1,
      hourlyFeeOre: 21300,
      hoursOre: 82360,
      alarmMonth: true,
      alarmOre: 22500,
      beforeCapOre: 104860,
      maxtaxaOre: 212500,
      individualCeilingOre: 150000,
      capOre: 150000,
      capSource: 'individual_ceiling',
      capApplied: false,
      feeOre: 104860,
    },
    {
      individualId: BERTIL,
      individualName: 'Bertil Berg',
      districtId: DISTRICT,
      performedSeconds: 144900,
      performedVisits: 62,
      declinedVisits: 0,
      hourlyFeeOre: 21300,
      hoursOre: 857325,
      alarmMonth: true,
      alarmOre: 22500,
      beforeCapOre: 879825,
      maxtaxaOre: 212500,
      individualCeilingOre: null,
      capOre: 212500,
      capSource: 'maxtaxa',
      capApplied: true,
      feeOre: 212500,
    },
  ],
  total: { individuals: 2, beforeCapOre: 984685, feeOre: 317360 },
};
/** Written by the export's own writer from the JSON example. */
export const feeStatementCsvExample = toCsv(feeStatementTable(feeStatementExample));
