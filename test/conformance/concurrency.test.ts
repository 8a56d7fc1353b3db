// verify --concurrency (issue 18 part 4): suites run at once, each in its own test session of the
// mock, give the serial run's report (same results, same order); a target without sessions is refused.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../src/conformance/results.js';
import { runVerify, VerifyUsageError } from '../../src/conformance/runner.js';
import type { Vendor } from '../../src/vendors/types.js';
import { IN_PROCESS_TARGET, inProcess } from '../helpers/in-process.js';
import { startMock, type RunningMock } from '../helpers/mock.js';
import { fakeVendor } from './fake-vendor-nock.js';
import { nockOff, nockOn } from '../helpers/nock.js';

const VENDORS: Vendor[] = ['moogsoft', 'polarity', 'boomi'];

/**
 * The report without what differs between any two runs: timings, and the recorded exchanges' text
 * (tokens, dates); and without the target's address (the serial run names the in-process one).
 */
function comparable({ target: _target, ...result }: VerifyResult): unknown {
  return JSON.parse(
    JSON.stringify(result, (key, value: unknown) =>
      key === 'durationMs' || key === 'startedAt' || key === 'request' || key === 'response' ? undefined : value,
    ),
  );
}

let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ vendors: VENDORS });
});
afterAll(() => m.close());

describe('verify --concurrency', () => {
  it('gives the serial report, each suite in a session of its own that it ends', { timeout: 180_000 }, async () => {
    // The serial run in-process (mock.test.ts shows that door gives the socket's report); the
    // concurrent one over the socket, as sessions and the admin API are the server's.
    const serial = await runVerify({
      target: IN_PROCESS_TARGET,
      vendors: VENDORS,
      timeoutMs: 10_000,
      send: inProcess((r) => m.mock.core.handle(r)),
    });
    m.mock.journal.clear();
    m.mock.reset();
    const ended: number[] = [];
    const concurrent = await runVerify({
      target: m.url,
      vendors: VENDORS,
      timeoutMs: 10_000,
      concurrency: 8,
      progress: { scenarioEnd: (_result, index) => ended.push(index) },
    });
    expect(serial.scenarios.length).toBeGreaterThan(8);
    expect(serial.ok).toBe(true);
    expect(comparable(concurrent)).toEqual(comparable(serial));

    // Every vendor request named a session, one per suite, and none is left live.
    const vendorRequests = m.mock.journal.list().filter((e) => e.vendor !== undefined);
    expect(vendorRequests.filter((e) => e.session === undefined)).toEqual([]);
    expect(new Set(vendorRequests.map((e) => e.session)).size).toBe(serial.scenarios.length);
    expect(m.mock.sessions.size).toBe(0);
    // Suites did overlap: they did not all end in the serial order.
    expect(ended).not.toEqual([...ended].sort((a, b) => a - b));
  });

  it('refuses concurrency against a target without sessions (a real vendor): its one state would be shared', async () => {
    const base = 'http://no-sessions.understudy.test';
    nockOn();
    const scope = fakeVendor(base);
    try {
      await expect(
        runVerify({
          target: base,
          vendors: ['moogsoft'],
          scenariosDir: fileURLToPath(new URL('./fixtures/fake', import.meta.url)),
          timeoutMs: 2_000,
          concurrency: 4,
        }),
      ).rejects.toThrow(VerifyUsageError);
    } finally {
      scope.persist(false);
      nockOff();
    }
  });

  it('refuses more suites at once than the mock keeps sessions live', async () => {
    const small = await startMock({ vendors: ['moogsoft'], sessions: { ttlMs: 60_000, max: 2 } });
    try {
      await expect(runVerify({ target: small.url, vendors: ['moogsoft'], concurrency: 4 })).rejects.toThrow(
        /keeps at most 2 sessions live/,
      );
    } finally {
      await small.close();
    }
  });
});
