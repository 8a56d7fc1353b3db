import { describe, expect, it } from 'vitest';
import { interpolate, MissingVariableError } from '../../src/conformance/interpolate.js';
import { match, withoutPointers } from '../../src/conformance/match.js';

describe('subset matching', () => {
  it('objects name the members that must be there; extra members are fine', () => {
    expect(match({ a: 1 }, { a: 1, b: 2 })).toBeUndefined();
    expect(match({ a: { b: 2 } }, { a: { b: 3 } })).toMatchObject({ pointer: '/a/b', message: 'expected 2, found 3' });
    expect(match({ 'a/b': 1 }, {})).toMatchObject({ pointer: '/a~1b', message: 'is missing' });
  });

  it('array elements are found in any order, each by a different element', () => {
    expect(match([{ id: 2 }, { id: 1 }], [{ id: 1 }, { id: 2 }, { id: 3 }])).toBeUndefined();
    expect(match([{ id: 1 }, { id: 1 }], [{ id: 1 }, { id: 2 }])).toMatchObject({
      message: expect.stringMatching(/no element matches expected \[1\]/),
    });
  });

  it('matchers', () => {
    expect(match({ $type: 'integer' }, 3)).toBeUndefined();
    expect(match({ $type: 'integer' }, 3.5)?.message).toBe('expected type integer, found number');
    expect(match({ $len: 2 }, [1])?.message).toBe('expected exactly 2 item(s), found 1');
    expect(match({ $minLen: 1, $none: { s: 'x' } }, [{ s: 'y' }])).toBeUndefined();
    expect(match({ $none: { s: 'x' } }, [{ s: 'y' }, { s: 'x' }])).toMatchObject({ pointer: '/1' });
    expect(match({ a: { $absent: true } }, { a: 1 })).toMatchObject({ pointer: '/a', message: 'must be absent' });
    expect(match({ $regex: '^Basic' }, 'Basic realm="x"')).toBeUndefined();
    expect(match({ $oneOf: ['paused', 'errored'] }, 'listening')?.message).toMatch(/expected one of/);
    expect(match({ $gte: 1, $lte: 3 }, 4)?.message).toBe('expected <= 3, found 4');
  });

  it('objects keyed by id (Moogsoft instances by broker) are counted and searched by their members', () => {
    const instances = { B1: { status: 'stopped' }, B2: { status: 'running' } };
    expect(match({ $len: 2 }, instances)).toBeUndefined();
    expect(match({ $maxLen: 1 }, instances)?.message).toBe('expected at most 1 item(s), found 2');
    expect(match({ $none: { status: 'running' } }, instances)).toMatchObject({
      pointer: '/B2',
      message: `member 'B2' must not match {"status":"running"}`,
    });
    expect(match({ $none: { status: 'paused' } }, instances)).toBeUndefined();
    expect(match({ $none: { status: 'x' } }, 'text')?.message).toBe(
      'expected an array or object ($none), found string',
    );
  });

  it('removes ignored pointers, with * for any index or key', () => {
    expect(
      withoutPointers(
        {
          a: [
            { id: 1, n: 'x' },
            { id: 2, n: 'y' },
          ],
          id: 3,
        },
        ['/a/*/id', '/id'],
      ),
    ).toEqual({ a: [{ n: 'x' }, { n: 'y' }] });
    expect(withoutPointers({ r: [1, 2, 3] }, ['/r/1'])).toEqual({ r: [1, 3] });
    expect(withoutPointers('token', [''])).toBeUndefined();
  });
});

describe('interpolation', () => {
  const vars = new Map<string, unknown>([
    ['n', 3],
    ['s', 'x'],
    ['credentials.user', 'u'],
  ]);
  it('keeps the type of a whole reference and writes text inside text', () => {
    expect(interpolate({ len: '{{n}}', name: 'h-{{s}}', '{{s}}': '{{credentials.user}}' }, vars)).toEqual({
      len: 3,
      name: 'h-x',
      x: 'u',
    });
  });
  it('names a missing variable', () => {
    expect(() => interpolate('{{nope}}', vars)).toThrow(MissingVariableError);
  });
  it('filters a value as a client would before sending it: base64, uri; a filtered whole reference is text', () => {
    const more = new Map<string, unknown>([...vars, ['p', 'a b&c'], ['credentials.password', 'admin']]);
    expect(
      interpolate({ user: '{{credentials.password | base64}}', n: '{{ n | base64 }}', q: '/x?name={{p|uri}}' }, more),
    ).toEqual({ user: 'YWRtaW4=', n: 'Mw==', q: '/x?name=a%20b%26c' });
  });
});
