// A rejected request changes no state: the fuzzer's invalid requests only (every kind, fixed seed,
// every vendor), and the mock's whole state - `GET /__admin/state`, hashed - is the same after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCredentials } from '../../src/conformance/credentials.js';

const DEFAULT_CREDENTIALS = loadCredentials(undefined, {});
import { INVALID_KINDS, runFuzz, type FuzzRunResult } from '../../src/fuzz/index.js';
import { IN_PROCESS_TARGET, inProcess } from '../helpers/in-process.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { stateHash } from './helpers.js';

let m: RunningMock;
let before: string;
let after: string;
let result: FuzzRunResult;

beforeAll(async () => {
  m = await startMock();
  before = await stateHash(m);
  // The demo token: logging in would open a session, which is state.
  const credentials = {
    ...DEFAULT_CREDENTIALS,
    groundwork: { ...DEFAULT_CREDENTIALS['groundwork'], token: 'understudy-demo-token' },
  };
  // 600 requests reach every invalid kind and every vendor; the 5,000-request campaign in `.ci/run`
  // sends many more of them (without comparing the state). They go to the mock's core in-process,
  // whose pipeline refuses them (its limits included: 413, 414, 415); the node:http door's own part,
  // a body streamed past the limit, is test/hardening/oversize-upload.test.ts's. The state is read
  // back over the socket, from the admin API.
  result = await runFuzz({
    target: IN_PROCESS_TARGET,
    send: inProcess((r) => m.mock.core.handle(r)),
    seed: 4242,
    requests: 600,
    kinds: INVALID_KINDS,
    credentials,
  });
  after = await stateHash(m);
}, 300_000);

afterAll(() => m.close());

describe('rejected requests change nothing', () => {
  it('sends only invalid requests, of every kind, to every vendor, and all are refused', () => {
    const kinds = Object.keys(result.fuzz.cases.byKind).sort();
    expect(kinds).toEqual([...INVALID_KINDS].sort());
    for (const vendor of ['groundwork', 'moogsoft', 'polarity', 'boomi'])
      expect(result.fuzz.requests.byVendor[vendor], vendor).toBeGreaterThan(20);
    expect(result.fuzz.checks.negative_data_rejection.passed).toBe(result.fuzz.cases.total);
    expect(result.fuzz.failuresTotal).toBe(0);
    expect(violations(m.mock)).toEqual([]);
  });

  it('leaves GET /__admin/state exactly as it was (sha256 of its canonical JSON)', () => {
    expect(after).toBe(before);
  });
});
