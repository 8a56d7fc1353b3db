// readQuery remembers the queries it has read (by their text); each caller still gets its own
// object, which it may change (the validators coerce and fill defaults) without changing the next answer.
import { describe, expect, it } from 'vitest';
import { readQuery, sharedQuery } from '../../src/core/body.js';
import { compileValidators } from '../../src/spec/ajv-static.js';
import { loadSpec } from '../../src/spec/load.js';

describe('readQuery', () => {
  it('answers the same query again with an equal, separate object that its caller may change', () => {
    const search = '?page%5Bsize%5D=20&page%5Bnumber%5D=2&filter%5Bintegration.status%5D=running';
    const expected = { 'page[size]': '20', 'page[number]': '2', 'filter[integration.status]': 'running' };
    const answers = [readQuery(search), readQuery(search), readQuery(search)];
    for (const query of answers) {
      expect(query).toEqual(expected);
      query['page[size]'] = '5';
      query.extra = 'x';
    }
    expect(new Set(answers).size).toBe(3);
    expect(readQuery(search)).toEqual(expected);
  });

  it('shares one frozen object per remembered query with callers that copy (the pipeline), none with lists', () => {
    const search = '?page%5Bsize%5D=7&filter%5Bintegration.status%5D=stopped';
    const shared = sharedQuery(search);
    expect(shared).toEqual({ 'page[size]': '7', 'filter[integration.status]': 'stopped' });
    expect(Object.isFrozen(shared)).toBe(true);
    expect(sharedQuery(search)).toBe(shared);
    expect(readQuery(search)).not.toBe(shared);
    // A query with lists is read afresh each time: a validator may coerce its lists in place.
    expect(sharedQuery('?tag=a&tag=b')).not.toBe(sharedQuery('?tag=a&tag=b'));
    expect(sharedQuery('')).toEqual({});
  });

  it('gives a repeated name a new list each time', () => {
    const first = readQuery('?tag=a&tag=b');
    expect(first).toEqual({ tag: ['a', 'b'] });
    (first.tag as string[]).push('c');
    expect(readQuery('?tag=a&tag=b')).toEqual({ tag: ['a', 'b'] });
  });

  it('refuses bytes that are not UTF-8 every time they are sent', () => {
    for (let i = 0; i < 2; i++) expect(() => readQuery('?host=u8-%80')).toThrow(/'host' is not UTF-8/);
  });

  it('keeps `__proto__` and `constructor` as names like any other, remembered or not', () => {
    for (let i = 0; i < 2; i++) {
      const query = readQuery('?__proto__=x&constructor=y');
      expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(query, '__proto__')?.value).toBe('x');
      expect(query.constructor).toBe('y');
    }
  });
});

describe('parameters through the validators', () => {
  const getHosts = compileValidators([loadSpec('groundwork')]).get('groundwork:getHosts')!;

  it('fill in defaults and coerce on their own copy, keeping `__proto__` an own field, a list included', () => {
    for (const search of ['?first=0&__proto__=x', '?first=0&__proto__=a&__proto__=b']) {
      const query = readQuery(search);
      const before = structuredClone(query);
      const { value } = getHosts.params({ path: {}, query, header: {} });
      expect(query).toEqual(before); // the caller's object is left as it was
      expect(value.query).toMatchObject({ first: 0, depth: 'shallow' });
      expect(Object.getPrototypeOf(value.query)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(value.query, '__proto__')?.value).toEqual(
        Object.getOwnPropertyDescriptor(query, '__proto__')?.value,
      );
    }
  });
});
