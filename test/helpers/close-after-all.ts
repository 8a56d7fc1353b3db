import { afterAll } from 'vitest';

/**
 * Closes, after the tests of the file or `describe` it is called in, what its set-up opened, newest
 * first. A set-up registers each resource as it comes up, so one that fails half-way still closes
 * what it had opened, and nothing is closed that never opened (no `x?.close()` on a variable the
 * types say is set).
 */
export function closeAfterAll(): (close: () => unknown) => void {
  const opened: Array<() => unknown> = [];
  afterAll(async () => {
    for (const close of opened.reverse()) await close();
  });
  return (close) => {
    opened.push(close);
  };
}
