// The suites pass 100% against the reference implementation, the understudy mock, for every
// vendor the mock serves; and the mock's own response validation sees no violation meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCoverage } from '../../src/conformance/coverage.js';
import type { VerifyResult } from '../../src/conformance/results.js';
import { runVerify } from '../../src/conformance/runner.js';
import type { Vendor } from '../../src/spec/vendors.js';
import { VENDOR_MODULES } from '../../src/vendors/index.js';
import { failuresOf } from '../../src/report/failures.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';

const served = Object.keys(VENDOR_MODULES) as Vendor[];
let m: RunningMock;
let result: VerifyResult;

beforeAll(async () => {
  m = await startMock({ vendors: served });
  result = await runVerify({ target: m.url, targetName: 'understudy mock', vendors: served });
});
afterAll(() => m.close());

describe(`verify against the understudy mock (${served.join(', ')})`, () => {
  it('every check of every scenario passes', () => {
    const failures = failuresOf(result).map((f) => `${f.scenario.file}:${f.step.line} ${f.check ?? f.step.status}: ${f.message}`);
    console.log(formatCoverage(result.coverage));
    expect(failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary.scenarios.passed).toBe(result.scenarios.length);
  });

  it('the mock saw no violation of the specs in its own responses', () => {
    expect(violations(m.mock)).toEqual([]);
  });

  it('every check ran somewhere', () => {
    for (const [name, tally] of Object.entries(result.summary.checks)) expect(tally.passed, name).toBeGreaterThan(0);
  });
});
