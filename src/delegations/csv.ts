import { toCsv } from '../http/csv.js';
import type { DelegationDto } from './dto.js';

const CSV_COLUMNS = ['id', 'employeeId', 'employeeName', 'taskType', 'issuedBy', 'validFrom', 'validTo', 'singleOccasion', 'state', 'daysToExpiry', 'signedAt', 'revokedAt'] as const;

/** A page of delegations as CSV for reporting scripts (the service's one CSV writer: quoted, formulas defused). */
export const delegationsCsv = (rows: DelegationDto[]): string => toCsv([...CSV_COLUMNS], rows.map((r) => CSV_COLUMNS.map((c) => r[c])));
