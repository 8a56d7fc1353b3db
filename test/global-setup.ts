// One temporary folder per test run: every test's mkdtemp(tmpdir()) and every process it spawns
// (TMPDIR is inherited) write under it, and it is removed when the run ends, so a run leaves nothing
// in /tmp however a test ends. Vitest runs this before it starts its workers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'understudy-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
