// The entities of a per-entity batch (src/spec/entities.ts), as the split validation visits them: in
// document order, each with the JSON pointer its refusal is filed under (indexes as they are, names
// escaped as RFC 6901 says).
import { describe, expect, it } from 'vitest';
import { forEachEntity } from '../../src/spec/entities.js';

const visited = (value: unknown, pattern: string[]) => {
  const seen: Array<[unknown, string]> = [];
  forEachEntity(value, pattern, (entity, pointer) => seen.push([entity, pointer()]));
  return seen;
};

describe('forEachEntity', () => {
  it('visits nested entities in document order with their pointers', () => {
    const body = { hosts: [{ services: ['a', 'b'] }, { services: [] }, { services: ['c'] }] };
    expect(visited(body, ['hosts', '*', 'services', '*'])).toEqual([
      ['a', '/hosts/0/services/0'],
      ['b', '/hosts/0/services/1'],
      ['c', '/hosts/2/services/0'],
    ]);
    expect(visited([{ id: 1 }], ['*'])).toEqual([[{ id: 1 }, '/0']]);
  });

  it("escapes '~' and '/' in names, not in indexes", () => {
    expect(visited({ 'a/b~c': [null, 7] }, ['a/b~c', '*'])).toEqual([
      [null, '/a~1b~0c/0'],
      [7, '/a~1b~0c/1'],
    ]);
  });

  it('passes over what is not there: a missing name, a non-array where items are expected, an inherited name', () => {
    expect(visited({ hosts: {} }, ['hosts', '*'])).toEqual([]);
    expect(visited({}, ['hosts', '*'])).toEqual([]);
    expect(visited(Object.create({ hosts: [1] }) as object, ['hosts', '*'])).toEqual([]);
  });
});
