import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { messageReads, messages } from '../db/schema/index.js';
import { notFound } from '../http/problem.js';
import { reachedCaller, readableBy, type Who } from './access.js';

/** A message the caller may read, or 404 (never 403: it does not confirm that the message exists). */
export async function loadReadable(db: Db, caller: Who, id: string) {
  const [row] = await db.select().from(messages).where(and(eq(messages.id, id), readableBy(caller)));
  if (!row) throw notFound('The message');
  return row;
}

/** The thread of a message the caller may read, oldest first: only the messages in it they may read. */
export async function loadThread(db: Db, caller: Who, id: string) {
  const { threadId } = await loadReadable(db, caller, id);
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.threadId, threadId), readableBy(caller)))
    .orderBy(asc(messages.sentAt), asc(messages.id));
  return { threadId, rows };
}

/** Marks read a message that reached the caller (the sender marks nothing read); again is harmless. */
export async function markRead(db: Db, caller: Who, id: string) {
  const [row] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.id, id), reachedCaller(caller)));
  if (!row) throw notFound('The message');
  await db.insert(messageReads).values({ messageId: row.id, staffId: caller.sub }).onConflictDoNothing();
  const [read] = await db.select().from(messageReads).where(and(eq(messageReads.messageId, row.id), eq(messageReads.staffId, caller.sub)));
  return { messageId: row.id, readAt: read!.readAt.toISOString() };
}
