/* eslint-disable @typescript-eslint/no-non-null-assertion -- index arithmetic (typed arrays, a heap, a merge)
   kept in bounds by each loop's condition: a guard would be a dead branch in the query's hot path. */
import { nextTurn } from '../../core/next-turn.js';

/**
 * How long a scan over the whole estate may hold the event loop before it lets other requests in
 * (ms). One row can cost milliseconds (a long LIKE over a 32,768-character value), so the clock is
 * read after every row; reading it is a small part of testing even a cheap one.
 */
const SCAN_SLICE_MS = 10;

/** Lets whatever else is waiting run (other requests, `/__admin/health`), then resumes. */
const otherWork = (): Promise<void> => new Promise((resolve) => nextTurn(resolve));

/**
 * Visits every row of a live array (the name-ordered hosts, which other requests splice), giving way
 * to other requests every SCAN_SLICE_MS: a scan over 100,000 hosts takes what it takes, but does not
 * stall every other request meanwhile. It visits the rows as they were when it started (a copy from
 * the first time it gives way). True when it gave way: rows deleted meanwhile may have been visited,
 * and the caller leaves them out. A scan done within its first slice (a few hundred hosts) answers
 * `false` at once, not a promise: its request is answered without waiting on another turn of the
 * microtask queue for each caller up the chain.
 */
export function scanGivingWay<T>(live: readonly T[], visit: (row: T) => void): boolean | Promise<boolean> {
  const sliceEnds = performance.now() + SCAN_SLICE_MS;
  for (let i = 0; i < live.length; i++) {
    if (performance.now() > sliceEnds) return scanOn(live.slice(), i, visit);
    visit(live[i]!);
  }
  return false;
}

/** The rest of a scan from row `from` on, after giving way first. */
async function scanOn<T>(rows: readonly T[], from: number, visit: (row: T) => void): Promise<true> {
  await otherWork();
  let sliceEnds = performance.now() + SCAN_SLICE_MS;
  for (let i = from; i < rows.length; i++) {
    if (performance.now() > sliceEnds) {
      await otherWork();
      sliceEnds = performance.now() + SCAN_SLICE_MS;
    }
    visit(rows[i]!);
  }
  return true;
}

/** Rows per run sorted in one go (a few milliseconds each) before the runs are merged. */
const RUN = 4096;

/**
 * The rows in `compare` order, stably, as `Array.prototype.sort` would put them, sorted in runs and
 * merged, giving way to other requests every SCAN_SLICE_MS: every service of 100,000 hosts in
 * description order is half a million rows, a sort that held the event loop for most of a second.
 * Sorts `rows` in place or returns a new array; the caller uses the result.
 */
export async function sortGivingWay<T>(rows: T[], compare: (a: T, b: T) => number): Promise<T[]> {
  let sliceEnds = performance.now() + SCAN_SLICE_MS;
  const mayGiveWay = async (): Promise<void> => {
    if (performance.now() <= sliceEnds) return;
    await otherWork();
    sliceEnds = performance.now() + SCAN_SLICE_MS;
  };
  for (let start = 0; start < rows.length; start += RUN) {
    const run = rows.slice(start, start + RUN).sort(compare);
    for (let i = 0; i < run.length; i++) rows[start + i] = run[i]!;
    await mayGiveWay();
  }
  let from = rows;
  let to = new Array<T>(rows.length);
  for (let width = RUN; width < rows.length; width *= 2) {
    for (let low = 0; low < rows.length; low += 2 * width) {
      const middle = Math.min(low + width, rows.length);
      const high = Math.min(low + 2 * width, rows.length);
      let left = low;
      let right = middle;
      let out = low;
      // The left row wins a tie: stable.
      while (left < middle && right < high) {
        to[out++] = compare(from[right]!, from[left]!) < 0 ? from[right++]! : from[left++]!;
        if (out % RUN === 0) await mayGiveWay();
      }
      while (left < middle) to[out++] = from[left++]!;
      while (right < high) to[out++] = from[right++]!;
      await mayGiveWay();
    }
    [from, to] = [to, from];
  }
  return from;
}
