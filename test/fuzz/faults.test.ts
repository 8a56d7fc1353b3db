// The fuzzer's own proof: a fake of the four vendors (the door the fuzzer sends through, in front of
// the mock's core) that breaks the contract in one way at a time. The fuzzer must pass the unbroken fake and fail each broken one
// under the right check's name.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INVALID_KINDS } from '../../src/fuzz/cases.js';
import { runFuzz, type FuzzCheckName, type FuzzRunResult } from '../../src/fuzz/index.js';
import type { CaseKind } from '../../src/fuzz/types.js';
import { startMock, type RunningMock } from '../helpers/mock.js';
import { FUZZ_FAULTS, fakeVendor, type FuzzFault } from './fake-vendor.js';

/** A host that resolves nowhere: a run that sent over a socket after all fails at once. */
const BASE = 'http://fake-vendor.understudy.test';
const caught: FuzzFault[] = [];
let m: RunningMock;

beforeAll(async () => {
  m = await startMock();
});

beforeEach(() => m.mock.reset());

afterAll(async () => {
  const total = Object.keys(FUZZ_FAULTS).length;
  console.log(
    `fuzz faults caught: ${caught.length}/${total}${
      caught.length < total
        ? ` (missed: ${Object.keys(FUZZ_FAULTS)
            .filter((f) => !caught.includes(f as FuzzFault))
            .join(', ')})`
        : ''
    }`,
  );
  await m.close();
});

/**
 * The case kinds made to provoke each fault. A broken fake is fuzzed with these alone: the run is
 * short (the whole coverage round of all kinds is ~300 requests, 5 s of CPU per fault), and it shows
 * which kind of case catches which fault. The unbroken fake gets every kind.
 */
const KINDS: Record<FuzzFault, readonly CaseKind[]> = {
  'accepts-invalid': INVALID_KINDS,
  'refuses-valid': ['valid'],
  'header-optional': ['missing-header'],
  'no-405': ['unsupported-method'],
  'auth-ignored': ['no-credentials', 'bad-credentials'],
  'soft-delete': ['use-after-free'],
  'crashes-on-bad-json': ['broken-json'],
};

async function fuzzFake(fault?: FuzzFault): Promise<FuzzRunResult> {
  const send = fakeVendor((r) => m.mock.core.handle(r), fault);
  const seed = 20240611;
  if (fault === undefined) return runFuzz({ target: BASE, seed, requests: 320, timeoutMs: 5_000, send });
  return runFuzz({ target: BASE, seed, requests: 40, kinds: KINDS[fault], timeoutMs: 5_000, send });
}

function failedChecks(result: FuzzRunResult): FuzzCheckName[] {
  return (Object.entries(result.summary.checks) as Array<[FuzzCheckName, { failed: number }]>)
    .filter(([, t]) => t.failed > 0)
    .map(([name]) => name);
}

describe('fuzz against a fake vendor', () => {
  it('passes the unbroken fake', async () => {
    const result = await fuzzFake();
    expect(result.fuzz.failures.slice(0, 3)).toEqual([]);
    expect(result.ok).toBe(true);
    for (const check of Object.values(FUZZ_FAULTS))
      expect(result.summary.checks[check].passed, check).toBeGreaterThan(0);
  }, 90_000);

  for (const [fault, check] of Object.entries(FUZZ_FAULTS) as Array<[FuzzFault, FuzzCheckName]>) {
    it(`catches ${fault} as ${check}`, async () => {
      const result = await fuzzFake(fault);
      expect(result.ok).toBe(false);
      expect(failedChecks(result)).toContain(check);
      const failure = result.fuzz.failures.find((f) => f.check === check);
      expect(failure?.curl).toMatch(/^curl -sS -i -X [A-Z]+ 'http:\/\/fake-vendor\.understudy\.test\//);
      caught.push(fault);
    }, 90_000);
  }

  it('scores every injected fault as caught', () => {
    expect(caught.length).toBe(Object.keys(FUZZ_FAULTS).length);
  });
});
