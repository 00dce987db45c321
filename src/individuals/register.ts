import { and, asc, eq } from 'drizzle-orm';
import type { Caller } from '../auth/roles.js';
import type { Db } from '../db/client.js';
import { individuals, organisations } from '../db/schema/index.js';
import { maskPersonalIdentityNumber, parsePersonalIdentityNumber } from '../directory/personal-identity-number.js';
import { listPage, nameAndUuid } from '../http/pagination.js';
import { forbidden, unprocessable, validationProblem } from '../http/problem.js';
import { after, iso, startsWithCi } from '../http/sql-helpers.js';
import { keepsIndividualsOf, visibleIndividuals } from './access.js';

// The register of individuals (den enskilde): the queries behind the routes. Every read goes through
// `visibleIndividuals`; every write through `requireKeeper`.

export type IndividualRow = typeof individuals.$inferSelect;

const coordination = (pin: string) => Number(pin.slice(6, 8)) > 60;
export const individualDto = (r: IndividualRow) => ({
  id: r.id,
  personalIdentityNumber: r.personalIdentityNumber,
  coordinationNumber: coordination(r.personalIdentityNumber),
  name: r.name,
  districtId: r.districtId,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});
/** Lists never carry the whole number. */
export const individualListItem = (r: IndividualRow) => {
  const { personalIdentityNumber, ...rest } = individualDto(r);
  return { ...rest, personalIdentityNumberMasked: maskPersonalIdentityNumber(personalIdentityNumber) };
};

/** The 12-digit form of a number as written, or 400 on the field. */
export function normalisePin(input: string, path = 'body.personalIdentityNumber') {
  const parsed = parsePersonalIdentityNumber(input);
  if (!parsed.ok) throw validationProblem([{ path, message: parsed.reason }]);
  return parsed.normalised;
}

/** 403 unless the caller keeps individuals of the district; 422 when it is not a district. */
export async function requireKeeper(db: Db, caller: Caller, districtId: string) {
  if (!keepsIndividualsOf(caller, districtId)) {
    throw forbidden('Only admin, or a case worker of the individual’s district, registers or changes individuals.');
  }
  const [district] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, districtId));
  if (district?.kind !== 'district') {
    throw unprocessable('The district does not exist.', { errors: [{ path: 'body.districtId', message: 'no such district (organisation of kind district)' }] });
  }
}

export interface IndividualFilters {
  limit: number;
  cursor?: string | undefined;
  districtId?: string | undefined;
  namePrefix?: string | undefined;
}

/** The individuals the caller may see, by name then id; filters narrow within what is visible, never beyond. */
export function listIndividuals(db: Db, caller: Caller, q: IndividualFilters) {
  return listPage<[string, string], IndividualRow, ReturnType<typeof individualListItem>>(q, {
    arity: 2,
    valid: nameAndUuid,
    fetch: (key, take) =>
      db
        .select()
        .from(individuals)
        .where(
          and(
            visibleIndividuals(caller),
            q.districtId ? eq(individuals.districtId, q.districtId) : undefined,
            q.namePrefix ? startsWithCi(individuals.name, q.namePrefix) : undefined,
            after(individuals.name, individuals.id, key),
          ),
        )
        .orderBy(asc(individuals.name), asc(individuals.id))
        .limit(take),
    map: individualListItem,
    keyOf: (r) => [r.name, r.id],
  });
}

/** The individual with this number, if the caller may see them (an empty answer otherwise). */
export const findByPin = (db: Db, caller: Caller, pin: string) =>
  db
    .select()
    .from(individuals)
    .where(and(eq(individuals.personalIdentityNumber, pin), visibleIndividuals(caller)));
