// state_round_trip, the fuzzer's check that whatever a mock accepted survives its own state file
// (issue 14 item 3). It passes the mock as it is, and it fails a mock with either fault the check
// exists for, put into the real mock's GroundWork module: a decoder that lets a non-finite number
// through (the 1e400, stored as Infinity and written as null, so the next start refuses the
// file), and a loader that loses part of what was written. Against a mock that has an admin token,
// the run says what to pass, and checks with it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../../src/conformance/http.js';
import { runFuzz, type FuzzRunResult } from '../../src/fuzz/index.js';
import { firstDifference, probeStateRoundTrip } from '../../src/fuzz/state-round-trip.js';
import type { MockOptions } from '../../src/mock/server.js';
import type { Handler, VendorModule } from '../../src/mock/types.js';
import { inProcess } from '../helpers/in-process.js';
import { startMock, type RunningMock } from '../helpers/mock.js';

const running: RunningMock[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.close()));
});

async function mock(
  overrides: Partial<MockOptions> = {},
  fault?: (module: VendorModule) => VendorModule,
): Promise<RunningMock> {
  const m = await startMock({ vendors: ['groundwork'], ...overrides });
  running.push(m);
  const loaded = m.mock.vendors.get('groundwork')!;
  if (fault) loaded.module = fault(loaded.module);
  return m;
}

/**
 * The fuzzer's requests to the vendor API go to the mock's core in-process; its admin requests (the
 * probe, and the round trips' GET and PUT /__admin/state, which go straight to the target's URL) go
 * over the socket, to the admin API that the check is about.
 */
const fuzz = (m: RunningMock, adminToken?: string): Promise<FuzzRunResult> => {
  const vendorApi = inProcess((r) => m.mock.core.handle(r));
  return runFuzz({
    target: m.url,
    send: (request, timeoutMs) =>
      (new URL(request.url).pathname.startsWith('/__admin') ? send : vendorApi)(request, timeoutMs),
    vendors: ['groundwork'],
    seed: 314,
    requests: 150,
    timeoutMs: 10_000,
    adminToken,
  });
};

const roundTripFailures = (result: FuzzRunResult) => result.fuzz.failures.filter((f) => f.check === 'state_round_trip');

describe('state_round_trip', () => {
  it('passes the mock after every accepted write, and finds nothing', async () => {
    const result = await fuzz(await mock());
    expect(result.fuzz.notChecked).toEqual([]);
    expect(result.summary.checks.state_round_trip.passed).toBeGreaterThan(10);
    expect(result.summary.checks.state_round_trip.failed).toBe(0);
    // Named, not only counted: a loaded two-run machine once saw one failure here, and the count alone
    // did not say which check or request.
    expect(result.fuzz.failures.slice(0, 3).map((f) => `${f.check}: ${f.message}\n${f.curl}`)).toEqual([]);
    expect(result.fuzz.failuresTotal).toBe(0);
  }, 120_000);

  it('catches a mock that stores a non-finite number: its state file would not load', async () => {
    // As before issue 14: a host property of 1e400 reached the state as Infinity. Every handler
    // leaves one in the first host, as a decoder that let it through would have.
    const infinite = (module: VendorModule): VendorModule => ({
      ...module,
      handlers: Object.fromEntries(
        Object.entries(module.handlers).map(([operationId, original]) => {
          const handler: Handler<unknown, unknown> = async (req, ctx) => {
            const result = await (original as Handler<unknown, unknown>)(req, ctx);
            const { hosts } = ctx.state as { hosts: Map<string, { properties: Record<string, unknown> }> };
            const first = hosts.values().next().value;
            if (first) first.properties.injected = Infinity;
            return result;
          };
          return [operationId, handler];
        }),
      ),
    });
    const result = await fuzz(await mock({ validateResponses: false }, infinite));
    const failures = roundTripFailures(result);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]!.message).toMatch(
      /cannot be loaded back, so a restart on the state file would fail: PUT \/__admin\/state answered 400 groundwork state: state\.hosts\[\d+\]\.properties\.injected must be a string, number or boolean$/,
    );
    expect(failures[0]!.curl).toMatch(/^curl .*\/api\//);
  }, 120_000);

  it('catches a mock whose state file loads but loses what it held', async () => {
    // Only what requests added is lost, the start's hosts come back whole: the loss shows once a write
    // has added a host, not at the first round trip (so a check that stopped looking after one
    // unchanged round trip would miss it).
    const atStart = new Set<unknown>();
    const forgetful = (module: VendorModule): VendorModule => ({
      ...module,
      loadState: (value, options) => {
        const dump = value as { hosts?: Array<Record<string, unknown>> };
        const hosts = (dump.hosts ?? []).map((host) => {
          if (atStart.has(host.hostName)) return host;
          const { description: _, ...rest } = host;
          return rest;
        });
        return module.loadState({ ...dump, hosts }, options);
      },
    });
    const m = await mock({}, forgetful);
    const start = (await (await fetch(`${m.url}/__admin/state`)).json()) as {
      groundwork: { hosts: Array<{ hostName: string }> };
    };
    for (const host of start.groundwork.hosts) atStart.add(host.hostName);
    expect(atStart.size).toBeGreaterThan(0);
    const result = await fuzz(m);
    const failures = roundTripFailures(result);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]!.message).toMatch(
      /^dump → load → dump is not the same state: it differs at \$\.groundwork\.hosts\[\d+\]\.description$/,
    );
    // Checked before the loss, too: round trips that passed came first.
    expect(result.summary.checks.state_round_trip.passed).toBeGreaterThan(0);
  }, 120_000);

  it('on a mock with an admin token: not checked without it (and the run says what to pass), checked with it', async () => {
    const m = await mock({ admin: { token: 'sesame' } });
    const without = await fuzz(m);
    expect(without.summary.checks.state_round_trip.passed + without.summary.checks.state_round_trip.failed).toBe(0);
    expect(without.fuzz.notChecked).toEqual([
      expect.stringContaining('pass --admin-token (or set UNDERSTUDY_ADMIN_TOKEN)'),
    ]);
    const withToken = await fuzz(m, 'sesame');
    expect(withToken.fuzz.notChecked).toEqual([]);
    expect(withToken.summary.checks.state_round_trip.passed).toBeGreaterThan(10);
  }, 120_000);
});

describe('a target that is not an understudy mock', () => {
  it('is not checked, and the run says why', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"Not Found"}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await probeStateRoundTrip(url, undefined, 5_000)).toEqual({
        kind: 'not-checked',
        reason: `${url} has no understudy admin API (GET /__admin/health answered 404): only an understudy mock's state file can be checked`,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('firstDifference', () => {
  it('names the first path where two states differ, arrays in order, objects as sets of members', () => {
    expect(firstDifference({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBeUndefined();
    expect(firstDifference({ a: { b: [1, { c: 'x' }] } }, { a: { b: [1, { c: 'y' }] } })).toEqual({
      path: '$.a.b[1].c',
      before: '"x"',
      after: '"y"',
    });
    expect(firstDifference([1, 2], [1])).toEqual({ path: '$[1]', before: '2', after: 'undefined' });
    expect(firstDifference({ a: 1 }, { a: 1, b: null })).toEqual({ path: '$.b', before: 'undefined', after: 'null' });
  });
});
