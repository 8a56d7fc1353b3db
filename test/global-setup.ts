// Runs once before Vitest starts its workers.
// - One temporary folder per test run: every test's mkdtemp(tmpdir()) and every process it spawns
//   (TMPDIR is inherited) write under it, and it is removed when the run ends, so a run leaves nothing
//   in /tmp however a test ends.
// - dist/ built from the sources under test: the tests that run `understudy` as its own process run
//   the built dist/cli.js (as users do), not the sources through tsx, which costs each process a
//   second or more of compiling. The build is skipped when dist/ is fresh (src/tools/build-if-stale.mjs
//   compares a hash of the sources, not clocks).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/spec/paths.js';

interface BuildIfStale {
  staleness: (root?: string) => string | undefined;
}

async function buildIfStale(): Promise<void> {
  // A path in a variable: the script is plain JavaScript, run before anything is compiled.
  const script = join(PACKAGE_ROOT, 'src', 'tools', 'build-if-stale.mjs');
  const { staleness } = (await import(script)) as BuildIfStale;
  const reason = staleness();
  if (reason === undefined) return;
  console.error(`tests: building dist/ first (${reason})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build', '--silent'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`npm run build failed (${String(built.status ?? built.signal)})`);
}

/** What reports/ holds (name → mtime): a run writes its reports in its temporary folder, never there. */
function reportsFolder(): Map<string, number> {
  const reports = join(PACKAGE_ROOT, 'reports');
  return new Map(readdirSync(reports).map((name) => [name, statSync(join(reports, name)).mtimeMs]));
}

export default async function setup(): Promise<() => void> {
  // Each Vitest project (test/vitest.config.ts) runs this again in the same process: the first run
  // owns the folder; a nested one would make Chromium's socket path too long.
  if (process.env.UNDERSTUDY_TESTS_TMPDIR !== undefined) return () => undefined;
  await buildIfStale();
  const dir = mkdtempSync(join(tmpdir(), 'understudy-tests-'));
  process.env.TMPDIR = dir;
  process.env.UNDERSTUDY_TESTS_TMPDIR = dir;
  const reportsBefore = reportsFolder();
  return () => {
    // Retried: a worker's Chromium (test/helpers/browser.ts) is ended with its worker, and its last
    // processes may still be writing their profile here as the run ends (ENOTEMPTY otherwise).
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
    delete process.env.UNDERSTUDY_TESTS_TMPDIR;
    // The README: "Each run works in one temporary folder, removed at its end". A command run without
    // --report-dir writes to the repository's reports/ (its default): that fails the run, named.
    const written = [...reportsFolder()].filter(([name, mtime]) => reportsBefore.get(name) !== mtime);
    if (written.length > 0) {
      // A teardown's exception is printed but does not fail Vitest's run: the exit code does.
      console.error(
        `understudy tests: the run wrote ${written.map(([name]) => `reports/${name}`).join(', ')}: give the command --report-dir in the run's temporary folder`,
      );
      process.exitCode = 1;
    }
  };
}
