import { describe, expect, it } from 'vitest';
import {
  REMEMBERED_ENVELOPE_RESULTS,
  REMEMBERED_SUCCESSES,
  hostSuccess,
  rememberedFailure,
  resultsOf,
  type Result,
} from '../../src/vendors/groundwork/results.js';

// Success results are remembered per state record (results.ts); the memory is bounded: a feeder that
// cycles through more records than that must not keep one result per record of the whole estate.
describe('GroundWork results: remembered successes', () => {
  const base = 'http://127.0.0.1:4010';

  it('hands out the same frozen result for the same record and text', () => {
    const host = {};
    const first = hostSuccess(host, base, 'h', 'Insert');
    expect(Object.isFrozen(first)).toBe(true);
    expect(hostSuccess(host, base, 'h', 'Insert')).toBe(first);
    expect(hostSuccess(host, base, 'h', 'Update')).not.toBe(first);
  });

  it('forgets them once more records than it keeps have passed', () => {
    const host = {};
    const first = hostSuccess(host, base, 'kept', 'Update');
    for (let i = 0; i < REMEMBERED_SUCCESSES; i++) hostSuccess({}, base, `h${i}`, 'Update');
    const again = hostSuccess(host, base, 'kept', 'Update');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});

// An envelope of remembered (frozen) results is remembered by its first result (results.ts): it must
// be handed out again only for the same results, in the same order, and the same arguments.
describe('GroundWork results: remembered envelopes', () => {
  const base = 'http://127.0.0.1:4010';
  const [a, b, c] = ['a', 'b', 'c'].map((name) => hostSuccess({}, base, name, 'Update')) as [Result, Result, Result];
  const failed = rememberedFailure('d', 'is refused');

  it('hands out the same frozen envelope, whose text is the one built afresh', () => {
    const first = resultsOf('Host', 'Update', [a, b, failed], true);
    expect(Object.isFrozen(first)).toBe(true);
    expect(resultsOf('Host', 'Update', [a, b, failed], true)).toBe(first);
    expect(JSON.stringify(first)).toBe(
      JSON.stringify({
        successful: 2,
        failed: 1,
        entityType: 'Host',
        operation: 'Update',
        warning: 0,
        results: [a, b, failed],
        count: 3,
      }),
    );
  });

  it('not for other results after the same first one, nor for other arguments', () => {
    // Each after the envelope of [a, b] was remembered, so each would find it.
    const after = <T>(answer: () => T): T => {
      resultsOf('Host', 'Update', [a, b], true);
      return answer();
    };
    expect(after(() => resultsOf('Host', 'Update', [a, c], true).results)).toEqual([a, c]);
    expect(after(() => resultsOf('Host', 'Update', [a, b, c], true).count)).toBe(3);
    expect(after(() => resultsOf('Host', 'Update', [a], true).count)).toBe(1);
    expect(after(() => resultsOf('ServiceStatus', 'Update', [a, b], true).entityType)).toBe('ServiceStatus');
    expect(after(() => resultsOf('Host', 'Delete', [a, b], true).operation)).toBe('Delete');
    expect(after(() => resultsOf('Host', 'Update', [a, b], false))).not.toHaveProperty('warning');
  });

  it('forgets them once more results than it keeps have passed', () => {
    const first = resultsOf('Host', 'Update', [a, b], true);
    const many = new Array<Result>(REMEMBERED_ENVELOPE_RESULTS / 2).fill(c);
    for (const name of ['x', 'y', 'z']) resultsOf('Host', 'Update', [rememberedFailure(name, 'no'), ...many], true);
    const again = resultsOf('Host', 'Update', [a, b], true);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('results built afresh (not frozen) are answered as they are, not frozen', () => {
    const fresh = { entity: 'e', status: 'success' as const };
    const envelope = resultsOf('Host', 'Update', [a, fresh], true);
    expect(Object.isFrozen(envelope)).toBe(false);
    expect(Object.isFrozen(envelope.results)).toBe(false);
    expect(resultsOf('Host', 'Update', [a, fresh], true)).not.toBe(envelope);
  });
});
