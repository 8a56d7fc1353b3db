import { describe, expect, it } from 'vitest';
import { REMEMBERED_SUCCESSES, hostSuccess } from '../../src/vendors/groundwork/results.js';

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
