import { describe, expect, it } from 'vitest';
import { Memo } from '../../src/common/memo.js';

describe('Memo', () => {
  it('answers what was set for the same key, and nothing for another', () => {
    const memo = new Memo<string, object>(4);
    const a = {};
    expect(memo.set('a', a)).toBe(a);
    expect(memo.get('a')).toBe(a);
    expect(memo.get('b')).toBeUndefined();
    expect(memo.has('b')).toBe(false);
  });

  it('never holds more than its capacity: full, it starts afresh, keeping the entry that overflowed', () => {
    const memo = new Memo<number, string>(3);
    for (let i = 0; i < 10; i++) {
      memo.set(i, String(i));
      expect(memo.size).toBeLessThanOrEqual(3);
    }
    // 0-2, then 3-5, then 6-8 filled it; 9 started it afresh.
    expect([6, 7, 8, 9].map((i) => memo.get(i))).toEqual([undefined, undefined, undefined, '9']);
  });

  it('computes once per key and answers the same object after, until forgotten', () => {
    const memo = new Memo<string, { key: string }>(8);
    const computed: string[] = [];
    const compute = (key: string) => {
      computed.push(key);
      return { key };
    };
    const first = memo.remember('a', compute);
    expect(memo.remember('a', compute)).toBe(first);
    memo.remember('b', compute);
    expect(computed).toEqual(['a', 'b']);
    memo.delete('a');
    expect(memo.remember('a', compute)).not.toBe(first);
    memo.clear();
    memo.remember('b', compute);
    expect(computed).toEqual(['a', 'b', 'a', 'b']);
  });

  it('remembers an answer of undefined as an answer, computed once', () => {
    const memo = new Memo<string, string | undefined>(8);
    let calls = 0;
    const none = () => {
      calls++;
      return undefined;
    };
    expect(memo.remember('x', none)).toBeUndefined();
    expect(memo.remember('x', none)).toBeUndefined();
    expect(calls).toBe(1);
    expect(memo.has('x')).toBe(true);
  });

  it('computes a text key longer than maxKeyLength each time and keeps nothing for it', () => {
    const memo = new Memo<string, { key: string }>(2, 4);
    let calls = 0;
    const compute = (key: string) => {
      calls++;
      return { key };
    };
    const short = memo.remember('abcd', compute);
    expect(memo.remember('abcde', compute)).not.toBe(memo.remember('abcde', compute));
    expect(memo.has('abcde')).toBe(false);
    // The long ones did not start the memory afresh: the short one is still there.
    expect(memo.remember('abcd', compute)).toBe(short);
    expect(calls).toBe(3);
  });

  it('keeps computing once per key while it starts afresh past its capacity', () => {
    const memo = new Memo<number, number>(2);
    let calls = 0;
    const square = (n: number) => {
      calls++;
      return n * n;
    };
    for (const n of [1, 1, 2, 2, 3, 3]) memo.remember(n, square);
    expect(calls).toBe(3);
    expect(memo.size).toBe(1);
  });
});
