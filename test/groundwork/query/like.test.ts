import { describe, expect, it } from 'vitest';
import { compileLike, likeMatch } from '../../../src/vendors/groundwork/query/index.js';

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
});
