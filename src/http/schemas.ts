import { z } from 'zod';

export const uuid = () => z.uuid();
export const idParams = z.object({ id: z.uuid().describe('Resource id') });
export const isoDate = () => z.iso.date().describe('Calendar date, YYYY-MM-DD');
export const isoDateTime = () => z.iso.datetime({ offset: true }).describe('Instant, ISO 8601 with offset');
export const nonEmptyText = (max: number) => z.string().trim().min(1).max(max);

/** The `namePrefix` filter of the name-ordered lists. */
export const namePrefixQuery = () => z.string().trim().min(1).max(200).optional().describe('Case-insensitive name prefix');
/** When a row was created and last changed. */
export const timestamps = { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() };
