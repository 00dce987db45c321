import { z } from 'zod';

/** Dates and instants are bounded to sane years: year 0 or 9999 is a mistake in the calling system (400), not a question. */
export const SANE_YEARS = { from: 1900, to: 2100 } as const;
const saneYear = (v: string) => Number(v.slice(0, 4)) >= SANE_YEARS.from && Number(v.slice(0, 4)) <= SANE_YEARS.to;
const message = `a year from ${SANE_YEARS.from} to ${SANE_YEARS.to}`;

export const saneDate = () => z.iso.date().refine(saneYear, message);
export const saneInstant = () => z.iso.datetime({ offset: true }).refine((v) => saneYear(new Date(v).toISOString()), message);
