// Time reports that name the individual by personal identity number and the unit by its external code (issue 15),
// and the unit codes the directory admin registers.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { individuals, timeReports, units } from '../../src/db/schema/index.js';
import { demo, demoUnits } from '../../src/demo/city.js';
import { bearer, createTestApp } from '../helpers/app.js';
import { addIndividual, assign, newPin, postVisits, provider, reporterTokens, visit } from '../helpers/compensation.js';

t.test('the directory admin registers, changes and removes a unit’s external code; codes are unique', async (t) => {
  const ta = await createTestApp(t);
  const { app } = ta;
  const admin = bearer(await ta.tokenFor('admin-anna'));
  const manager = bearer(await ta.tokenFor('manager-maria'));

  const demoUnit = await app.inject({ url: `/v1/units/${demo.unit.privateCentrum}`, headers: admin });
  t.equal(demoUnit.json().externalCode, 'OV-CENTRUM', 'demo units have codes');
  t.ok(demoUnits.every((u) => u.externalCode), 'every demo unit');

  const created = await app.inject({ method: 'POST', url: '/v1/units', headers: admin, payload: { organisationId: demo.org.privateProvider, name: 'Omsorg Väst Öster', externalCode: 'SE2321000131-E000000009999' } });
  t.equal(created.statusCode, 201, created.body);
  t.equal(created.json().externalCode, 'SE2321000131-E000000009999');
  const id = created.json().id as string;

  const taken = await app.inject({ method: 'POST', url: '/v1/units', headers: admin, payload: { organisationId: demo.org.privateProvider, name: 'Dubblett', externalCode: 'OV-CENTRUM' } });
  t.equal(taken.statusCode, 409, 'a code names one unit');
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/units/${id}`, headers: admin, payload: { externalCode: 'OV-CENTRUM' } })).statusCode, 409);
  const spaced = await app.inject({ method: 'POST', url: '/v1/units', headers: admin, payload: { organisationId: demo.org.privateProvider, name: 'Mellanslag', externalCode: 'OV CENTRUM' } });
  t.equal(spaced.statusCode, 400);

  const changed = await app.inject({ method: 'PATCH', url: `/v1/units/${id}`, headers: admin, payload: { externalCode: 'OV-OSTER' } });
  t.equal(changed.json().externalCode, 'OV-OSTER');
  const removed = await app.inject({ method: 'PATCH', url: `/v1/units/${id}`, headers: admin, payload: { externalCode: null } });
  t.equal(removed.json().externalCode, null);

  // Only the directory admin sets codes.
  const refused = await app.inject({ method: 'PATCH', url: `/v1/units/${id}`, headers: manager, payload: { externalCode: 'MINE' } });
  t.equal(refused.statusCode, 403);
  t.match(refused.json().type, /forbidden/);
  t.equal((await ta.db.select().from(units).where(eq(units.id, id)))[0]!.externalCode, null, 'unchanged after the refusal');
});

t.test('a batch names individuals by personal identity number and units by code; each unknown one is that visit’s own rejection', async (t) => {
  const ta = await createTestApp(t);
  const { app, db } = ta;
  const tokens = await reporterTokens(ta);
  const individualId = await addIndividual(db, 'Greta Göransson');
  await assign(db, { individualId, unitId: provider.private.unitId, organisationId: provider.private.organisationId });
  const [row] = await db.select().from(individuals).where(eq(individuals.id, individualId));
  const pin = row!.personalIdentityNumber;
  const dashed = `${pin.slice(2, 8)}-${pin.slice(8)}`; // 10 digits with separator, as a reporting system may send it
  const unknownPin = newPin();
  const badPin = `${pin.slice(0, 11)}${(Number(pin[11]) + 1) % 10}`;
  const at = (h: number) => ({ checkIn: `2019-05-14T${String(h).padStart(2, '0')}:00:00+02:00`, checkOut: `2019-05-14T${String(h).padStart(2, '0')}:45:00+02:00` });
  const byIds = (over: Record<string, unknown>) => visit({ individualId, ...at(8), ...over });
  const byRefs = (over: Record<string, unknown>) => {
    const v: Record<string, unknown> = { ...byIds(over) };
    delete v.individualId;
    delete v.unitId;
    return { personalIdentityNumber: dashed, unitCode: 'OV-CENTRUM', ...v, ...over };
  };

  const res = await postVisits(app, tokens.private, [
    byRefs({ externalId: 'ref-ok', ...at(8) }),
    byRefs({ externalId: 'ref-unknown-pin', personalIdentityNumber: unknownPin, ...at(9) }),
    byRefs({ externalId: 'ref-unknown-code', unitCode: 'NO-SUCH-UNIT', ...at(10) }),
    byRefs({ externalId: 'ref-both', individualId, ...at(11) }),
    { ...byRefs({ externalId: 'ref-no-unit', ...at(12) }), unitCode: undefined },
    byRefs({ externalId: 'ref-bad-pin', personalIdentityNumber: badPin, ...at(13) }),
    byRefs({ externalId: 'ref-other-org', unitCode: 'TO-HISINGEN', ...at(14) }),
    byIds({ externalId: 'ids-ok', ...at(15) }),
    byRefs({ externalId: 'no-offset', checkIn: '2019-05-14T16:00:00', checkOut: '2019-05-14T16:45:00+02:00' }),
  ]);
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  const of = (externalId: string) => body.results.find((r: { externalId: string }) => r.externalId === externalId);
  t.match(body, { received: 9, created: 2, rejected: 7 });
  t.match(of('ref-ok'), { outcome: 'created', version: 1 });
  t.match(of('ids-ok'), { outcome: 'created' });
  t.match(of('ref-unknown-pin'), { outcome: 'rejected', reason: 'no individual is registered with this personal identity number', errors: [{ path: 'body.visits.1.personalIdentityNumber' }] });
  t.match(of('ref-unknown-code'), { outcome: 'rejected', reason: 'no unit is registered with this unitCode', errors: [{ path: 'body.visits.2.unitCode' }] });
  t.match(of('ref-both').reason, /individualId or personalIdentityNumber \(exactly one/);
  t.match(of('ref-no-unit').reason, /unitId or unitCode \(exactly one/);
  t.match(of('ref-bad-pin'), { outcome: 'rejected', errors: [{ path: 'body.visits.5.personalIdentityNumber', message: 'has a wrong check digit' }] });
  t.match(of('ref-other-org').reason, /another organisation/, 'the code resolves, then the usual rules apply');
  const noOffset = of('no-offset');
  t.match(noOffset, { outcome: 'rejected', errors: [{ path: 'body.visits.8.checkIn' }] });
  t.match(noOffset.errors[0].message, 'RFC 3339 with an offset, e.g. 2026-03-05T08:00:00+01:00', 'the refusal names the expected form');

  // Stored by id; the same visit re-sent by ids is unchanged, and by number and code again too.
  const [stored] = await db.select().from(timeReports).where(eq(timeReports.id, of('ref-ok').timeReportId));
  t.match(stored, { individualId, unitId: provider.private.unitId });
  const again = await postVisits(app, tokens.private, [byIds({ externalId: 'ref-ok', ...at(8) }), byRefs({ externalId: 'ids-ok', personalIdentityNumber: pin, ...at(15) })]);
  t.same(again.json().results.map((r: { outcome: string }) => r.outcome), ['unchanged', 'unchanged']);

  // The number is never echoed back nor logged, in either form.
  const numbers = [pin, dashed, unknownPin, badPin, unknownPin.slice(2)];
  t.notOk(numbers.some((p) => res.body.includes(p)), 'not in the answer');
  t.ok(ta.logs.length > 0, 'the requests were logged');
  t.same(ta.logs.filter((line) => numbers.some((p) => line.includes(p))), [], 'not in the log');
});

t.test('the OpenAPI document names both ways of naming the individual and the unit', async (t) => {
  const { app } = await createTestApp(t, { demo: false });
  const spec = (await app.inject({ url: '/openapi.json' })).json();
  const props = spec.components.schemas.TimeReportVisit.properties;
  for (const p of ['individualId', 'personalIdentityNumber', 'unitId', 'unitCode']) t.ok(props[p], p);
  t.match(props.checkIn.description, /RFC 3339 with an offset/);
  t.ok(spec.components.schemas.Unit.properties.externalCode);
});
