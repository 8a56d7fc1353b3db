/**
 * How long a scan over the whole estate may hold the event loop before it lets other requests in
 * (ms). One row can cost milliseconds (a long LIKE over a 32,768-character value), so the clock is
 * read after every row; reading it is a small part of testing even a cheap one.
 */
const SCAN_SLICE_MS = 10;

/** Lets whatever else is waiting run (other requests, `/__admin/health`), then resumes. */
const otherWork = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Visits every row of a live array (the name-ordered hosts, which other requests splice), giving way
 * to other requests every SCAN_SLICE_MS: a scan over 100,000 hosts takes what it takes, but does not
 * stall every other request meanwhile. It visits the rows as they were when it started (a copy from
 * the first time it gives way). True when it gave way: rows deleted meanwhile may have been visited,
 * and the caller leaves them out.
 */
export async function scanGivingWay<T>(live: readonly T[], visit: (row: T) => void): Promise<boolean> {
  let rows = live;
  let sliceEnds = performance.now() + SCAN_SLICE_MS;
  let gaveWay = false;
  for (let i = 0; i < rows.length; i++) {
    if (performance.now() > sliceEnds) {
      if (!gaveWay) rows = rows.slice();
      gaveWay = true;
      await otherWork();
      sliceEnds = performance.now() + SCAN_SLICE_MS;
    }
    visit(rows[i]!);
  }
  return gaveWay;
}
