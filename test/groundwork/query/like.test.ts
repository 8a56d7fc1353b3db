import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLike, likeMatch } from '../../../src/vendors/groundwork/query/index.js';

/** A regular expression built from the pattern: an oracle independent of the matcher, slow but exact. */
const oracle = (text: string, pattern: string): boolean => {
  let source = '^';
  for (const ch of pattern) source += ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  return new RegExp(`${source}$`, 'su').test(text);
};

describe('likeMatch', () => {
  it.each([
    ['OK - all good', 'OK%', true],
    ['OK', 'OK%', true],
    ['ok - lower', 'OK%', false],
    ['CRITICAL', 'OK%', false],
    ['', '%', true],
    ['anything', '%', true],
    ['', '', true],
    ['x', '', false],
    ['', '_', false],
    ['a', '_', true],
    ['ab', '_', false],
    ['abc', 'a_c', true],
    ['ac', 'a_c', false],
    ['abc', '%%', true],
    ['abc', 'a%%c', true],
    ['abc', '%b%', true],
    ['abc', '%d%', false],
    ['abc', '_%_', true],
    ['a', '_%_', false],
    ['mississippi', '%ss%ss%', true],
    ['mississippi', 'm%iss%pi', true],
    ['mississippi', 'm%iss%px', false],
    ['exact', 'exact', true],
    ['Exact', 'exact', false],
  ])('%j like %j is %s', (text, pattern, expected) => {
    expect(likeMatch(text, pattern)).toBe(expected);
  });

  it('has no escape character: a backslash is literal and % stays a wildcard', () => {
    expect(likeMatch('100\\%', '100\\%')).toBe(true);
    expect(likeMatch('100\\ and more', '100\\%')).toBe(true);
    expect(likeMatch('100%', '100\\%')).toBe(false);
  });

  it('treats regular-expression syntax as ordinary characters', () => {
    expect(likeMatch('a.c', 'a.c')).toBe(true);
    expect(likeMatch('abc', 'a.c')).toBe(false);
    expect(likeMatch('(x)*', '(x)*')).toBe(true);
    expect(likeMatch('[ab]', '[ab]')).toBe(true);
    expect(likeMatch('a', '[ab]')).toBe(false);
  });

  it('matches _ against a whole code point', () => {
    expect(likeMatch('a😀c', 'a_c')).toBe(true);
    expect(likeMatch('😀', '_')).toBe(true);
  });

  it('handles the pathological %a%a%a… pattern against a long string', () => {
    const text = 'a'.repeat(20_000);
    expect(likeMatch(text, '%a%a%a%a%a%b')).toBe(false);
    expect(likeMatch(text + 'b', '%a%a%a%a%a%b')).toBe(true);
    expect(likeMatch(text, `${'%a'.repeat(40)}%`)).toBe(true);
    expect(likeMatch(text, `${'%a'.repeat(40)}%b`)).toBe(false);
  });

  it('compileLike returns a reusable matcher', () => {
    const ok = compileLike('OK%');
    expect(['OK', 'OK - x', 'NOK'].map(ok)).toEqual([true, true, false]);
  });

  // The matcher split on % and searching segment by segment agrees with a regular expression built
  // from the pattern (an oracle independent of it, slow but exact), across literal segments, `_`
  // segments (Shift-And), surrogate pairs and lone surrogates (code-point matching, KMP).
  it('agrees with a regular-expression oracle on random texts and patterns', () => {
    const unit = fc.constantFrom('a', 'b', 'ab', '%', '_', '😀', '\ud800', '\udc00', 'é', '\\', '.');
    const text = fc.array(unit, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (t, p) => {
        expect(likeMatch(t, p)).toBe(oracle(t, p));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds a long segment with `_` that spans several 32-bit words, leftmost, at any offset', () => {
    const segment = `${'ab'.repeat(40)}_${'c'.repeat(30)}`;
    for (const offset of [0, 1, 31, 32, 33, 100]) {
      const text = `${'x'.repeat(offset)}${'ab'.repeat(40)}Z${'c'.repeat(30)}tail`;
      expect(likeMatch(text, `%${segment}%`), String(offset)).toBe(true);
      expect(likeMatch(text, `%${segment}tail`), String(offset)).toBe(true);
      expect(likeMatch(text, `%${segment}x%`), String(offset)).toBe(false);
    }
  });

  // Shift-And computes only the words that hold a partial match: long partial matches that grow
  // across word boundaries, then fall back on a mismatch and grow again, must still be found (or
  // not) as the oracle says. Texts are runs of the segment's own pieces, so near-misses are common.
  it('agrees with the oracle on `_` segments of several 32-bit words, across partial matches', () => {
    const piece = fc.constantFrom('a', 'b', 'ab', 'aab', '😀');
    const segment = fc
      .array(fc.oneof(piece, fc.constant('_')), { minLength: 20, maxLength: 60 })
      .map((parts) => `${parts.join('')}_`);
    const text = fc.array(piece, { maxLength: 120 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, segment, fc.constantFrom('%', ''), (t, s, end) => {
        const pattern = `%${s}${end}`;
        expect(likeMatch(t, pattern)).toBe(oracle(t, pattern));
        const planted = t.slice(0, t.length >> 1) + s.replaceAll('_', 'b') + t.slice(t.length >> 1);
        expect(likeMatch(planted, pattern)).toBe(oracle(planted, pattern));
      }),
      { numRuns: 200 },
    );
  });
});
