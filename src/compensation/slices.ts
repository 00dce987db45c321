import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

// A batch of 5,000 visits is tens of milliseconds of CPU per step (validation, the calendar split, building the
// statements' JSON). Run in one go, every other request of the process waits for it: /health/live stalled for
// seconds. Long loops here run in slices instead and let the event loop turn between them.

/** How long one slice of CPU work may run before other requests get their turn. */
export const SLICE_MS = 8;

/**
 * A time-sliced loop: `await slice()` after each item of a long loop yields to the event loop (setImmediate) once
 * the current slice has run `budgetMs`; otherwise it costs a clock read.
 */
export function slicer(budgetMs = SLICE_MS) {
  let since = performance.now();
  return {
    /** True when the slice is used up (check it to avoid an `await` per item). */
    due: () => performance.now() - since >= budgetMs,
    async yield() {
      await nextTurn();
      since = performance.now();
    },
  };
}

/** `items.map(fn)` in slices of at most `budgetMs` of CPU. */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T, index: number) => R, budgetMs = SLICE_MS): Promise<R[]> {
  const slice = slicer(budgetMs);
  const out: R[] = new Array<R>(items.length);
  for (let i = 0; i < items.length; i++) {
    out[i] = fn(items[i]!, i);
    if (slice.due()) await slice.yield();
  }
  return out;
}

/** Consecutive pieces of at most `size` items (the last may be shorter). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
