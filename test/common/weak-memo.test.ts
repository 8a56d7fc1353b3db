import { describe, expect, it } from 'vitest';
import { WeakMemo } from '../../src/common/weak-memo.js';

describe('WeakMemo', () => {
  it('answers what was set for the same object, and nothing for another', () => {
    const memo = new WeakMemo<object, string>(4);
    const a = {};
    memo.set(a, 'a');
    expect(memo.get(a)).toBe('a');
    expect(memo.get({})).toBeUndefined();
  });

  it('starts afresh once more than its capacity has been taken in, keeping the entry that overflowed', () => {
    const memo = new WeakMemo<object, number>(3);
    const keys = [{}, {}, {}, {}];
    keys.forEach((k, i) => memo.set(k, i));
    expect(keys.map((k) => memo.get(k))).toEqual([undefined, undefined, undefined, 3]);
  });

  it('counts each entry by its weight', () => {
    const memo = new WeakMemo<object, string>(10);
    const heavy = {};
    const light = {};
    memo.set(heavy, 'heavy', 8);
    memo.set(light, 'light', 2);
    expect(memo.get(heavy)).toBe('heavy');
    const next = {};
    memo.set(next, 'next', 1);
    expect([memo.get(heavy), memo.get(light), memo.get(next)]).toEqual([undefined, undefined, 'next']);
  });
});
