// The suites pass 100% against the reference implementation, the understudy mock, for every
// vendor the mock serves, with every step run: the mock holds the documents' data, so no
// precondition is unmet. Run again on the same mock, they give the same report: a run leaves
// nothing behind that the next one trips over. The mock's own response validation sees no
// violation meanwhile. The first run goes over a socket (the one full socket run per vendor in the
// suite); the second goes in-process to the same mock's core, so its equal report also proves that
// door (test/helpers/in-process.ts, which other verify tests use) answers as the socket does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverage, formatCoverage } from '../../src/conformance/coverage.js';
import { loadScenarios } from '../../src/conformance/load-scenarios.js';
import type { VerifyResult } from '../../src/conformance/results.js';
import { runVerify } from '../../src/conformance/runner.js';
import { SCENARIOS_DIR } from '../../src/spec/paths.js';
import { vendorNames } from '../../src/vendors/registry.js';
import { failuresOf } from '../../src/report/failures.js';
import { IN_PROCESS_TARGET, inProcess } from '../helpers/in-process.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { reportShape } from './report-shape.js';

const served = vendorNames();
let m: RunningMock;
let first: VerifyResult;
let second: VerifyResult;

beforeAll(async () => {
  m = await startMock({ vendors: served });
  first = await runVerify({ target: m.url, targetName: 'understudy mock', vendors: served });
  second = await runVerify({
    target: IN_PROCESS_TARGET,
    targetName: 'understudy mock',
    vendors: served,
    send: inProcess((r) => m.mock.core.handle(r)),
  });
}, 240_000);
afterAll(() => m.close());

describe(`verify against the understudy mock (${served.join(', ')})`, () => {
  it('every check of every scenario passes, and every step runs (no precondition unmet)', () => {
    const failures = failuresOf(first).map(
      (f) => `${f.scenario.file}:${f.step.line} ${f.check ?? f.step.status}: ${f.message}`,
    );
    console.log(formatCoverage(first.coverage));
    expect(failures).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.summary.scenarios.passed).toBe(first.scenarios.length);
    expect(first.summary.steps).toMatchObject({ failed: 0, error: 0, skipped: 0, unmet: 0 });
    // So the run replayed every example the suites hold.
    expect(first.coverage).toEqual(coverage(loadScenarios(SCENARIOS_DIR).scenarios, served));
  });

  it('a second run on the same mock, in-process, gives the same report', () => {
    expect(second.ok).toBe(true);
    expect(reportShape(second)).toEqual(reportShape(first));
  });

  it('the in-process door answers with the headers the socket did, bar what only a socket adds', () => {
    const socketOnly = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
    const headerNames = (run: VerifyResult) =>
      run.scenarios.flatMap((s) =>
        s.steps.flatMap((t) =>
          t.exchanges.map((e) =>
            Object.keys(e.response?.headers ?? {})
              .filter((h) => !socketOnly.has(h))
              .sort()
              .join(' '),
          ),
        ),
      );
    expect(headerNames(second)).toEqual(headerNames(first));
  });

  it('the mock saw no violation of the specs in its own responses', () => {
    expect(violations(m.mock)).toEqual([]);
  });

  it('every check ran somewhere', () => {
    for (const [name, tally] of Object.entries(first.summary.checks)) expect(tally.passed, name).toBeGreaterThan(0);
  });
});
