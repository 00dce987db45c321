import { and, eq } from 'drizzle-orm';
import t, { type Test } from 'tap';
import { addDays } from '../../src/calendar/add-days.js';
import { localDate } from '../../src/calendar/local-date.js';
import { demo } from '../../src/demo/city.js';
import { auditEvents, messageRecipients, messages, waitingListEntries, waitingListEvents } from '../../src/db/schema/index.js';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import { pin } from './pins.js';

const P = demo.org.privateProvider;
const O = demo.org.otherProvider;
const list = (org: string) => `/v1/providers/${org}/waiting-list`;

async function world(t: Test, w: TestApp) {
  const { app, tokenFor } = w;
  const h = {
    maria: bearer(await tokenFor('manager-maria')),
    olle: bearer(await tokenFor('other-olle')),
    cw: bearer(await tokenFor('caseworker-cecilia')),
    hugo: bearer(await tokenFor('caseworker-hugo')),
    karin: bearer(await tokenFor('care-karin')),
  };
  let serial = 0;
  /** An individual of Cecilia's district in Centrum, with a consent; returns ids and number. */
  const person = async (name: string) => {
    const number = pin('19320202', ++serial);
    const res = await app.inject({ method: 'POST', url: '/v1/individuals', headers: h.cw, payload: { personalIdentityNumber: number, name, districtId: demo.org.district, areaCode: 'CENTRUM' } });
    t.equal(res.statusCode, 201, res.body);
    const consent = await app.inject({ method: 'POST', url: `/v1/individuals/${res.json().id}/consents`, headers: h.cw, payload: { givenOn: '2020-01-01', method: 'verbal' } });
    t.equal(consent.statusCode, 201, consent.body);
    return { id: res.json().id as string, pin: number, consentId: consent.json().id as string };
  };
  const capacity = (who: Record<string, string>, org: string, capHoursPerMonth: number | null) =>
    app.inject({ method: 'PUT', url: `/v1/providers/${org}/capacity`, headers: who, payload: { areaCodes: ['CENTRUM'], capHoursPerMonth } });
  const register = (who: Record<string, string>, org: string, payload: object) => app.inject({ method: 'POST', url: list(org), headers: who, payload });
  const entries = async (who: Record<string, string>, org: string, query = '') => app.inject({ url: `${list(org)}${query}`, headers: who });
  return { ...h, person, capacity, register, entries };
}

t.test('the routine end to end: cap reached → queue → cap raised → notify-first → assign → others closed', async (t) => {
  const w = await createTestApp(t);
  const { app, db } = w;
  const x = await world(t, w);
  const today = localDate();

  // Omsorg Väst carries 30 h: a cap of 30 makes it not selectable. Trygg Omsorg takes nobody (cap 0).
  t.equal((await x.capacity(x.maria, P, 30)).statusCode, 200);
  t.equal((await x.capacity(x.olle, O, 0)).statusCode, 200);
  const p1 = await x.person('Första Person');
  const p2 = await x.person('Andra Person');
  const p3 = await x.person('Tredje Person');
  const refused = await app.inject({ method: 'POST', url: `/v1/individuals/${p1.id}/services`, headers: x.cw, payload: { serviceType: 'home_care_day_evening', unitId: demo.unit.privateCentrum, startDate: today, grantedMinutesPerMonth: 600 } });
  t.equal(refused.json().type, '/problems/capacity-reached', 'the cap is reached: the individual may queue');

  // The case worker registers with the individual's consent; the provider's manager gets a message.
  t.equal((await x.register(x.cw, P, { individualId: p1.id })).statusCode, 422, 'no consent named');
  const e1 = await x.register(x.cw, P, { individualId: p1.id, consentId: p1.consentId });
  t.equal(e1.statusCode, 201, e1.body);
  t.match(e1.json(), { status: 'waiting', position: 1, registeredOn: today, via: 'case_worker', registeredBy: 'caseworker-cecilia', events: [{ event: 'registered', actorId: 'caseworker-cecilia' }] });
  t.equal((await x.register(x.cw, P, { individualId: p1.id, consentId: p1.consentId })).statusCode, 409, 'waits there already');
  const notices = await db
    .select({ subject: messages.subject, body: messages.body })
    .from(messages)
    .innerJoin(messageRecipients, eq(messageRecipients.messageId, messages.id))
    .where(eq(messageRecipients.staffId, 'manager-maria'));
  t.ok(notices.some((m) => m.subject.startsWith('Kö:') && m.body.includes(e1.json().id) && !m.body.includes('Första')), 'the manager is told, without personal data');

  // The provider registers that an individual contacted it yesterday: earlier date, first in line.
  t.equal((await x.register(x.maria, P, { personalIdentityNumber: p2.pin })).statusCode, 422, 'the day of contact is needed');
  t.equal((await x.register(x.maria, P, { personalIdentityNumber: p2.pin, contactedOn: addDays(today, 1) })).statusCode, 422, 'not in the future');
  const e2 = await x.register(x.maria, P, { personalIdentityNumber: p2.pin, contactedOn: addDays(today, -1) });
  t.equal(e2.statusCode, 201, e2.body);
  t.match(e2.json(), { position: 1, via: 'individual_contact', registeredOn: addDays(today, -1) });
  // P1 also queues at Trygg Omsorg.
  t.equal((await x.register(x.cw, O, { individualId: p1.id, consentId: p1.consentId })).statusCode, 201);
  const e3 = await x.register(x.cw, P, { personalIdentityNumber: p3.pin, consentId: p3.consentId });
  t.equal(e3.statusCode, 201);

  const order = async (who = x.maria) => (await x.entries(who, P)).json().items.map((e: { individualName: string; position: number }) => `${e.position}:${e.individualName}`);
  t.same(await order(), ['1:Andra Person', '2:Första Person', '3:Tredje Person'], 'by registeredOn, then order of registration');

  // Visibility: the provider and the individual's district; nobody else.
  t.same(await order(x.cw), ['1:Andra Person', '2:Första Person', '3:Tredje Person'], 'the district sees its individuals');
  const hugoList = await x.entries(x.hugo, P);
  t.equal(hugoList.statusCode, 200);
  t.same(hugoList.json().items, [], 'another district sees none of them');
  t.equal((await app.inject({ url: `${list(P)}/${e1.json().id}`, headers: x.hugo })).statusCode, 404);
  t.equal((await x.entries(x.olle, P)).statusCode, 404, 'another provider: 404');
  t.equal((await app.inject({ url: `${list(P)}/${e1.json().id}`, headers: x.olle })).statusCode, 404);
  t.equal((await x.entries(x.karin, P)).statusCode, 403, 'care staff do not keep the list');

  // Not selectable: nobody can be offered a place.
  t.equal((await app.inject({ method: 'POST', url: `${list(P)}/notify-first`, headers: x.maria })).statusCode, 409);
  t.match((await app.inject({ url: `${list(P)}/due`, headers: x.maria })).json(), { selectable: false, due: false, waitingCount: 3 });

  // The cap is raised: selectable with people waiting.
  t.equal((await x.capacity(x.maria, P, 100)).statusCode, 200);
  t.match((await app.inject({ url: `/v1/providers/${P}/availability`, headers: x.maria })).json(), { selectable: true, waitingListDue: true });
  t.match((await app.inject({ url: `${list(P)}/due`, headers: x.maria })).json(), { selectable: true, due: true, firstEntryId: e2.json().id });

  // Notify-first: the district of the first individual is told, the entry is offered.
  const offered = await app.inject({ method: 'POST', url: `${list(P)}/notify-first`, headers: x.maria });
  t.equal(offered.statusCode, 200, offered.body);
  t.match(offered.json(), { id: e2.json().id, status: 'offered', events: [{ event: 'registered' }, { event: 'offered', actorId: 'manager-maria' }] });
  const toDistrict = await db.select({ subject: messages.subject }).from(messages).innerJoin(messageRecipients, eq(messageRecipients.messageId, messages.id)).where(eq(messageRecipients.staffId, 'caseworker-cecilia'));
  t.ok(toDistrict.some((m) => m.subject.includes('valbar igen')), 'the case worker is told');

  // First come, first served: P1 cannot be assigned while P2 (offered) stands ahead.
  const assign = (entryId: string, minutes = 600, org = P, unitId: string = demo.unit.privateCentrum) =>
    app.inject({ method: 'POST', url: `${list(org)}/${entryId}/assign`, headers: x.cw, payload: { unitId, startDate: today, grantedMinutesPerMonth: minutes } });
  t.equal((await assign(e1.json().id)).statusCode, 409, 'not before the one ahead');
  t.equal((await assign(e2.json().id, 600, P, demo.unit.otherProvider)).statusCode, 422, 'a unit of the provider');
  t.equal((await app.inject({ method: 'POST', url: `${list(P)}/${e2.json().id}/assign`, headers: x.maria, payload: { unitId: demo.unit.privateCentrum, startDate: today, grantedMinutesPerMonth: 600 } })).statusCode, 403, 'the case worker sends the assignment');
  const a2 = await assign(e2.json().id);
  t.equal(a2.statusCode, 200, a2.body);
  t.match(a2.json(), { entry: { status: 'assigned', position: null }, assignment: { serviceType: 'home_care_day_evening', organisationId: P, grantedMinutesPerMonth: 600 } });
  t.equal(a2.json().entry.assignmentId, a2.json().assignment.id);

  // P1 now stands first; its assignment closes its entry at Trygg Omsorg as assigned-elsewhere.
  const a1 = await assign(e1.json().id);
  t.equal(a1.statusCode, 200, a1.body);
  const [elsewhere] = await db.select().from(waitingListEntries).where(and(eq(waitingListEntries.organisationId, O), eq(waitingListEntries.individualId, p1.id)));
  t.equal(elsewhere!.status, 'assigned-elsewhere');
  const elsewhereEvents = await db.select().from(waitingListEvents).where(eq(waitingListEvents.entryId, elsewhere!.id));
  t.same(elsewhereEvents.map((e) => [e.event, e.actorId]).sort(), [['assigned-elsewhere', 'caseworker-cecilia'], ['registered', 'caseworker-cecilia']]);

  // Decline and withdraw close with a reason; closing twice is 409.
  t.equal((await app.inject({ method: 'POST', url: `${list(P)}/${e3.json().id}/decline`, headers: x.maria, payload: { reason: 'x' } })).statusCode, 403, 'only the district records a decline');
  const withdrawn = await app.inject({ method: 'POST', url: `${list(P)}/${e3.json().id}/withdraw`, headers: x.maria, payload: { reason: 'Brukaren ringde och tog tillbaka' } });
  t.equal(withdrawn.statusCode, 200);
  t.match(withdrawn.json(), { status: 'withdrawn', closedReason: 'Brukaren ringde och tog tillbaka', events: [{ event: 'registered' }, { event: 'withdrawn', actorId: 'manager-maria', reason: 'Brukaren ringde och tog tillbaka' }] });
  t.equal((await app.inject({ method: 'POST', url: `${list(P)}/${e3.json().id}/decline`, headers: x.cw, payload: { reason: 'x' } })).statusCode, 409);
  t.same(await order(), [], 'nobody waits now');
  t.same(
    (await x.entries(x.maria, P, '?status=all')).json().items.map((e: { individualName: string; status: string }) => `${e.individualName}:${e.status}`),
    ['Andra Person:assigned', 'Första Person:assigned', 'Tredje Person:withdrawn'],
    'closed entries stay',
  );

  // Nothing is deleted; the individual's entries are in the audit log.
  await t.rejects(db.delete(waitingListEntries).where(eq(waitingListEntries.id, e1.json().id)), 'entries cannot be deleted');
  await t.rejects(db.delete(waitingListEvents), 'events cannot be deleted');
  const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.individualId, p1.id), eq(auditEvents.resourceType, 'waiting_list_entry')));
  t.ok(audit.some((a) => a.action === 'create') && audit.some((a) => a.action === 'list') && audit.some((a) => a.action === 'update'), 'created, listed and changed: all logged');

  // The provider's list as CSV.
  const csv = await app.inject({ url: `${list(P)}?status=all`, headers: { ...x.maria, accept: 'text/csv' } });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);
  const lines = csv.body.trim().split('\r\n');
  t.equal(lines[0], 'position,registeredOn,status,individualId,individualName,districtId,via,registeredBy,closedReason,entryId');
  t.equal(lines.length, 4);
  t.match(lines[1], /^,\d{4}-\d{2}-\d{2},assigned,.*,Andra Person,/);
});

t.test('first come, first served under parallel registrations', async (t) => {
  const w = await createTestApp(t);
  const x = await world(t, w);
  t.equal((await x.capacity(x.maria, P, 30)).statusCode, 200);
  const people = [];
  for (let i = 0; i < 8; i++) people.push(await x.person(`Kö ${i}`));
  const early = await x.person('Tidig Kontakt');
  const answers = await Promise.all([
    ...people.map((p) => x.register(x.cw, P, { individualId: p.id, consentId: p.consentId })),
    x.register(x.maria, P, { personalIdentityNumber: early.pin, contactedOn: addDays(localDate(), -3) }),
    // The same individual twice at once: one entry only.
    x.register(x.cw, P, { individualId: people[0]!.id, consentId: people[0]!.consentId }),
  ]);
  const codes = answers.map((a) => a.statusCode);
  t.equal(codes.filter((c) => c === 201).length, 9, 'each individual is registered once');
  t.equal(codes.filter((c) => c === 409).length, 1, 'the duplicate is refused');
  const items = (await x.entries(x.maria, P)).json().items as { position: number; individualName: string; registeredOn: string; id: string }[];
  t.same(items.map((e) => e.position), [1, 2, 3, 4, 5, 6, 7, 8, 9], 'one place each, no gaps, no ties');
  t.equal(items[0]!.individualName, 'Tidig Kontakt', 'the earlier day of contact stands first');
  // Among the same day, the order of registration (the database's sequence) decides, as the entries say.
  const seqs = await w.db.select({ id: waitingListEntries.id, seq: waitingListEntries.seq }).from(waitingListEntries);
  const seqOf = new Map(seqs.map((s) => [s.id, s.seq]));
  const sameDay = items.slice(1).map((e) => seqOf.get(e.id)!);
  t.same(sameDay, [...sameDay].sort((a, b) => a - b), 'ties go to the earlier registration');
  // Pages keep the order.
  const first = (await x.entries(x.maria, P, '?limit=4')).json();
  const rest = (await x.entries(x.maria, P, `?limit=10&cursor=${first.nextCursor}`)).json();
  t.same([...first.items, ...rest.items].map((e: { id: string }) => e.id), items.map((e) => e.id));
});
