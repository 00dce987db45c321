import t from 'tap';
import { demo } from '../../src/demo/city.js';
import { demoGroup } from '../../src/demo/contact-groups.js';
import { messagingWorld } from '../helpers/messaging.js';

type Group = { id: string; organisationId: string; name: string; serviceTypes: string[]; archived: boolean; memberIds?: string[] };

t.test('the IT contact maintains their own organisation’s groups; no one else does', async (t) => {
  const w = await messagingWorld(t);
  const created = await w.post('itcontact-ivan', '/v1/contact-groups', { name: 'Omsorg Väst ledning', unitIds: [demo.unit.privateCentrum], serviceTypes: ['home_care_day_evening', 'home_care_day_evening'] });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { organisationId: demo.org.privateProvider, organisationName: 'Omsorg Väst AB', serviceTypes: ['home_care_day_evening'], archived: false, memberIds: [] });
  const id = created.json().id as string;

  t.equal((await w.post('itcontact-ivan', '/v1/contact-groups', { name: 'X', unitIds: [demo.unit.nightCentrum] })).statusCode, 422, 'speaks only for own units');
  t.equal((await w.post('itcontact-ivan', '/v1/contact-groups', { name: 'X', serviceTypes: ['cleaning'] })).statusCode, 400);
  t.equal((await w.post('itcontact-ivan', '/v1/contact-groups', { name: ' ' })).statusCode, 400);
  for (const who of ['care-karin', 'manager-maria', 'admin-anna']) t.equal((await w.post(who, '/v1/contact-groups', { name: 'X' })).statusCode, 403, `${who} does not create groups`);

  const members = await w.call('itcontact-ivan', 'PUT', `/v1/contact-groups/${id}/members`, { staffIds: ['manager-maria', 'care-kalle', 'care-kalle'] });
  t.equal(members.statusCode, 200);
  t.same(members.json().memberIds, ['care-kalle', 'manager-maria']);
  const foreign = await w.call('itcontact-ivan', 'PUT', `/v1/contact-groups/${id}/members`, { staffIds: ['manager-maria', 'night-nils'] });
  t.equal(foreign.statusCode, 422, 'members are staff of the group’s organisation');
  t.match(foreign.json().errors, [{ path: 'body.staffIds', message: /night-nils/ }]);
  t.same((await w.get('itcontact-ivan', `/v1/contact-groups/${id}`)).json().memberIds, ['care-kalle', 'manager-maria'], 'a refused change changes nothing');
  t.equal((await w.call('manager-maria', 'PUT', `/v1/contact-groups/${id}/members`, { staffIds: [] })).statusCode, 403);

  // Another organisation's IT contact (Nils at the night unit) cannot touch it, and is not told it exists for editing.
  t.equal((await w.call('night-nils', 'PATCH', `/v1/contact-groups/${id}`, { name: 'Kapad' })).statusCode, 404);
  t.equal((await w.call('night-nils', 'PUT', `/v1/contact-groups/${id}/members`, { staffIds: ['night-nils'] })).statusCode, 404);
  t.equal((await w.call('night-nils', 'DELETE', `/v1/contact-groups/${id}`)).statusCode, 404);
  t.equal((await w.call('care-karin', 'PATCH', `/v1/contact-groups/${id}`, { name: 'X' })).statusCode, 403);

  const patched = await w.call('itcontact-ivan', 'PATCH', `/v1/contact-groups/${id}`, { name: 'Omsorg Väst chefer', serviceTypes: ['relief', 'escort'] });
  t.match(patched.json(), { name: 'Omsorg Väst chefer', serviceTypes: ['relief', 'escort'], unitIds: [demo.unit.privateCentrum] }, 'only the fields named change');
  t.equal((await w.call('itcontact-ivan', 'PATCH', `/v1/contact-groups/${id}`, { organisationId: demo.org.nightUnit })).statusCode, 400, 'a group never changes organisation');
});

t.test('the address book: every organisation’s groups, members only for your own', async (t) => {
  const w = await messagingWorld(t);
  const book = (await w.get('care-karin', '/v1/contact-groups')).json().items as Group[];
  t.same(book.map((g) => g.id).sort(), Object.values(demoGroup).sort(), 'every organisation’s active groups');
  t.same(book.filter((g) => 'memberIds' in g).map((g) => g.id), [demoGroup.privateProvider], 'members of your own organisation’s groups only');
  t.same(book.find((g) => g.id === demoGroup.privateProvider)?.memberIds, ['care-karin', 'manager-maria']);
  t.same(((await w.get('itcontact-ivan', '/v1/contact-groups?serviceType=home_care_night')).json().items as Group[]).map((g) => g.id), [demoGroup.night]);
  t.same(((await w.get('itcontact-ivan', `/v1/contact-groups?organisationId=${demo.org.cameraUnit}`)).json().items as Group[]).map((g) => g.id), [demoGroup.camera]);
  const night = (await w.get('other-olle', `/v1/contact-groups/${demoGroup.night}`)).json();
  t.match(night, { name: 'Hemtjänst natt Centrum – sändlista', organisationName: 'Hemtjänst natt Göteborg', serviceTypes: ['home_care_night'] });
  t.notOk('memberIds' in night);
  t.equal((await w.get('other-olle', '/v1/contact-groups/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  t.equal((await w.get('other-olle', '/v1/contact-groups?includeArchived=yes')).statusCode, 400);
});

t.test('deleting: a group without messages goes; one with messages is archived', async (t) => {
  const w = await messagingWorld(t);
  const unused = (await w.post('itcontact-ivan', '/v1/contact-groups', { name: 'Tillfällig' })).json().id as string;
  t.same((await w.call('itcontact-ivan', 'DELETE', `/v1/contact-groups/${unused}`)).json(), { id: unused, outcome: 'deleted' });
  t.equal((await w.get('itcontact-ivan', `/v1/contact-groups/${unused}`)).statusCode, 404);

  const m = await w.sent('night-nils', { to: { contactGroupIds: [demoGroup.privateProvider] }, individualId: demo.individual.astrid, subject: 'S', body: 'B' });
  t.equal((await w.call('care-karin', 'DELETE', `/v1/contact-groups/${demoGroup.privateProvider}`)).statusCode, 403);
  t.same((await w.call('itcontact-ivan', 'DELETE', `/v1/contact-groups/${demoGroup.privateProvider}`)).json(), { id: demoGroup.privateProvider, outcome: 'archived' });
  t.notOk(((await w.get('night-nils', '/v1/contact-groups')).json().items as Group[]).some((g) => g.id === demoGroup.privateProvider), 'gone from the address book');
  t.ok(((await w.get('night-nils', '/v1/contact-groups?includeArchived=true')).json().items as Group[]).some((g) => g.id === demoGroup.privateProvider && g.archived));
  const before = await w.rowCounts();
  t.equal((await w.send('night-nils', { to: { contactGroupIds: [demoGroup.privateProvider] }, subject: 'S', body: 'B' })).statusCode, 422, 'an archived group takes no new messages');
  t.same(await w.rowCounts(), before);
  // What it received stays readable to its members and keeps its address.
  const kept = (await w.get('care-karin', `/v1/messages/${m.id}`)).json();
  t.match(kept.recipients, [{ contactGroupId: demoGroup.privateProvider }]);
  t.equal((await w.post('care-karin', `/v1/messages/${m.id}/acknowledge`)).statusCode, 201);
});
