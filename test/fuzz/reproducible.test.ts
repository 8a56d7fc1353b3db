// Same seed, same requests: the sequence is a function of the seed alone (server-issued tokens
// aside), bounded by count or time, and any one case can be sent again on its own.
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/conformance/http.js';
import { runFuzz, type FuzzRunResult } from '../../src/fuzz/index.js';
import { IN_PROCESS_TARGET, inProcess } from '../helpers/in-process.js';
import { startMock } from '../helpers/mock.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A request without what the server issued (login tokens, Boomi's result tokens) or its port. */
function normalise(request: HttpRequest, origin: string): string {
  const headers = Object.entries(request.headers)
    .map(([k, v]) => `${k.toLowerCase()}: ${v}`)
    .sort()
    .join('\n');
  return `${request.method} ${request.url.replace(origin, '')}\n${headers}\n${request.body ?? ''}`.replace(
    UUID,
    '<uuid>',
  );
}

// Two vendors are enough to show the sequence is the seed's: in 200 requests Moogsoft and Boomi go
// through their whole coverage round (Boomi's use-after-free life cycles included) and on into cases
// drawn by weight, which is where the seed picks the kind, at a fifth of the CPU of all four vendors.
const VENDORS = ['moogsoft', 'boomi'] as const;

/**
 * A fuzz run against a fresh mock, in-process (its core, no socket: the sequence is the fuzzer's, and
 * the fuzzer's socket runs are test/fuzz/mock.test.ts, cli.test.ts and state-round-trip.test.ts).
 */
async function run(
  seed: number,
  options: Parameters<typeof runFuzz>[0] = {},
): Promise<{ requests: string[]; result: FuzzRunResult }> {
  const m = await startMock();
  const requests: string[] = [];
  try {
    const result = await runFuzz({
      target: IN_PROCESS_TARGET,
      send: inProcess((r) => m.mock.core.handle(r)),
      seed,
      requests: 200,
      vendors: VENDORS,
      ...options,
      onRequest: (r) => requests.push(normalise(r, IN_PROCESS_TARGET)),
    });
    return { requests, result };
  } finally {
    await m.close();
  }
}

describe('fuzz is reproducible by seed', () => {
  it('sends the same request sequence for the same seed, and another for another seed', async () => {
    // Another seed needs only the start of its sequence to show it is another one.
    const [a, b, c] = await Promise.all([run(77), run(77), run(78, { requests: 40 })]);
    expect(a.requests.length).toBeGreaterThanOrEqual(200);
    expect(Object.keys(a.result.fuzz.cases.byKind)).toContain('use-after-free');
    expect(b.requests).toEqual(a.requests);
    expect(c.requests.length).toBeGreaterThanOrEqual(40);
    expect(c.requests).not.toEqual(a.requests.slice(0, c.requests.length));
    expect(a.result.fuzz.seed).toBe(77);
  }, 90_000);

  it('replays one case of the sequence on its own', async () => {
    const full = await run(91);
    const steps = full.result.scenarios
      .flatMap((s) => s.steps)
      .filter((s) => /^(wrong-type|out-of-enum|broken-json|valid):/.test(s.name));
    expect(steps.length).toBeGreaterThan(2);
    for (const step of steps.slice(0, 3)) {
      const single = await run(91, { caseIndex: step.index });
      expect(single.result.fuzz.cases.total).toBe(1);
      expect(single.result.fuzz.stoppedBy).toBe('case');
      const recorded = step.exchanges[0]!.request;
      const sent = single.requests.at(-1)!;
      // The report redacts credentials; method, path, query and body must be the same.
      expect(sent.split('\n')[0]).toBe(
        `${recorded.method} ${new URL(recorded.url).pathname}${new URL(recorded.url).search}`,
      );
      if (recorded.body !== undefined && recorded.body.length < 16_000)
        expect(sent.endsWith(`\n${recorded.body}`.replace(UUID, '<uuid>'))).toBe(true);
    }
  }, 90_000);

  it('stops at the time bound', async () => {
    // Whether the bound ends the run is the run's own verdict, not a wall-clock window around it: a
    // loaded machine sends fewer requests in the half second, never fewer than one (the clock starts
    // after set-up).
    const { result } = await run(5, { requests: 1_000_000, timeSeconds: 0.5 });
    expect(result.fuzz.stoppedBy).toBe('time');
    expect(result.fuzz.requests.total).toBeGreaterThan(0);
    expect(result.fuzz.requests.total).toBeLessThan(1_000_000);
  }, 60_000);

  it('sends only the kinds asked for', async () => {
    const { result } = await run(6, { requests: 100, kinds: ['wrong-type', 'broken-json'] });
    expect(Object.keys(result.fuzz.cases.byKind).sort()).toEqual(['broken-json', 'wrong-type']);
    expect(result.ok).toBe(true);
  }, 60_000);
});
