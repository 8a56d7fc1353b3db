// The scans and sorts of GroundWork's whole estate let other requests in (issue 14 item 4), and
// answer what a plain scan or a plain stable sort would.
import { describe, expect, it } from 'vitest';
import { scanGivingWay, sortGivingWay } from '../../src/vendors/groundwork/give-way.js';

/** Rows with many equal keys, so that stability shows: the sort must keep `at` ascending within a key. */
function rows(n: number): Array<{ key: number; at: number }> {
  let seed = 7;
  return Array.from({ length: n }, (_, at) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return { key: seed % 1000, at };
  });
}
const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;

/** Whether a callback queued before `work` starts runs before `work` ends. */
async function letOthersIn(work: () => Promise<unknown>): Promise<boolean> {
  let ran = false;
  setImmediate(() => (ran = true));
  await work();
  return ran;
}

describe('sortGivingWay', () => {
  it('puts rows in the order of a stable sort, at every size around its runs of 4,096', async () => {
    for (const n of [0, 1, 2, 4095, 4096, 4097, 8192 + 3, 3 * 4096 + 1, 50_000]) {
      const input = rows(n);
      const expected = [...input].sort(byKey);
      expect(await sortGivingWay([...input], byKey), `${n} rows`).toEqual(expected);
    }
  });

  // A quarter of a million rows: six levels of merges above the runs, and ~20 slices of 10 ms here
  // (a machine ten times as fast still gives way). A million, as it was, sorted for ~1 s to prove
  // the same: the sort and its merges are the same code at every size, checked for order up to
  // 50,000 rows above and at this size below.
  it('lets other work in while it sorts a quarter of a million rows', async () => {
    const input = rows(250_000);
    let sorted: Array<{ key: number; at: number }> = [];
    expect(await letOthersIn(async () => (sorted = await sortGivingWay(input, byKey)))).toBe(true);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1]!, sorted[i]!];
      if (a.key > b.key || (a.key === b.key && a.at > b.at)) throw new Error(`rows ${i - 1} and ${i} out of order`);
    }
  });
});

describe('scanGivingWay', () => {
  it('answers a scan done within its first slice at once: false, not a promise', () => {
    const seen: number[] = [];
    expect(scanGivingWay([1, 2, 3], (row) => seen.push(row))).toBe(false);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('visits every row of the array as it was when it started, though the array changes meanwhile', async () => {
    const live = Array.from({ length: 2_000_000 }, (_, i) => i);
    let visited = 0;
    let sum = 0;
    setImmediate(() => live.splice(0, 1_000_000));
    const gaveWay = await scanGivingWay(live, (row) => {
      visited++;
      sum += row % 7;
    });
    expect(gaveWay).toBe(true);
    expect(visited).toBe(2_000_000);
    expect(sum).toBe(Array.from({ length: 2_000_000 }, (_, i) => i % 7).reduce((a, b) => a + b, 0));
  });
});
