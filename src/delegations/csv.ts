import { csvColumns } from '../http/csv.js';
import type { DelegationDto } from './dto.js';

/** A page of delegations as CSV for reporting scripts (written by the service's one CSV writer, src/http/csv.ts). */
export const delegationsCsv = csvColumns<DelegationDto>([
  { name: 'id', value: (d) => d.id },
  { name: 'employeeId', value: (d) => d.employeeId },
  { name: 'employeeName', value: (d) => d.employeeName },
  { name: 'taskType', value: (d) => d.taskType },
  { name: 'issuedBy', value: (d) => d.issuedBy },
  { name: 'validFrom', value: (d) => d.validFrom },
  { name: 'validTo', value: (d) => d.validTo },
  { name: 'singleOccasion', value: (d) => d.singleOccasion },
  { name: 'state', value: (d) => d.state },
  { name: 'daysToExpiry', kind: 'integer', value: (d) => d.daysToExpiry },
  { name: 'signedAt', value: (d) => d.signedAt },
  { name: 'revokedAt', value: (d) => d.revokedAt },
]);
