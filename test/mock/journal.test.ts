// The request journal is a ring: once full, each request overwrites the oldest entry. Order, `since`,
// `limit`, clearing and live subscribers must read as they did when it was a plain array.
import { describe, expect, it } from 'vitest';
import { Journal, type JournalChange } from '../../src/mock/journal.js';

const entry = (path: string) => ({
  time: '2026-01-01T00:00:00.000Z',
  method: 'GET',
  path,
  status: 200,
  latencyMs: 1,
  violations: [],
});
const ids = (j: Journal, options?: { limit?: number; since?: number }) => j.list(options).map((e) => e.id);

describe('Journal', () => {
  it('keeps the newest entries, oldest first, across many wraps of the ring', () => {
    const j = new Journal(4);
    for (let i = 1; i <= 3; i++) j.add(entry(`/${i}`));
    expect(ids(j)).toEqual([1, 2, 3]);
    for (let i = 4; i <= 11; i++) {
      j.add(entry(`/${i}`));
      expect(ids(j)).toEqual([i - 3, i - 2, i - 1, i]);
    }
    expect(j.list().map((e) => e.path)).toEqual(['/8', '/9', '/10', '/11']);
  });

  it('answers since and limit on a wrapped ring', () => {
    const j = new Journal(5);
    for (let i = 1; i <= 13; i++) j.add(entry(`/${i}`));
    expect(ids(j, { since: 10 })).toEqual([11, 12, 13]);
    expect(ids(j, { limit: 2 })).toEqual([12, 13]);
    expect(ids(j, { since: 9, limit: 10 })).toEqual([10, 11, 12, 13]);
    expect(ids(j, { since: 13 })).toEqual([]);
  });

  it('starts over after clear, ids still increasing', () => {
    const j = new Journal(3);
    for (let i = 1; i <= 7; i++) j.add(entry(`/${i}`));
    j.clear();
    expect(ids(j)).toEqual([]);
    for (let i = 0; i < 4; i++) j.add(entry('/after'));
    expect(ids(j)).toEqual([9, 10, 11]);
  });

  it('keeps nothing with capacity 0, yet numbers and announces every entry', () => {
    const j = new Journal(0);
    const heard: JournalChange[] = [];
    j.subscribe((c) => heard.push(c));
    expect(j.add(entry('/a')).id).toBe(1);
    expect(ids(j)).toEqual([]);
    expect(heard.map((c) => c.type)).toEqual(['added']);
  });

  it('tells subscribers of each entry and of clears; a list is a copy', () => {
    const j = new Journal(2);
    const heard: string[] = [];
    const off = j.subscribe((c) => heard.push(c.type === 'added' ? `added ${c.entry.id}` : c.type));
    j.add(entry('/a'));
    j.add(entry('/b'));
    j.add(entry('/c'));
    const listed = j.list();
    listed.pop();
    expect(ids(j)).toEqual([2, 3]);
    j.clear();
    off();
    j.add(entry('/d'));
    expect(heard).toEqual(['added 1', 'added 2', 'added 3', 'cleared']);
  });

  it('lists each field as added, in the order the entries are written as JSON', () => {
    const j = new Journal(2);
    const full = {
      time: '2026-01-01T00:00:00.000Z',
      method: 'POST',
      path: '/api/biz/hosts',
      vendor: 'groundwork',
      operationId: 'bizCreateOrUpdateHosts',
      status: 400,
      latencyMs: 0.125,
      violations: ["body field 'hosts' is required"],
      violationsIn: 'request' as const,
      fault: 'status 503',
      session: 't1',
    };
    j.add({ ...full });
    j.add(entry('/plain'));
    j.add({ ...full, violations: [...full.violations], status: 201, latencyMs: 12.5 });
    const [plain, again] = j.list();
    expect(JSON.stringify(plain)).toBe(
      '{"time":"2026-01-01T00:00:00.000Z","method":"GET","path":"/plain","status":200,"latencyMs":1,"violations":[],"id":2}',
    );
    expect(JSON.stringify(again)).toBe(JSON.stringify({ ...full, status: 201, latencyMs: 12.5, id: 3 }));
    // A listed entry's violations are its own: changing them changes nothing kept.
    again?.violations.push('more');
    expect(j.list({ session: 't1' })[0]?.violations).toEqual(full.violations);
  });
});
