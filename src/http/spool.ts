import { randomUUID } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

// A large answer (a city's statement for a month: tens of thousands of lines) is written to a temporary file while it
// is read from the database, a batch at a time, and sent from the file afterwards (a small one stays in memory). The process holds one batch at a
// time, not the answer (its memory stays flat), and the database connection is free again before the first byte is
// sent: a slow client holds a file, not a pooled connection.

/** Bytes read from the file per chunk sent: 16 MiB took 17–69 ms in 64 KiB reads, 4–6 ms in 256 KiB reads (each read is a trip to the thread pool). */
const CHUNK_BYTES = 256 * 1024;

let openCount = 0;

/** How many spools are open in this process (tests: every one is closed, also when a download is cut off). */
export const openSpools = () => openCount;

/** Bytes a spool holds in memory before it moves them to a file: a provider's month (1.6 MB of JSON) stays in memory. */
export const SPOOL_MEMORY_BYTES = 2 * 1024 * 1024;

/**
 * The middle of one answer, written in pieces and sent once. Up to `memoryBytes` it is held in memory; beyond, in a
 * temporary file. The file is unlinked as soon as it is open: the answer names individuals, and a file with no name
 * cannot be opened by anyone else and is freed by the kernel when its handle closes, also when the process dies (on a
 * system that cannot unlink an open file, it is removed when closed). Mode 0600.
 */
export class Spool {
  private size = 0;
  private pieces: Buffer[] = [];
  private file: { handle: FileHandle; path: string | undefined } | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly memoryBytes = SPOOL_MEMORY_BYTES) {
    openCount++;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size;
  }

  /** Whether the bytes went to a file. */
  get inFile(): boolean {
    return this.file !== undefined;
  }

  /** Appends the pieces, in order. */
  async write(pieces: readonly Buffer[]): Promise<void> {
    if (this.closing) throw new Error('the answer spool is closed');
    const incoming = pieces.reduce((n, p) => n + p.length, 0);
    if (!this.file && this.size + incoming <= this.memoryBytes) {
      this.pieces.push(...pieces);
      this.size += incoming;
      return;
    }
    if (!this.file) {
      this.file = await openUnlinked();
      const held = this.pieces;
      this.pieces = [];
      this.size = 0;
      await this.append(held);
    }
    await this.append(pieces);
  }

  private async append(pieces: readonly Buffer[]) {
    let rest = pieces.filter((p) => p.length > 0);
    while (rest.length > 0) {
      const { bytesWritten } = await this.file!.handle.writev(rest, this.size);
      if (bytesWritten === 0) throw new Error('the answer spool took no bytes');
      this.size += bytesWritten;
      rest = dropBytes(rest, bytesWritten);
    }
  }

  /**
   * The answer: `head`, the spool's bytes, `tail`. The spool is closed when the stream ends or is destroyed (a client
   * that goes away), whichever comes first.
   */
  stream(head: Buffer, tail: Buffer): Readable {
    const readable = Readable.from(this.chunks(head, tail), { objectMode: false });
    // A stream destroyed before it was first read never enters the generator (its finally would not run).
    readable.once('close', () => void this.close());
    return readable;
  }

  private async *chunks(head: Buffer, tail: Buffer) {
    try {
      yield head;
      yield* this.file ? this.fromFile(this.file.handle) : this.pieces;
      yield tail;
    } finally {
      await this.close();
    }
  }

  private async *fromFile(handle: FileHandle) {
    for (let position = 0; position < this.size; ) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, this.size - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) throw new Error('the answer spool ended early');
      position += bytesRead;
      yield chunk.subarray(0, bytesRead);
    }
  }

  /** Lets go of the bytes: closes (and, where it could not be unlinked at once, removes) the file. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      openCount--;
      this.pieces = [];
      if (!this.file) return;
      await this.file.handle.close().catch(() => {});
      if (this.file.path) await unlink(this.file.path).catch(() => {});
    })();
    return this.closing;
  }
}

/** A new temporary file, read-write for this user only, unlinked at once where the system allows it. */
async function openUnlinked(): Promise<{ handle: FileHandle; path: string | undefined }> {
  const path = join(tmpdir(), `hemtjanst-answer-${randomUUID()}`);
  const handle = await open(path, 'wx+', 0o600);
  try {
    await unlink(path);
    return { handle, path: undefined };
  } catch {
    return { handle, path };
  }
}

/** The pieces after their first `n` bytes. */
function dropBytes(pieces: readonly Buffer[], n: number): Buffer[] {
  const rest: Buffer[] = [];
  let skip = n;
  for (const p of pieces) {
    if (skip >= p.length) {
      skip -= p.length;
      continue;
    }
    rest.push(skip > 0 ? p.subarray(skip) : p);
    skip = 0;
  }
  return rest;
}
