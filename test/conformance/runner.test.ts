// How the runner treats preconditions, cleanup and --read-only, against the nock fake.
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../src/conformance/results.js';
import { runVerify } from '../../src/conformance/runner.js';
import type { Vendor } from '../../src/vendors/types.js';
import { fakeVendor } from './fake-vendor-nock.js';
import { nockOff, nockOn } from '../helpers/nock.js';

const BASE = 'http://runner.understudy.test';
const RUNNER = fileURLToPath(new URL('./fixtures/runner', import.meta.url));
const FAKE = fileURLToPath(new URL('./fixtures/fake', import.meta.url));

beforeAll(() => {
  nockOn();
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nockOff();
});

/** Runs a suite against a fresh fake and returns the result and the requests the fake saw. */
async function run(
  dir: string,
  vendors: Vendor[],
  readOnly = false,
): Promise<{ result: VerifyResult; seen: string[] }> {
  const seen: string[] = [];
  const scope = fakeVendor(BASE, undefined);
  scope.on('request', (req: { method: string; path: string }) => seen.push(`${req.method} ${req.path}`));
  const result = await runVerify({ target: BASE, vendors, scenariosDir: dir, timeoutMs: 2_000, readOnly });
  return { result, seen };
}

describe('preconditions', () => {
  it('a precondition not met holds back the steps that need it, once checked, without failing the run', async () => {
    const { result, seen } = await run(RUNNER, ['moogsoft']);
    const [scenario] = result.scenarios;
    expect(scenario!.status).toBe('unmet');
    expect(scenario!.steps.map((s) => s.status)).toEqual(['unmet', 'unmet', 'passed', 'skipped']);
    expect(scenario!.steps[0]!.message).toBe(
      'precondition not met: integration 7 is installed (GET /integrations/api/v1/integrations/{integrationId}/status answered 404)',
    );
    // The request that checked it is in the report, with the response checks it passed …
    expect(scenario!.steps[0]!.exchanges).toHaveLength(1);
    expect(scenario!.steps[0]!.exchanges[0]).toMatchObject({
      variant: 'precondition',
      precondition: { name: 'seven', met: false },
      response: { status: 404 },
    });
    expect(scenario!.steps[0]!.exchanges[0]!.checks.map((c) => c.check)).toContain('response_schema_conformance');
    // … and it was sent once; nothing that needed it was sent at all.
    expect(seen.filter((r) => r.endsWith('/integrations/7/status'))).toEqual([
      'GET /integrations/api/v1/integrations/7/status',
    ]);
    expect(scenario!.steps[3]!.message).toBe("nothing to clean up: precondition 'seven' was not met");
    expect(result.ok).toBe(true);
    expect(result.summary.steps).toMatchObject({ unmet: 2, passed: 1, failed: 0 });
    expect(result.unmet).toEqual({ moogsoft: { getIntegrationStatus: 1, updateIntegrationStatus: 1 } });
  });

  it('the cleanup runs after a step failed, and is reported as steps of its own', async () => {
    const { result, seen } = await run(RUNNER, ['groundwork']);
    const [scenario] = result.scenarios;
    expect(scenario!.status).toBe('failed');
    expect(scenario!.steps.map((s) => [s.index, s.phase ?? 'main', s.status])).toEqual([
      [0, 'main', 'passed'],
      [1, 'main', 'failed'],
      [2, 'cleanup', 'passed'],
      [3, 'cleanup', 'passed'],
    ]);
    expect(seen.filter((r) => r.startsWith('DELETE'))).toContain('DELETE /api/hosts/host-200');
  });
});

describe('--read-only', () => {
  it('sends no request that changes state, counts what it skipped, and holds back what followed', async () => {
    const { result, seen } = await run(FAKE, ['moogsoft', 'groundwork', 'polarity'], true);
    // GroundWork's runner login is a POST the spec marks x-read-only, as is its logout of that session.
    expect(seen.length).toBeGreaterThan(5);
    const writes = seen.filter((r) => !r.startsWith('GET') && !r.startsWith('POST /api/auth/'));
    expect(writes).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.readOnly).toBe(true);
    const skipped = result.scenarios.flatMap((s) => s.steps).filter((s) => s.status === 'skipped');
    expect(skipped.map((s) => s.message)).toEqual([
      '--read-only: createOrUpdateHosts (POST) changes state',
      '--read-only: deleteHostsByName (DELETE) changes state',
      '--read-only: updateIntegrationStatus (PUT) changes state',
      '--read-only: updateIntegrationStatus (PUT) changes state',
    ]);
    expect(result.summary.skippedWrites).toBe(4);
    const groundwork = result.scenarios.find((s) => s.vendor === 'groundwork')!;
    // Reads after a skipped change are not failures: what they would read was never made.
    expect(groundwork.status).toBe('unmet');
    expect(groundwork.steps[1]).toMatchObject({
      status: 'unmet',
      message: 'precondition not met: follows step 1 (createOrUpdateHosts), a change --read-only skipped',
    });
    // Reads before any change run as usual.
    const moogsoft = result.scenarios.find((s) => s.vendor === 'moogsoft')!;
    expect(moogsoft.steps.slice(0, 2).map((s) => s.status)).toEqual(['passed', 'passed']);
  });
});
