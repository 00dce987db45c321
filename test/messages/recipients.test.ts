import { eq } from 'drizzle-orm';
import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { auditEvents, contactGroups } from '../../src/db/schema/index.js';
import { messagingWorld } from '../helpers/messaging.js';

type Suggestion = { contactGroupId: string; organisationId: string; serviceTypes: string[] };

t.test('the groups to inform follow the responsibility table and the day’s services', async (t) => {
  const w = await messagingWorld(t);
  const suggest = async (who: string, individual: string, on?: string) => {
    const res = await w.get(who, `/v1/individuals/${individual}/recipients${on ? `?on=${on}` : ''}`);
    t.equal(res.statusCode, 200, `${who} asks`);
    return (res.json().items as Suggestion[]).map((s) => [s.contactGroupId, s.serviceTypes]).sort();
  };
  // The demo city: Astrid has day/evening (Omsorg Väst), night and an alarm; Bertil day/evening (egen regi) and a camera.
  t.same(await suggest('care-karin', demo.individual.astrid), [[demoGroup.night, ['home_care_night']]], 'day/evening → night unit (not the alarm unit)');
  t.same(await suggest('night-nils', demo.individual.astrid), [[demoGroup.privateProvider, ['home_care_day_evening']]], 'night → day/evening');
  t.same(await suggest('alarm-alva', demo.individual.astrid), [[demoGroup.privateProvider, ['home_care_day_evening']]], 'alarm → day/evening');
  t.same(await suggest('municipal-mats', demo.individual.bertil), [[demoGroup.camera, ['camera_supervision']]], 'day/evening → Trygghetsjouren');
  t.same(await suggest('camera-cornelia', demo.individual.bertil), [[demoGroup.municipal, ['home_care_day_evening']]], 'Trygghetsjouren → day/evening');
  t.same(await suggest('caseworker-cecilia', demo.individual.astrid), [], 'the district performs no service: nothing to suggest');

  // Escort by the municipal provider from 2025-06-01, relief by Omsorg Väst; a group of egen regi receives about escort.
  await w.assign({ individualId: demo.individual.astrid, serviceType: 'escort', unitId: demo.unit.municipalCentrum, organisationId: demo.org.municipalProvider, startDate: '2025-06-01' });
  await w.assign({ individualId: demo.individual.astrid, serviceType: 'relief', unitId: demo.unit.privateCentrum, organisationId: demo.org.privateProvider, startDate: '2025-06-01' });
  const [escortGroup] = await w.db.insert(contactGroups).values({ organisationId: demo.org.municipalProvider, name: 'Ledsagning egen regi', serviceTypes: ['escort'], createdBy: 'test' }).returning();
  t.same(
    await suggest('care-karin', demo.individual.astrid),
    [[demoGroup.night, ['home_care_night']], [escortGroup!.id, ['escort']]].sort(),
    'chosen by what each group receives about: egen regi’s day/evening group is not suggested',
  );
  t.same(await suggest('municipal-mats', demo.individual.astrid), [[demoGroup.privateProvider, ['home_care_day_evening', 'relief']]], 'escort → relief and home care, one entry per group');
  t.same(await suggest('care-karin', demo.individual.astrid, '2025-05-31'), [[demoGroup.night, ['home_care_night']]], 'on a day before the escort began');

  // An archived group is not suggested.
  await w.db.update(contactGroups).set({ archivedAt: new Date() }).where(eq(contactGroups.id, escortGroup!.id));
  t.same(await suggest('care-karin', demo.individual.astrid), [[demoGroup.night, ['home_care_night']]]);

  const asked = await w.db.select().from(auditEvents).where(eq(auditEvents.resourceType, 'recipients'));
  t.ok(asked.some((e) => e.actorId === 'care-karin' && e.individualId === demo.individual.astrid), 'asking is a read of the individual’s data, logged');
});

t.test('who may ask', async (t) => {
  const w = await messagingWorld(t);
  const url = `/v1/individuals/${demo.individual.astrid}/recipients`;
  t.equal((await w.get('other-olle', url)).statusCode, 404, 'an organisation that does not serve Astrid is told she does not exist');
  t.equal((await w.get('care-karin', '/v1/individuals/30000000-0000-4000-8000-0000000000ff/recipients')).statusCode, 404);
  t.equal((await w.get('eku-erik', url)).statusCode, 403, 'reporting sends no messages');
  t.equal((await w.get('auditor-agnes', url)).statusCode, 403);
  t.equal((await w.get('care-karin', `${url}?on=2026-13-01`)).statusCode, 400);
});
