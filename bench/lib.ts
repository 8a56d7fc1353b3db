// Shared by the benches: the built CLI they spawn, waiting for a server, stopping it, and statistics.
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { present } from '../src/common/present.js';
import { PACKAGE_ROOT } from '../src/spec/paths.js';

/** Benches spawn what `npm run build` produced, as users run it. */
export const CLI = join(PACKAGE_ROOT, 'dist', 'cli.js');

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return present(sorted[rank], `rank ${rank} of ${sorted.length}`);
}

/** Polls until the URL answers at all; resolves with how long that took. */
export async function waitFor(url: string, timeoutMs = 30_000, child?: ChildProcess): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`the server exited with ${child.exitCode} before ${url} answered`);
    try {
      await fetch(url);
      return performance.now() - started;
    } catch {
      if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** The one-minute load average (of `load`, or now), as a report prints it. */
export function oneMinuteLoad(load: number[] = loadavg()): string {
  return present(load[0], 'the one-minute load average').toFixed(2);
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
