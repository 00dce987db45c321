import t from 'tap';
import { describeAccess, mayCall } from '../../src/auth/access.js';
import { ROLES } from '../../src/auth/roles.js';
import { HttpProblem } from '../../src/http/problem.js';
import { chooseAcknowledgingGroup } from '../../src/messages/acknowledge.js';
import { GROUP_KEEPERS, keepsGroup, MESSAGE_READERS, MESSAGE_SENDERS, seesMembers } from '../../src/messages/access.js';

const own = '10000000-0000-4000-8000-000000000002';
const other = '10000000-0000-4000-8000-000000000008';

t.test('who may call: people who take part in messaging; systems, follow-up and log review do not', async (t) => {
  for (const role of ROLES) {
    const takesPart = !['time_reporter', 'reporting', 'auditor'].includes(role);
    t.equal(mayCall({ roles: [role], organisationKind: 'private_provider' }, MESSAGE_SENDERS), takesPart, `${role} sends`);
    t.equal(mayCall({ roles: [role], organisationKind: 'private_provider' }, MESSAGE_READERS), takesPart, `${role} reads`);
    t.equal(mayCall({ roles: [role], organisationKind: 'private_provider' }, GROUP_KEEPERS), role === 'it_contact', `${role} keeps groups`);
  }
  t.match(describeAccess(GROUP_KEEPERS), /`it_contact`/);
});

t.test('groups: the IT contact keeps their own organisation’s; members are that organisation’s business', async (t) => {
  t.ok(keepsGroup({ org: own, roles: ['it_contact'] }, { organisationId: own }));
  t.notOk(keepsGroup({ org: other, roles: ['it_contact'] }, { organisationId: own }), 'not another organisation’s');
  t.notOk(keepsGroup({ org: own, roles: ['manager', 'care_staff'] }, { organisationId: own }), 'not by another role');
  t.ok(seesMembers({ org: own }, { organisationId: own }));
  t.notOk(seesMembers({ org: other }, { organisationId: own }));
});

/** The problem a pure rule throws (or undefined). */
function refusal(f: () => unknown): HttpProblem | undefined {
  try {
    f();
  } catch (err) {
    if (err instanceof HttpProblem) return err;
    throw err;
  }
  return undefined;
}

t.test('which receiving group acknowledges', async (t) => {
  const [a, b, c] = ['g-a', 'g-b', 'g-c'];
  t.equal(chooseAcknowledgingGroup([a], undefined), a, 'the only one');
  t.equal(chooseAcknowledgingGroup([a, b], b), b, 'the one named');
  t.match(refusal(() => chooseAcknowledgingGroup([a, b], undefined)), { status: 422, extensions: { errors: [{ path: 'body.contactGroupId', message: 'required here' }] } }, 'several: name one');
  t.match(refusal(() => chooseAcknowledgingGroup([a, b], c)), { status: 422, extensions: { errors: [{ path: 'body.contactGroupId', message: /not a receiving group/ }] } }, 'not one of yours');
  t.match(refusal(() => chooseAcknowledgingGroup([], undefined)), { status: 422, detail: /directly/ }, 'reached in person: read, not acknowledged');
  t.match(refusal(() => chooseAcknowledgingGroup([], a)), { status: 422 }, 'named, but none of yours');
});
