// The fuzzer's coverage round against the mock, with a fixed seed: every operation of every vendor,
// every case kind and every check - and nothing found. Also the proof that authentication holds on
// every secured operation of every vendor (ignored_auth, both without and with wrong credentials).
// The deep campaign (5,000 requests, seed 5000) is a conformance run, not a unit test: `.ci/run`
// runs it with `understudy fuzz` against the CI mock, and a finding fails CI there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_CHECK_NAMES, runFuzz, type FuzzRunResult } from '../../src/fuzz/index.js';
import { loadSpec } from '../../src/spec/load.js';
import { vendorNames } from '../../src/vendors/registry.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';

const SEED = 5000;
// The coverage round: 300 requests reach every operation, case kind, check and life cycle (fewer
// leave some out, which the tests below then name).
const REQUESTS = 300;

let m: RunningMock;
let result: FuzzRunResult;

beforeAll(async () => {
  m = await startMock();
  result = await runFuzz({ target: m.url, seed: SEED, requests: REQUESTS });
  const f = result.fuzz;
  console.log(
    [
      `fuzz: ${f.requests.total} requests in ${(result.durationMs / 1000).toFixed(1)} s (${f.requestsPerSecond}/s), seed ${SEED}`,
      `  per vendor: ${Object.entries(f.requests.byVendor)
        .map(([v, n]) => `${v} ${n}`)
        .join(', ')}`,
      `  cases: ${f.cases.total} (${Object.entries(f.cases.byKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')})`,
      `  checks: ${FUZZ_CHECK_NAMES.map((c) => `${c} ${f.checks[c].passed}/${f.checks[c].passed + f.checks[c].failed}`).join(', ')}`,
    ].join('\n'),
  );
}, 300_000);

afterAll(() => m.close());

describe(`fuzz the mock: ${REQUESTS} requests, seed ${SEED}`, () => {
  it('finds nothing', () => {
    expect(result.fuzz.failures.slice(0, 5).map((f) => `${f.check}: ${f.message}\n${f.curl}`)).toEqual([]);
    expect(result.fuzz.failuresTotal).toBe(0);
    expect(result.ok).toBe(true);
    expect(violations(m.mock)).toEqual([]);
  });

  it(`sent at least ${REQUESTS} requests, to every operation of every vendor, and ran every check`, () => {
    expect(result.fuzz.requests.total).toBeGreaterThanOrEqual(REQUESTS);
    for (const vendor of vendorNames()) expect(result.fuzz.requests.byVendor[vendor], vendor).toBeGreaterThan(0);
    for (const check of FUZZ_CHECK_NAMES) expect(result.fuzz.checks[check].passed, check).toBeGreaterThan(0);
    for (const coverage of result.coverage) expect(coverage.operations.missing, coverage.vendor).toEqual([]);
  });

  it('authentication holds on every secured operation of every vendor (ignored_auth, both replays)', () => {
    let secured = 0;
    for (const vendor of vendorNames()) {
      for (const op of loadSpec(vendor).operations) {
        if (op.security.length === 0) continue;
        secured++;
        const tally = result.matrix[vendor]?.[op.operationId]?.ignored_auth;
        expect(tally, `${vendor} ${op.operationId}`).toBeDefined();
        expect(tally!.failed, `${vendor} ${op.operationId}`).toBe(0);
        const steps = result.scenarios
          .find((s) => s.vendor === vendor && s.name === `fuzz ${op.operationId}`)!
          .steps.map((s) => s.name);
        expect(
          steps.some((s) => s.startsWith('no-credentials:')),
          `${vendor} ${op.operationId} without credentials`,
        ).toBe(true);
        expect(
          steps.some((s) => s.startsWith('bad-credentials:')),
          `${vendor} ${op.operationId} with wrong credentials`,
        ).toBe(true);
      }
    }
    // Every secured operation the specs declare (26 when this was written).
    expect(secured).toBeGreaterThanOrEqual(26);
  });

  it('checked a 405 on every path with an undocumented method, and every use-after-free lifecycle', () => {
    for (const vendor of vendorNames()) {
      const paths = new Set(loadSpec(vendor).operations.map((o) => o.path));
      for (const path of paths) {
        const ops = loadSpec(vendor).operations.filter((o) => o.path === path);
        const tallied = ops.some((o) => (result.matrix[vendor]?.[o.operationId]?.unsupported_method?.passed ?? 0) > 0);
        expect(tallied, `${vendor} ${path}`).toBe(true);
      }
    }
    const lifecycles = result.scenarios.filter((s) => s.name.startsWith('use_after_free ')).map((s) => s.name);
    expect(lifecycles.sort()).toEqual(
      [
        'boomi-listener-token',
        'boomi-listener-token-legacy',
        'groundwork-biz-host',
        'groundwork-connector-agent',
        'groundwork-host-batch',
        'groundwork-session',
      ].map((n) => `use_after_free ${n}`),
    );
    expect(result.fuzz.inconclusiveTotal).toBe(0);
  });
});
