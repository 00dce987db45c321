import type { Db } from '../db/client.js';
import { delegationEvents, delegations } from '../db/schema/index.js';
import { localDate } from '../calendar/local-date.js';
import { startOfDay } from '../delegations/rules.js';
import { demo } from './city.js';

/** Nurse Lena has delegated insulin injections to Karin (signed) and wound care (awaiting Karin's signature). */
export async function loadDemoDelegations(db: Db): Promise<void> {
  // This year in Göteborg, as the state is judged on local dates (the UTC year differs on New Year's Eve night).
  const year = localDate().slice(0, 4);
  // Issued and signed as the year began, so the demo holds on any day of the year: a signature later on 1 January
  // would lie in the future that morning, and a delegation is in force only from the instant it is signed.
  const createdAt = startOfDay(`${year}-01-01`);
  const signedAt = new Date(createdAt.getTime() + 1000);
  const rows = [
    { id: '70000000-0000-4000-8000-000000000001', taskType: 'insulin_injection', validFrom: `${year}-01-01`, validTo: `${year}-12-31`, signedAt },
    { id: '70000000-0000-4000-8000-000000000002', taskType: 'wound_care', validFrom: `${year}-01-01`, validTo: `${year}-12-31`, signedAt: null },
  ];
  const inserted = await db
    .insert(delegations)
    .values(rows.map((r) => ({ ...r, organisationId: demo.org.privateProvider, employeeId: 'care-karin', issuedBy: 'nurse-lena', trainingCompletedOn: `${year}-01-01`, createdAt })))
    .onConflictDoNothing()
    .returning({ id: delegations.id, signedAt: delegations.signedAt });
  const events = inserted.flatMap((r) => [
    { delegationId: r.id, event: 'created', actorId: 'nurse-lena', actorOrganisationId: demo.org.privateProvider, occurredAt: createdAt },
    ...(r.signedAt ? [{ delegationId: r.id, event: 'signed', actorId: 'care-karin', actorOrganisationId: demo.org.privateProvider, occurredAt: r.signedAt }] : []),
  ]);
  if (events.length) await db.insert(delegationEvents).values(events);
}
