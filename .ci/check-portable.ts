// Reads a verify JSON report and checks what .ci/portable.sh requires of it: nothing failed, and
// either every step ran (`all-run`) or the steps that need the documents' data were reported as
// preconditions not met (`unmet`); given a second report, that both give the same report.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { VerifyResult } from '../src/conformance/results.js';
import { reportShape } from '../test/conformance/report-shape.js';

const [file, mode, same] = process.argv.slice(2);
if (!file || (mode !== 'all-run' && mode !== 'unmet')) {
  console.error('usage: tsx .ci/check-portable.ts <verify.json> all-run|unmet [<verify.json> it must equal]');
  process.exit(2);
}
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as VerifyResult;
const run = read(file);
const problems: string[] = [];
const { scenarios, steps } = run.summary;
if (!run.ok || scenarios.failed + scenarios.error + steps.failed + steps.error > 0)
  problems.push(`${steps.failed} step(s) failed, ${steps.error} errored`);
if (mode === 'all-run' && steps.unmet + steps.skipped > 0)
  problems.push(`${steps.unmet} step(s) not met and ${steps.skipped} skipped: every step should run`);
if (mode === 'unmet' && steps.unmet === 0) problems.push('no step was reported as a precondition not met');
if (
  mode === 'unmet' &&
  run.scenarios.some((s) =>
    s.steps.some((t) => t.status === 'unmet' && !t.message?.startsWith('precondition not met: ')),
  )
)
  problems.push('an unmet step does not say which precondition');
if (same && !isDeepStrictEqual(reportShape(run), reportShape(read(same))))
  problems.push(`its report differs from ${same}'s`);
if (problems.length > 0) {
  console.error(`${file}: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(
  `${file}: ok - ${steps.passed} step(s) passed, ${steps.unmet} precondition(s) not met, 0 failed${same ? `, same report as ${same}` : ''}`,
);
