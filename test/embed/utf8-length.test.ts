import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../src/adapters/fetch.js';
import { binaryUnit } from '../helpers/arbitraries.js';

// The in-process Response's Content-Length is counted, not encoded: it must be what a socket sends.
describe('utf8Length', () => {
  it('equals the encoded size for any string, lone surrogates included', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: binaryUnit }), (text) => utf8Length(text) === encoder.encode(text).length),
      { numRuns: 20_000 },
    );
    expect(utf8Length('h\u00e9\u20ac\u{1f600}\ud800x')).toBe(1 + 2 + 3 + 4 + 3 + 1);
  });
});
