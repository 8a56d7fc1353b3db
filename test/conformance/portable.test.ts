// The suites judge a target on its contract, not on the mock's data: against a mock with no data,
// and against one holding a generated estate instead of the documents' hosts, nothing fails; the
// steps that need the documents' data are reported apart (precondition not met), and only steps
// that declared such a need are. --read-only changes nothing on the target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHostGroups, stateChunks } from '../../src/fixtures/groundwork.js';
import { loadScenarios } from '../../src/conformance/load-scenarios.js';
import type { VerifyResult } from '../../src/conformance/results.js';
import { runVerify } from '../../src/conformance/runner.js';
import { SCENARIOS_DIR } from '../../src/spec/paths.js';
import { IN_PROCESS_TARGET, inProcess } from '../helpers/in-process.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';

const { scenarios: loaded } = loadScenarios(SCENARIOS_DIR);

/** Steps that may go unmet: they name a precondition, directly or through their scenario. */
const declared = new Set(
  loaded.flatMap((s) =>
    s.steps.filter((t) => t.requires.length > 0 || s.requires.length > 0).map((t) => `${s.file}#${t.index}`),
  ),
);

function expectNothingFailed(result: VerifyResult): void {
  const failed = result.scenarios.flatMap((s) =>
    s.steps
      .filter((t) => t.status === 'failed' || t.status === 'error')
      .map(
        (t) =>
          `${s.file} step ${t.index + 1}: ${t.message ?? t.exchanges.flatMap((e) => e.checks.filter((c) => c.status === 'failed').map((c) => c.message)).join('; ')}`,
      ),
  );
  expect(failed).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.summary.scenarios).toMatchObject({ failed: 0, error: 0 });
  for (const [check, tally] of Object.entries(result.summary.checks)) expect(tally.failed, check).toBe(0);
}

function unmetSteps(result: VerifyResult): Array<{ key: string; message: string }> {
  return result.scenarios.flatMap((s) =>
    s.steps.filter((t) => t.status === 'unmet').map((t) => ({ key: `${s.file}#${t.index}`, message: t.message ?? '' })),
  );
}

describe('a mock started with --fixtures empty', () => {
  let m: RunningMock;
  let result: VerifyResult;
  beforeAll(async () => {
    m = await startMock({ fixtures: 'empty' });
    result = await runVerify({
      target: IN_PROCESS_TARGET,
      targetName: 'empty mock',
      send: inProcess((r) => m.mock.core.handle(r)),
    });
  }, 180_000);
  afterAll(() => m.close());

  it("fails nothing: what needs the documents' data is reported as a precondition not met", () => {
    expectNothingFailed(result);
    const unmet = unmetSteps(result);
    expect(unmet.length).toBeGreaterThan(0);
    for (const u of unmet) expect(u.message, u.key).toMatch(/^precondition not met: /);
    expect(unmet.filter((u) => !declared.has(u.key)).map((u) => u.key)).toEqual([]);
    expect(unmet.map((u) => u.message)).toContain(
      'precondition not met: host localhost as the §2.1 results show it (checked 2013-05-22T09:44:56-07:00) (GET /api/hosts/{hostName} answered 404)',
    );
  });

  it('still runs the suites that create what they read, for every vendor', () => {
    for (const vendor of ['groundwork', 'moogsoft', 'polarity', 'boomi']) {
      const passed = result.scenarios
        .filter((s) => s.vendor === vendor)
        .flatMap((s) => s.steps)
        .filter((t) => t.status === 'passed');
      expect(passed.length, vendor).toBeGreaterThan(0);
    }
    expect(
      result.scenarios.filter((s) => s.file === 'groundwork/hosts-create-update-delete.yaml').map((s) => s.status),
    ).toEqual(['passed']);
    // The run's coverage says what it replayed here, not what the suites could replay.
    const moogsoft = result.coverage.find((c) => c.vendor === 'moogsoft')!;
    expect(moogsoft.examples.replayed).toBeLessThan(moogsoft.examples.present);
    expect(violations(m.mock)).toEqual([]);
  });
});

describe('a mock loaded with `understudy fixtures --hosts 200 --seed 9`', () => {
  let m: RunningMock;
  let result: VerifyResult;
  beforeAll(async () => {
    m = await startMock();
    const estate = [
      ...stateChunks({ hosts: 200, servicesPerHost: 10, hostGroups: defaultHostGroups(200), seed: '9' }, () => {}),
    ].join('');
    const loadedState = await fetch(`${m.url}/__admin/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: estate,
    });
    expect(loadedState.status).toBe(200);
    result = await runVerify({
      target: IN_PROCESS_TARGET,
      targetName: 'estate mock',
      send: inProcess((r) => m.mock.core.handle(r)),
    });
  }, 180_000);
  afterAll(() => m.close());

  it("fails nothing, though its 200 hosts are not the documents' hosts", () => {
    expectNothingFailed(result);
    const unmet = unmetSteps(result);
    expect(unmet.filter((u) => !declared.has(u.key)).map((u) => u.key)).toEqual([]);
    // Only GroundWork's data is the estate's; the other vendors hold the documents' data.
    expect([...new Set(unmet.map((u) => u.key.split('/')[0]))]).toEqual(['groundwork']);
    expect(violations(m.mock)).toEqual([]);
  });
});

describe('a mock used for a while', () => {
  let m: RunningMock;
  let result: VerifyResult;
  beforeAll(async () => {
    m = await startMock({ vendors: ['moogsoft'] });
    // Someone stopped the document's integration 6 and never started it again.
    const stop = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'PUT',
      headers: {
        authorization: `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ command: 'stop', target: 'Broker_3a52b7ef_8bad_41cc_8b36_cbb9c2aa3a9e' }),
    });
    expect(stop.status).toBe(204);
    result = await runVerify({
      target: IN_PROCESS_TARGET,
      vendors: ['moogsoft'],
      grep: 'integration-status',
      send: inProcess((r) => m.mock.core.handle(r)),
    });
  }, 180_000);
  afterAll(() => m.close());

  it('reports the document\'s example as a precondition not met, not as "expected running, found stopped"', () => {
    expectNothingFailed(result);
    const [scenario] = result.scenarios;
    expect(scenario!.steps.map((t) => t.status)).toEqual(['passed', 'unmet', 'unmet']);
    expect(scenario!.steps[1]!.message).toMatch(
      /^precondition not met: integration 6 is Azure1, running on broker Broker_3a52b7ef_8bad_41cc_8b36_cbb9c2aa3a9e with the document's heartbeat \(GET \/integrations\/api\/v1\/integrations\/\{integrationId\}\/status answered 200: body \/instances\/Broker_3a52b7ef_8bad_41cc_8b36_cbb9c2aa3a9e\/status: expected "running", found "stopped"\)$/,
    );
  });
});

describe('verify --read-only', () => {
  let m: RunningMock;
  let result: VerifyResult;
  let before: Record<string, Record<string, unknown>>;
  let after: Record<string, Record<string, unknown>>;
  const state = async (): Promise<Record<string, Record<string, unknown>>> =>
    (await (await fetch(`${m.url}/__admin/state`)).json()) as Record<string, Record<string, unknown>>;
  beforeAll(async () => {
    m = await startMock();
    before = await state();
    result = await runVerify({
      target: IN_PROCESS_TARGET,
      targetName: 'read-only',
      readOnly: true,
      send: inProcess((r) => m.mock.core.handle(r)),
    });
    after = await state();
  }, 180_000);
  afterAll(() => m.close());

  it('changes nothing the target holds (only the sessions and query tokens the run itself used)', () => {
    // A login opens a session; a Boomi QUERY issues a token for its own result. Both are the caller's.
    const own = (dump: Record<string, Record<string, unknown>>) =>
      Object.fromEntries(
        Object.entries(dump).map(([vendor, s]) => [vendor, { ...s, sessions: undefined, tokens: undefined }]),
      );
    expect(own(after)).toEqual(own(before));
    expect(JSON.stringify(after.boomi!.tokens)).not.toBe(JSON.stringify(before.boomi!.tokens)); // it did run the QUERYs
  });

  it('skips every step that changes state, says how many, and fails nothing', () => {
    expectNothingFailed(result);
    const skipped = result.scenarios.flatMap((s) => s.steps).filter((t) => t.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(result.summary.skippedWrites).toBe(skipped.length);
    for (const t of skipped) expect(t.message).toMatch(/^--read-only: \w+ \((POST|PUT|DELETE)\) changes state$/);
    // What a skipped change would have made is not there to read: those reads are preconditions, not failures.
    expect(unmetSteps(result).some((u) => /a change --read-only skipped$/.test(u.message))).toBe(true);
    // Reads that need nothing written still run: the documented hosts, Polarity's lists, Boomi's QUERYs.
    expect(result.summary.steps.passed).toBeGreaterThan(50);
  });
});
