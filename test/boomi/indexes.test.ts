// Boomi finds tokens by name (a ring of columns, token-store.ts) and listeners by container (an index kept beside the state).
// These tests prove each index follows every change: tokens issued, expired and dropped, pushed by
// someone else, loaded from a dump (odd ones included); listeners' statuses changed, or replaced.
import { describe, expect, it } from 'vitest';
import { changeListenerStatus } from '../../src/vendors/boomi/change.js';
import { matches, select } from '../../src/vendors/boomi/filter.js';
import {
  CLOUD_CONTAINER,
  DOC_CONTAINER,
  DOC_LISTENER,
  EMPTY_CONTAINER,
  SAMPLE_CONTAINER,
} from '../../src/vendors/boomi/fixtures.js';
import { boomi } from '../../src/vendors/boomi/index.js';
import type { BoomiDump, BoomiState, IssuedToken } from '../../src/vendors/boomi/state.js';
import { collect, issue } from '../../src/vendors/boomi/tokens.js';
import { and, eq, or, type Expression } from './client.js';

const TTL = 60_000;
const fresh = (): BoomiState => boomi.createState('default', { tokenTtlSeconds: TTL / 1000 });
const RESULT = [
  { '@type': 'ListenerStatus' as const, listenerId: 'l', status: 'listening' as const, connectorType: 'wss' },
];
const status = (state: BoomiState, name: string, now: number) => {
  try {
    return collect(state, name, now).kind;
  } catch (error) {
    return (error as { status: number }).status;
  }
};

describe('Boomi token index', () => {
  it('finds every token issued, the first GET of each a 200, the next a 204', () => {
    const state = fresh();
    const names = Array.from({ length: 50 }, (_, i) => issue(state, RESULT, i));
    for (const name of names) expect(status(state, name, 100)).toBe('ready');
    for (const name of names) expect(status(state, name, 100)).toBe('consumed');
    expect(status(state, 'ListenerStatus-unknown', 100)).toBe(410);
  });

  it('drops expired tokens as the next is issued, and still finds the ones issued after', () => {
    const state = fresh();
    const old = issue(state, RESULT, 0);
    const newer = issue(state, RESULT, 30_000);
    const latest = issue(state, RESULT, TTL); // `old` expires now, and is dropped
    expect(state.tokens.list().map((t) => t.token)).toEqual([newer, latest]);
    expect(status(state, old, TTL)).toBe(410);
    const after = issue(state, RESULT, TTL + 1);
    for (const name of [newer, latest, after]) expect(status(state, name, TTL + 1)).toBe('ready');
    issue(state, RESULT, TTL + 30_000); // `newer` expires now
    expect(state.tokens.list().map((t) => t.token)).toEqual([latest, after, state.tokens.list()[2]!.token]);
  });

  it('past maxTokens the oldest tenth is dropped from the array and the index alike', () => {
    const state = boomi.createState('default', { tokenTtlSeconds: TTL / 1000, maxTokens: 20 });
    const names = Array.from({ length: 21 }, (_, i) => issue(state, RESULT, i));
    // The 21st QUERY found 20 live: all but 17 went (the oldest three), then the 21st was added.
    expect(state.tokens.list().map((t) => t.token)).toEqual(names.slice(3));
    for (const name of names.slice(0, 3)) expect(status(state, name, 21)).toBe(410);
    for (const name of names.slice(3)) expect(status(state, name, 21)).toBe('ready');
    const later = issue(state, RESULT, 22);
    expect(status(state, later, 22)).toBe('ready');
  });

  it('tokens expiring one by one are dropped one by one, the rest still found', () => {
    const state = fresh();
    const names = Array.from({ length: 10 }, (_, i) => issue(state, RESULT, i * 1000));
    for (let i = 0; i < 5; i++) issue(state, RESULT, TTL + i * 1000); // names[i] expires now
    expect(
      state.tokens
        .list()
        .map((t) => t.token)
        .slice(0, 5),
    ).toEqual(names.slice(5));
    for (const name of names.slice(0, 5)) expect(status(state, name, TTL + 4000)).toBe(410);
    for (const name of names.slice(5)) expect(status(state, name, TTL + 4000)).toBe('ready');
  });

  it('a dump with a repeated name: dropping the first of them finds the second', () => {
    const dump = boomi.dumpState(fresh()) as BoomiDump;
    dump.tokens.push({ token: 'twice', issuedAt: 0, pendingPolls: 0, delivered: false, result: RESULT });
    dump.tokens.push({ token: 'twice', issuedAt: 10_000, pendingPolls: 1, delivered: false, result: RESULT });
    const state = boomi.loadState(dump, { tokenTtlSeconds: TTL / 1000 });
    expect(status(state, 'twice', 1)).toBe('ready'); // the first
    issue(state, RESULT, TTL); // the first expires now; the second (pending) is what the name means
    expect(status(state, 'twice', TTL)).toBe('pending');
  });

  it('an expiry seen with the clock set back: the token issued latest, not first, decides', () => {
    const state = fresh();
    const late = issue(state, RESULT, TTL);
    const early = issue(state, RESULT, 0); // the mock's clock went back
    issue(state, RESULT, TTL); // `early` expires now, though it is not the first token
    expect(state.tokens.list().map((t) => t.token)).not.toContain(early);
    expect(status(state, late, TTL)).toBe('ready');
  });

  it('a name differing from an issued one in any digit is not that token: 410', () => {
    const state = fresh();
    const names = Array.from({ length: 3 }, (_, i) => issue(state, RESULT, i));
    const name = names[1]!;
    expect(name).toMatch(/^ListenerStatus-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 'ListenerStatus-'.length; i < name.length; i++) {
      if (name[i] === '-') continue;
      const other = name.slice(0, i) + (name[i] === '0' ? '1' : '0') + name.slice(i + 1);
      expect(status(state, other, 3), other).toBe(410);
    }
    expect(status(state, name.toUpperCase(), 3)).toBe(410);
    expect(status(state, `${name}0`, 3)).toBe(410);
    for (const n of names) expect(status(state, n, 3)).toBe('ready');
  });

  it('tokens kept across the ring wrapping and growing: each found, in issue order, the expired ones 410', () => {
    const state = fresh();
    const early = Array.from({ length: 16 }, (_, i) => issue(state, RESULT, i));
    const wrapped = [issue(state, RESULT, TTL + 7)]; // early[0..7] expire: the ring's head moves on
    for (let i = 0; i < 40; i++) wrapped.push(issue(state, RESULT, TTL + 7)); // it fills and grows
    const live = [...early.slice(8), ...wrapped];
    expect(state.tokens.list().map((t) => t.token)).toEqual(live);
    for (const name of early.slice(0, 8)) expect(status(state, name, TTL + 7)).toBe(410);
    for (const name of live) expect(status(state, name, TTL + 7)).toBe('ready');
    expect(new Set(live).size).toBe(live.length);
  });

  it('a dump of issued tokens loads as it was: the same dump, each token found, its state kept', () => {
    const state = boomi.createState('default', { tokenTtlSeconds: TTL / 1000, pendingPolls: 1 });
    const names = Array.from({ length: 3 }, (_, i) => issue(state, RESULT, i));
    expect(status(state, names[0]!, 5)).toBe('pending');
    expect(status(state, names[1]!, 5)).toBe('pending');
    expect(status(state, names[1]!, 5)).toBe('ready');
    const dump = boomi.dumpState(state) as BoomiDump;
    expect(dump.tokens).toEqual([
      { token: names[0], issuedAt: 0, pendingPolls: 0, delivered: false, result: RESULT },
      { token: names[1], issuedAt: 1, pendingPolls: 0, delivered: true, result: RESULT },
      { token: names[2], issuedAt: 2, pendingPolls: 1, delivered: false, result: RESULT },
    ]);
    const loaded = boomi.loadState(JSON.parse(JSON.stringify(dump)), { tokenTtlSeconds: TTL / 1000 });
    expect(boomi.dumpState(loaded)).toEqual(dump);
    const next = issue(loaded, RESULT, 6);
    expect(names).not.toContain(next);
    expect([names[0], names[1], names[2], next].map((n) => status(loaded, n!, 6))).toEqual([
      'ready',
      'consumed',
      'pending',
      'ready',
    ]);
    issue(loaded, RESULT, TTL + 1); // names[0] and names[1] expire
    expect(loaded.tokens.list().map((t) => t.token)).toEqual([names[2], next, loaded.tokens.list()[2]!.token]);
  });

  it('a loaded dump: its tokens found, the first of a repeated name, expiry still applied', () => {
    const state = fresh();
    const kept = issue(state, RESULT, 0);
    const dump = boomi.dumpState(state) as BoomiDump;
    dump.tokens.push({ token: 'twice', issuedAt: 10, pendingPolls: 1, delivered: false, result: RESULT });
    dump.tokens.push({ token: 'twice', issuedAt: 10, pendingPolls: 0, delivered: false, result: RESULT });
    const loaded = boomi.loadState(dump, { tokenTtlSeconds: TTL / 1000 });
    expect(status(loaded, kept, 1)).toBe('ready');
    expect(status(loaded, 'twice', 1)).toBe('pending');
    expect(status(loaded, 'twice', 1)).toBe('ready');
    expect(status(state, 'twice', 1)).toBe(410); // the state it was dumped from never had it
    issue(loaded, RESULT, TTL + 5);
    expect(status(loaded, kept, TTL + 5)).toBe(410);
    expect(status(loaded, 'twice', TTL + 5)).toBe('consumed');
  });

  it('a dump whose token is not an object is refused at load, naming it', () => {
    for (const odd of [null, 5, 'token', [RESULT]]) {
      const dump = { containers: [DOC_CONTAINER], listeners: [], tokens: [odd] };
      expect(() => boomi.loadState(dump, {})).toThrow(/boomi state: tokens\[0\] must be an object/);
    }
  });

  it('a loaded dump with a token that is not plain (a text issuedAt) is read as it always was', () => {
    const dump: BoomiDump = {
      containers: [DOC_CONTAINER],
      listeners: [],
      tokens: [
        {
          token: 'text-time',
          issuedAt: '1000' as unknown as number,
          pendingPolls: 0,
          delivered: false,
          result: RESULT,
        } satisfies IssuedToken,
      ],
    };
    const state = boomi.loadState(dump, { tokenTtlSeconds: TTL / 1000 });
    const next = issue(state, RESULT, 2000);
    expect(status(state, 'text-time', 2000)).toBe('ready');
    expect(status(state, next, 2000)).toBe('ready');
    issue(state, RESULT, 1000 + TTL); // '1000' is read as 1000: it expires now
    expect(state.tokens.list().map((t) => t.token)).not.toContain('text-time');
    expect(status(state, next, 1000 + TTL)).toBe('consumed');
  });
});

describe('Boomi container index', () => {
  const EXPRESSIONS: Expression[] = [
    eq('containerId', DOC_CONTAINER),
    eq('containerId', CLOUD_CONTAINER),
    eq('containerId', EMPTY_CONTAINER),
    eq('containerId', 'no-such-container'),
    and(eq('containerId', DOC_CONTAINER), eq('listenerId', DOC_LISTENER)),
    and(and(eq('listenerId', DOC_LISTENER)), eq('containerId', SAMPLE_CONTAINER)),
    and(eq('containerId', DOC_CONTAINER), eq('containerId', SAMPLE_CONTAINER)),
    or(eq('containerId', DOC_CONTAINER), eq('containerId', SAMPLE_CONTAINER)),
    and(eq('containerId', CLOUD_CONTAINER), { operator: 'LIKE', property: 'listenerId', argument: ['%3%'] }),
  ];
  const scan = (state: BoomiState, e: Expression) => state.listeners.filter((l) => matches(e, l));

  it('selects what a scan of every listener selects, in the same order', () => {
    const state = fresh();
    for (const e of EXPRESSIONS) expect(select(state, e)).toEqual(scan(state, e));
  });

  it('follows status changes, and a loaded dump that moves listeners between containers', () => {
    const state = fresh();
    for (const e of EXPRESSIONS) select(state, e); // the index is built
    changeListenerStatus(state, { action: 'pause_all', containerId: DOC_CONTAINER });
    expect(select(state, eq('containerId', DOC_CONTAINER)).map((l) => l.status)).toEqual(Array(6).fill('paused'));

    const dump = boomi.dumpState(state) as BoomiDump;
    for (const l of dump.listeners.slice(0, 3)) l.containerId = EMPTY_CONTAINER;
    const loaded = boomi.loadState(dump, {});
    expect(select(loaded, eq('containerId', EMPTY_CONTAINER))).toHaveLength(3);
    for (const e of EXPRESSIONS) expect(select(loaded, e)).toEqual(scan(loaded, e));
  });

  it('follows listeners added to the array', () => {
    const state = fresh();
    expect(select(state, eq('containerId', EMPTY_CONTAINER))).toEqual([]);
    state.listeners.push({
      listenerId: 'added',
      containerId: EMPTY_CONTAINER,
      status: 'listening',
      connectorType: 'wss',
    });
    expect(select(state, eq('containerId', EMPTY_CONTAINER)).map((l) => l.listenerId)).toEqual(['added']);
  });
});
