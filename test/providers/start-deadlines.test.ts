import { eq } from 'drizzle-orm';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { assignmentStarts } from '../../src/db/schema/index.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { pin } from './pins.js';

t.test('new assignments: 24 hours or the next weekday, across a weekend and a public holiday; overdue for the manager and the district', async (t) => {
  const { app, db, tokenFor } = await createTestApp(t);
  const cw = bearer(await tokenFor('caseworker-cecilia'));
  const hugo = bearer(await tokenFor('caseworker-hugo'));
  const maria = bearer(await tokenFor('manager-maria'));
  const karin = bearer(await tokenFor('care-karin'));
  const olle = bearer(await tokenFor('other-olle'));
  const nurse = bearer(await tokenFor('nurse-lena'));

  /** A new home-care assignment, received at `receivedAt` (set afterwards: the service stamps the real instant). */
  const received = async (serial: number, startWithin24Hours: boolean, receivedAt: string) => {
    const person = await app.inject({ method: 'POST', url: '/v1/individuals', headers: cw, payload: { personalIdentityNumber: pin('19280303', serial), name: `Ny ${serial}`, districtId: demo.org.district, areaCode: 'CENTRUM' } });
    const created = await app.inject({
      method: 'POST',
      url: `/v1/individuals/${person.json().id}/services`,
      headers: cw,
      payload: { serviceType: 'home_care_day_evening', unitId: demo.unit.privateCentrum, startDate: '2026-01-01', grantedMinutesPerMonth: 120, startWithin24Hours },
    });
    t.equal(created.statusCode, 201, created.body);
    await db.update(assignmentStarts).set({ receivedAt: new Date(receivedAt) }).where(eq(assignmentStarts.assignmentId, created.json().id));
    return created.json().id as string;
  };
  const friday = await received(1, false, '2025-11-14T15:00:00Z'); // Friday 16:00 in Göteborg
  const maundy = await received(2, false, '2025-04-17T08:00:00Z'); // Skärtorsdagen: Good Friday, the weekend and Easter Monday follow
  const urgent = await received(3, true, '2025-11-14T15:00:00Z');

  const list = async (h: Record<string, string>, q = '') => app.inject({ url: `/v1/new-assignments?receivedFrom=2025-01-01${q}`, headers: h });
  const byId = async (h: Record<string, string>) => new Map(((await list(h)).json().items as { assignmentId: string }[]).map((i) => [i.assignmentId, i]));
  const items = await byId(maria);
  t.match(items.get(friday), { deadline: 'contact', contactOn: '2025-11-17', dueBy: '2025-11-17T23:00:00.000Z', overdue: true, metAt: null }, 'Friday → contact on Monday');
  t.match(items.get(maundy), { deadline: 'contact', contactOn: '2025-04-22', dueBy: '2025-04-22T22:00:00.000Z', overdue: true }, 'over Easter → the Tuesday after Easter Monday');
  t.match(items.get(urgent), { deadline: 'start', contactOn: null, dueBy: '2025-11-15T15:00:00.000Z', overdue: true }, '24 hours, weekend or not');

  // The provider records the first contact and the first visit: once each, not before receipt.
  const step = (h: Record<string, string>, id: string, what: 'contact' | 'visit', at?: string) =>
    app.inject({ method: 'POST', url: `/v1/providers/${demo.org.privateProvider}/new-assignments/${id}/first-${what}`, headers: h, payload: at ? { at } : {} });
  const contacted = await step(karin, friday, 'contact', '2025-11-17T09:00:00+01:00');
  t.equal(contacted.statusCode, 200, contacted.body);
  t.match(contacted.json(), { firstContactBy: 'care-karin', metInTime: true, overdue: false });
  t.equal((await step(karin, friday, 'contact', '2025-11-17T10:00:00+01:00')).statusCode, 409, 'once');
  t.equal((await step(karin, maundy, 'contact', '2025-04-01T10:00:00Z')).statusCode, 422, 'not before receipt');
  t.equal((await step(karin, maundy, 'contact', '0001-01-01T00:00:00Z')).statusCode, 400, 'years are bounded');
  t.equal((await step(olle, friday, 'visit')).statusCode, 404, 'another provider’s assignment is not found');
  t.equal((await step(nurse, friday, 'visit')).statusCode, 403, 'licensed staff do not record it');
  const late = await step(maria, urgent, 'visit', '2025-11-16T08:00:00Z');
  t.match(late.json(), { metInTime: false, overdue: false, firstVisitBy: 'manager-maria' }, 'a late start is recorded as late');

  // Overdue ones: the manager and the district see them; another district and another provider do not.
  const overdue = async (h: Record<string, string>) => ((await list(h, '&overdue=true')).json().items as { assignmentId: string }[]).map((i) => i.assignmentId);
  t.same(await overdue(maria), [maundy]);
  t.same(await overdue(cw), [maundy], 'the district sees its individuals’');
  t.same(await overdue(hugo), []);
  t.same(await overdue(olle), []);
  t.equal((await list(cw, `&organisationId=${demo.org.privateProvider}`)).json().items.length, 3);
  t.equal((await list(olle, `&organisationId=${demo.org.privateProvider}`)).statusCode, 404, 'a provider asks only about itself');
});
