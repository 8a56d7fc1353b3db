// The checker's own proof: a fake vendor that breaks the contract in one way at a time. Verify must
// pass the unbroken fake and fail each broken one under the right check's name.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/conformance/runner.js';
import type { CheckName, VerifyResult } from '../../src/conformance/results.js';
import { FAULTS, fakeSender, type Fault } from './fake-vendor.js';

/** A host that resolves nowhere: a run that sent over a socket after all fails at once. */
const BASE = 'http://fake.understudy.test';
const SCENARIOS = fileURLToPath(new URL('./fixtures/fake', import.meta.url));
const caught: Fault[] = [];

// The fake is the door verify sends through: the checks are under test here, not the transport
// (the same fake behind nock and pactum's node:http is runner.test.ts's and concurrency.test.ts's).
async function verifyFake(fault?: Fault): Promise<VerifyResult> {
  return runVerify({
    target: BASE,
    send: fakeSender(fault),
    vendors: ['moogsoft', 'groundwork', 'polarity'],
    scenariosDir: SCENARIOS,
    timeoutMs: 2_000,
  });
}

function failedChecks(result: VerifyResult): CheckName[] {
  return (Object.entries(result.summary.checks) as Array<[CheckName, { failed: number }]>)
    .filter(([, t]) => t.failed > 0)
    .map(([name]) => name);
}

afterAll(() => {
  const total = Object.keys(FAULTS).length;
  console.log(
    `faults caught: ${caught.length}/${total}${
      caught.length < total
        ? ` (missed: ${Object.keys(FAULTS)
            .filter((f) => !caught.includes(f as Fault))
            .join(', ')})`
        : ''
    }`,
  );
});

describe('verify against a fake vendor', () => {
  it('passes the unbroken fake, every step run (it holds the documented data, as the mock does)', async () => {
    const result = await verifyFake();
    expect(failedChecks(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary.steps.unmet).toBe(0);
    expect(result.summary.steps.skipped).toBe(0);
    expect(result.summary.checks.ignored_auth.passed).toBeGreaterThan(0);
    expect(result.summary.checks.response_headers_conformance.passed).toBeGreaterThan(0);
  });

  for (const [fault, check] of Object.entries(FAULTS) as Array<[Fault, CheckName]>) {
    it(`catches ${fault} as ${check}`, async () => {
      const result = await verifyFake(fault);
      expect(result.ok).toBe(false);
      expect(failedChecks(result)).toContain(check);
      caught.push(fault);
    });
  }

  it('says where and what: the check, the step, a JSON pointer, expected and actual', async () => {
    const result = await verifyFake('wrong-type');
    const step = result.scenarios.flatMap((s) => s.steps).find((s) => s.status === 'failed')!;
    const failed = step.exchanges.find((e) => e.checks.some((c) => c.status === 'failed'))!;
    const failure = failed.checks.find((c) => c.status === 'failed')!;
    expect(failure).toMatchObject({ check: 'response_schema_conformance', pointer: '/global/integration_config_id' });
    expect(failure.message).toMatch(/integration_config_id' must be integer/);
    expect(String(failure.actual)).toContain('"integration_config_id":"6"');
    // The first request to meet the broken answer checked the step's precondition: it says so.
    expect(step).toMatchObject({ operationId: 'getIntegrationStatus', index: 0 });
    expect(failed).toMatchObject({
      variant: 'precondition',
      precondition: { name: 'documented', operationId: 'getIntegrationStatus', met: false },
    });
    expect(step.message).toMatch(/precondition 'documented' .* broke the contract: response_schema_conformance/);
  });

  it('a precondition whose request breaks the contract is a failure, never "not met"', async () => {
    const result = await verifyFake('absent-host-server-error');
    const step = result.scenarios.find((s) => s.vendor === 'groundwork')!.steps[0]!;
    expect(step.status).toBe('failed');
    expect(step.exchanges[0]).toMatchObject({ variant: 'precondition', response: { status: 500 } });
    expect(result.summary.steps.unmet).toBe(0);
  });

  it('an installation that lists nothing cannot hide the documented integration it still serves', async () => {
    const result = await verifyFake('list-forgets');
    const moogsoft = result.scenarios.find((s) => s.vendor === 'moogsoft')!;
    // The discovered part has nothing to discover: not run, and not a failure …
    expect(moogsoft.steps.filter((s) => s.status === 'unmet').map((s) => s.index)).toEqual([2, 3]);
    // … but the documented integration answers its status, so the list that forgets it fails.
    expect(moogsoft.steps[1]).toMatchObject({ status: 'failed', operationId: 'listIntegrations' });
  });

  it('reports a malformed XML body with where the XML breaks', async () => {
    const result = await verifyFake('malformed-xml');
    const failure = result.scenarios
      .flatMap((s) => s.steps)
      .flatMap((s) => s.exchanges)
      .flatMap((e) => e.checks)
      .find((c) => c.status === 'failed' && c.check === 'response_schema_conformance');
    expect(failure?.message).toMatch(/application\/xml body cannot be read: malformed XML at line 1/);
  });

  it('reports state not kept as the expected status against the one that came back', async () => {
    const result = await verifyFake('state-not-kept');
    const failure = result.scenarios
      .flatMap((s) => s.steps)
      .flatMap((s) => s.exchanges)
      .flatMap((e) => e.checks)
      .find((c) => c.check === 'expected_state' && c.status === 'failed');
    expect(failure).toMatchObject({ expected: [200], actual: 404 });
  });
});
