import type { Db } from '../db/client.js';
import { delegationEvents, delegations } from '../db/schema/index.js';
import { localDate } from '../calendar/local-date.js';
import { demo } from './city.js';

/** Nurse Lena has delegated insulin injections to Karin (signed) and wound care (awaiting Karin's signature). */
export async function loadDemoDelegations(db: Db): Promise<void> {
  // This year in Göteborg, as the state is judged on local dates (the UTC year differs on New Year's Eve night).
  const year = localDate().slice(0, 4);
  const rows = [
    { id: '70000000-0000-4000-8000-000000000001', taskType: 'insulin_injection', validFrom: `${year}-01-01`, validTo: `${year}-12-31`, signedAt: new Date(`${year}-01-02T08:00:00Z`) },
    { id: '70000000-0000-4000-8000-000000000002', taskType: 'wound_care', validFrom: `${year}-01-01`, validTo: `${year}-12-31`, signedAt: null },
  ];
  const inserted = await db
    .insert(delegations)
    .values(rows.map((r) => ({ ...r, organisationId: demo.org.privateProvider, employeeId: 'care-karin', issuedBy: 'nurse-lena', trainingCompletedOn: `${year}-01-01` })))
    .onConflictDoNothing()
    .returning({ id: delegations.id, signedAt: delegations.signedAt });
  const events = inserted.flatMap((r) => [
    { delegationId: r.id, event: 'created', actorId: 'nurse-lena', actorOrganisationId: demo.org.privateProvider },
    ...(r.signedAt ? [{ delegationId: r.id, event: 'signed', actorId: 'care-karin', actorOrganisationId: demo.org.privateProvider, occurredAt: r.signedAt }] : []),
  ]);
  if (events.length) await db.insert(delegationEvents).values(events);
}
