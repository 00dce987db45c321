// The service under test as a child process (`node --import tsx src/server.ts`) in a process group of its own, its
// output kept in a file and the last lines in memory for the report.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface Service {
  pid: number;
  /** Null while it runs; how it ended otherwise. */
  exit(): { code: number | null; signal: string | null; at: number } | null;
  /** Lines of its output (stdout and stderr) that match, at most `max`, the latest. */
  lines(match: RegExp, max: number): string[];
  /** SIGTERM to the group, SIGKILL after `graceMs`. Safe twice. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the group now (exit handler). */
  killSync(): void;
}

const KEEP_LINES = 20_000;

export function startService(opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): Service {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file = createWriteStream(opts.logFile);
  const kept: string[] = [];
  const keep = (stream: NodeJS.ReadableStream | null, tag: string) => {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      file.write(chunk);
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        kept.push(`${tag} ${line}`);
        if (kept.length > KEEP_LINES) kept.shift();
      }
    });
    stream?.on('end', () => {
      if (rest) kept.push(`${tag} ${rest}`);
    });
  };
  keep(child.stdout, '[out]');
  keep(child.stderr, '[err]');
  let ended: { code: number | null; signal: string | null; at: number } | null = null;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      ended = { code, signal, at: Date.now() };
      resolve();
    });
    child.on('error', (err) => {
      kept.push(`[spawn] ${err.message}`);
      ended = { code: null, signal: null, at: Date.now() };
      resolve();
    });
  });
  const pid = child.pid ?? -1;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group has gone
    }
  };
  return {
    pid,
    exit: () => ended,
    lines: (match, max) => kept.filter((l) => match.test(l)).slice(-max),
    async stop(graceMs = 12_000) {
      if (pid > 0) {
        signalGroup('SIGTERM');
        const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
        if ((await Promise.race([exited.then(() => 'done' as const), timer])) === 'late') signalGroup('SIGKILL');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
        // The group may hold more than the node process (a grandchild): make sure nothing is left.
        signalGroup('SIGKILL');
      }
      await new Promise<void>((resolve) => file.end(resolve));
    },
    killSync() {
      if (pid > 0 && !ended) signalGroup('SIGKILL');
    },
  };
}
