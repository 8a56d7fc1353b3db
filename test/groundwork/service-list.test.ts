// A host's services moved from a Map to an array (ServiceList, 48 MiB less at 100,000 hosts): it
// must answer as the Map did, in insertion order, below and past the size where it builds an index.
import { describe, expect, it } from 'vitest';
import { ServiceList } from '../../src/vendors/groundwork/service-list.js';
import type { ServiceRecord } from '../../src/vendors/groundwork/state.js';

const service = (description: string, id: number) => ({ id, description }) as ServiceRecord;

function expectSame(list: ServiceList, reference: Map<string, ServiceRecord>): void {
  expect([...list.keys()]).toEqual([...reference.keys()]);
  expect([...list.values()].map((s) => s.id)).toEqual([...reference.values()].map((s) => s.id));
  expect(list.size).toBe(reference.size);
  for (const key of [...reference.keys(), 'absent', 's0', 'S0']) {
    expect(list.get(key)).toBe(reference.get(key));
    expect(list.has(key)).toBe(reference.has(key));
  }
}

describe('ServiceList', () => {
  for (const count of [0, 1, 5, 32, 33, 80]) {
    it(`answers as a Map does, with ${count} services, through adds, replaces and deletes`, () => {
      const records = Array.from({ length: count }, (_, i) => service(`s${i}`, i));
      const grown = new ServiceList();
      for (const s of records) grown.set(s);
      for (const list of [new ServiceList([...records]), grown]) {
        const reference = new Map(records.map((s) => [s.description, s]));
        expectSame(list, reference);
        for (const s of [service('new', -1), service('s0', 100), service('S0', 7)]) {
          list.set(s);
          reference.set(s.description, s);
          expectSame(list, reference);
        }
        for (const key of [`s${Math.floor(count / 2)}`, 'absent', 'new', 's0']) {
          expect(list.delete(key)).toBe(reference.delete(key));
          expectSame(list, reference);
        }
        for (let i = 0; i < 40; i++) {
          const s = service(`more${i}`, 1000 + i);
          list.set(s);
          reference.set(s.description, s);
        }
        expectSame(list, reference);
      }
    });
  }
});
