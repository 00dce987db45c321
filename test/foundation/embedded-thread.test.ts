import t from 'tap';
import { connectPglite } from '../../src/db/client.js';
import { EmbeddedDatabaseStopped } from '../../src/db/pglite-remote.js';
import { isDatabaseUnavailable } from '../../src/db/availability.js';

// The embedded database (PGlite) runs in a thread of its own: its statements must not hold the service's event loop,
// and the one connection must behave as PGlite's own does (transactions hold it, errors keep their fields).

t.test('a long statement on the embedded database leaves the event loop free', async (t) => {
  const database = await connectPglite();
  t.teardown(() => database.close());
  const pglite = database.pglite!;
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  // 400 ms of work in Postgres: on the event loop's own thread no timer could fire until it ended.
  await pglite.query('select pg_sleep(0.4)');
  clearInterval(timer);
  t.ok(ticks >= 5, `timers fired while the statement ran (${ticks} ticks of 10 ms)`);
});

t.test('a transaction holds the connection: a query from outside waits for its end and sees its result', async (t) => {
  const database = await connectPglite();
  t.teardown(() => database.close());
  const pglite = database.pglite!;
  await pglite.exec('create table thread_probe (n int primary key)');
  const order: string[] = [];
  let outside: Promise<unknown> | undefined;
  await pglite.transaction(async (tx) => {
    await tx.query('insert into thread_probe values (1)');
    outside = pglite.query<{ count: number }>('select count(*)::int as count from thread_probe').then((r) => {
      order.push(`outside saw ${r.rows[0]!.count}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await tx.query('insert into thread_probe values (2)');
    order.push('committed');
  });
  await outside;
  t.same(order, ['committed', 'outside saw 2'], 'the outside query ran after the commit');

  await t.rejects(
    pglite.transaction(async (tx) => {
      await tx.query('insert into thread_probe values (3)');
      throw new Error('changed my mind');
    }),
    { message: 'changed my mind' },
  );
  let outsideWrite: Promise<unknown> | undefined;
  await t.rejects(
    pglite.transaction(async (tx) => {
      await tx.query('insert into thread_probe values (5)');
      // Sent while the transaction runs: it must not become part of it (and so must survive its rollback).
      outsideWrite = pglite.query('insert into thread_probe values (6)');
      throw new Error('rolled back');
    }),
  );
  await outsideWrite;
  const after = await pglite.query<{ n: number }>('select n from thread_probe order by n');
  t.same(after.rows, [{ n: 1 }, { n: 2 }, { n: 6 }], 'a transaction that throws is rolled back; a write from outside it stays');

  await pglite.transaction(async (tx) => {
    await tx.query('insert into thread_probe values (4)');
    await tx.rollback();
  });
  t.equal((await pglite.query('select * from thread_probe where n = 4')).rows.length, 0, 'tx.rollback() rolls back');
});

t.test("an error keeps Postgres's fields (code, constraint, detail), as PGlite's own does", async (t) => {
  const database = await connectPglite();
  t.teardown(() => database.close());
  const pglite = database.pglite!;
  await pglite.exec('create table unique_probe (n int constraint unique_probe_pk primary key)');
  await pglite.query('insert into unique_probe values ($1)', [7]);
  const err = await pglite.query('insert into unique_probe values ($1)', [7]).then(
    () => undefined,
    (e: unknown) => e as { code?: string; constraint?: string; detail?: string },
  );
  t.equal(err?.code, '23505');
  t.equal(err?.constraint, 'unique_probe_pk');
  t.match(err?.detail, /\(n\)=\(7\)/);
  t.equal((await pglite.query<{ n: number }>('select n from unique_probe')).rows[0]!.n, 7, 'the connection goes on after an error');
});

t.test('once closed, every request is refused as "database unavailable" (503), not left waiting', async (t) => {
  const database = await connectPglite();
  const pglite = database.pglite!;
  await database.close();
  t.equal(pglite.closed, true);
  const err = await pglite.query('select 1').catch((e: unknown) => e);
  t.ok(err instanceof EmbeddedDatabaseStopped);
  t.ok(isDatabaseUnavailable(err), 'counted as the database being unavailable');
});

t.test('a named prepared statement is parsed once, then executed with its parameters; an error leaves the connection ready', async (t) => {
  const database = await connectPglite();
  t.teardown(() => database.close());
  const pglite = database.pglite!;
  await pglite.exec("create table prepared_probe (n int primary key, at timestamptz, note text); insert into prepared_probe values (1, '2026-01-01T10:00:00Z', 'a'), (2, null, 'b')");
  const text = 'select n, at, note from prepared_probe where n >= $1 and note <> $2 order by n';
  const first = await pglite.prepared<{ n: number; at: Date | null; note: string }>('probe_1', text, [1, 'x']);
  t.same(first.rows.map((r) => r.n), [1, 2]);
  t.ok(first.rows[0]!.at instanceof Date, 'values parsed as by query (timestamptz → Date)');
  const second = await pglite.prepared<{ n: number }>('probe_1', text, [2, 'x']);
  t.same(second.rows.map((r) => r.n), [2], 'the second run binds its own parameters');
  const planned = await pglite.query<{ count: number }>("select count(*)::int as count from pg_prepared_statements where name = 'probe_1'");
  t.equal(planned.rows[0]!.count, 1, 'one statement on the connection, prepared once');
  const err = await pglite.prepared('probe_2', 'insert into prepared_probe (n) values ($1)', [1]).then(() => undefined, (e: unknown) => e as { code?: string });
  t.equal(err?.code, '23505', "the error keeps Postgres's code");
  const bad = await pglite.prepared('probe_3', 'select * from no_such_table where n = $1', [1]).then(() => undefined, (e: unknown) => e as { code?: string });
  t.equal(bad?.code, '42P01', 'a statement that cannot be prepared is refused');
  t.same((await pglite.prepared<{ n: number }>('probe_1', text, [1, 'a'])).rows.map((r) => r.n), [2], 'the connection goes on');
});
