import { count } from 'drizzle-orm';
import type { Test } from 'tap';
import type { Role } from '../../src/auth/roles.js';
import { demo } from '../../src/demo/city.js';
import { consents, messageAcknowledgements, messageRecipients, messages, serviceAssignments, staff } from '../../src/db/schema/index.js';
import { bearer, createTestApp } from './app.js';

type InjectResponse = Awaited<ReturnType<Awaited<ReturnType<typeof createTestApp>>['app']['inject']>>;

/** The demo city on this file's own database, with shorthands for acting as a demo staff member. */
export async function messagingWorld(t: Test) {
  const world = await createTestApp(t);
  const { app, db, tokenFor } = world;
  const extra = new Map<string, { org: string; roles: Role[] }>();
  const as = async (who: string) => {
    const e = extra.get(who);
    return bearer(e ? await world.token({ sub: who, ...e }) : await tokenFor(who));
  };
  const call = async (who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object): Promise<InjectResponse> =>
    app.inject({ method, url, headers: await as(who), ...(payload ? { payload } : {}) });
  return {
    ...world,
    as,
    get: (who: string, url: string) => call(who, 'GET', url),
    post: (who: string, url: string, payload: object = {}) => call(who, 'POST', url, payload),
    call,
    send: (who: string, payload: object) => call(who, 'POST', '/v1/messages', payload),
    /** Sends and insists it was accepted; returns the stored message. */
    async sent(who: string, payload: object) {
      const res = await call(who, 'POST', '/v1/messages', payload);
      t.equal(res.statusCode, 201, `${who} sends`, { body: res.body });
      return res.json() as { id: string; threadId: string; individualId: string | null; recipients: { contactGroupId: string | null; staffId: string | null }[] };
    },
    /** Rows of every message table: a refused send must leave them as they were. */
    async rowCounts() {
      const n = async (table: typeof messages | typeof messageRecipients | typeof messageAcknowledgements) => Number((await db.select({ n: count() }).from(table))[0]!.n);
      return { messages: await n(messages), recipients: await n(messageRecipients), acknowledgements: await n(messageAcknowledgements) };
    },
    /** A service assignment straight into the overview (the overview routes have their own tests). */
    async assign(a: { individualId: string; serviceType: typeof serviceAssignments.$inferInsert.serviceType; unitId: string; organisationId: string; startDate?: string; endDate?: string | null }) {
      await db.insert(serviceAssignments).values({ startDate: '2019-01-01', endDate: null, createdBy: 'test', ...a });
    },
    /** A staff member beyond the demo city's, in the directory (a token's subject must be), who can then act like the demo staff. */
    async addStaff(id: string, organisationId: string, roles: Role[]) {
      await db.insert(staff).values({ id, name: id, organisationId, roles });
      app.callers.forget(id);
      extra.set(id, { org: organisationId, roles });
    },
    async consent(c: { individualId: string; givenOn?: string; withdrawnOn?: string | null; limitedToOrganisationIds?: string[] | null }) {
      await db.insert(consents).values({ givenOn: '2019-01-01', method: 'written', recordedBy: 'caseworker-cecilia', recordedByOrganisationId: demo.org.district, ...c });
    },
  };
}

export const ids = (body: { items: { id: string }[] }) => body.items.map((m) => m.id);
