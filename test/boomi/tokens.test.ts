// Boomi listener status tokens: 202 while pending, 200 once, 204 after, 410 when expired or
// unknown; query paging past 100 results; the busy switch. Time is the mock's controlled clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLOUD_CONTAINER, DOC_CONTAINER, EMPTY_CONTAINER } from '../../src/vendors/boomi/fixtures.js';
import type { BoomiState } from '../../src/vendors/boomi/state.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { boomiClient, eq, tokenOf, type AsyncResult } from './client.js';

const START = new Date('2025-01-08T12:00:00.000Z');
let clock = START;
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
let m: RunningMock;
let slow: RunningMock; // pendingPolls 2, tokens live 60 s
const boomi = boomiClient(() => m.url);
const slowBoomi = boomiClient(() => slow.url);

beforeAll(async () => {
  m = await startMock({ vendors: ['boomi'], now: () => clock });
  slow = await startMock({
    vendors: ['boomi'],
    now: () => clock,
    vendorOptions: { boomi: { pendingPolls: 2, tokenTtlSeconds: 60 } },
  });
});
afterAll(async () => {
  await m.close();
  await slow.close();
});
beforeEach(() => {
  clock = START;
  m.mock.reset();
  slow.mock.reset();
});

describe('Boomi token life cycle', () => {
  it('default: 200 on the first GET, then 204, then 410 after 30 minutes', async () => {
    const token = tokenOf(await boomi.query(eq('containerId', DOC_CONTAINER)));
    const first = await boomi.result(token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ '@type': 'AsyncOperationResult', numberOfResults: 6, responseStatusCode: 200 });
    const again = await boomi.result(token);
    expect(again.status).toBe(204);
    expect(again.body).toBeUndefined();
    advance(30 * 60 * 1000 - 1);
    expect((await boomi.result(token)).status).toBe(204);
    advance(1);
    const gone = await boomi.result(token);
    expect(gone.status).toBe(410);
    expect(gone.body).toEqual({ message: `The token ${token} has expired or does not exist.` });
  });

  it('pendingPolls: 202 {responseStatusCode: 202} that many times, then 200, on either URL', async () => {
    const token = tokenOf(await slowBoomi.query(eq('containerId', DOC_CONTAINER)));
    expect(await slowBoomi.result(token)).toMatchObject({ status: 202, body: { responseStatusCode: 202 } });
    expect(await slowBoomi.result(token, true)).toMatchObject({ status: 202, body: { responseStatusCode: 202 } });
    expect((await slowBoomi.result(token, true)).status).toBe(200);
    expect((await slowBoomi.result(token)).status).toBe(204);
  });

  it('tokenTtlSeconds: a token still pending expires too', async () => {
    const token = tokenOf(await slowBoomi.query(eq('containerId', DOC_CONTAINER)));
    expect((await slowBoomi.result(token)).status).toBe(202);
    advance(59_999);
    expect((await slowBoomi.result(token)).status).toBe(202);
    advance(1);
    expect((await slowBoomi.result(token)).status).toBe(410);
  });

  it('a token never issued is 410, and a 410 changes nothing', async () => {
    tokenOf(await boomi.query(eq('containerId', DOC_CONTAINER)));
    const before = m.mock.dumpState();
    for (const token of ['ListenerStatus-00000000-0000-4000-8000-000000000000', 'not-a-token']) {
      const res = await boomi.result(token);
      expect(res.status).toBe(410);
      expect(res.body?.message).toContain(token);
    }
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('an empty container gives an empty result', async () => {
    const res = await boomi.result(tokenOf(await boomi.query(eq('containerId', EMPTY_CONTAINER))));
    expect(res.body).toEqual({
      '@type': 'AsyncOperationResult',
      result: [],
      numberOfResults: 0,
      responseStatusCode: 200,
    });
  });

  it('the result is the status when the QUERY was accepted', async () => {
    const token = tokenOf(await boomi.query(eq('containerId', DOC_CONTAINER)));
    expect((await boomi.change({ containerId: DOC_CONTAINER, action: 'pause_all' })).status).toBe(200);
    const result = (await boomi.result(token)).body as AsyncResult;
    expect(result.result?.filter((l) => l.status === 'paused')).toHaveLength(2);
  });
});

describe('Boomi results shared between tokens', () => {
  const tokensOfState = () => (m.mock.core.state('boomi') as BoomiState).tokens.list();

  it('QUERYs that select the same statuses share one frozen result; a change in between gives the next its own', async () => {
    const first = tokenOf(await boomi.query(eq('containerId', DOC_CONTAINER)));
    tokenOf(await boomi.query(eq('containerId', DOC_CONTAINER)));
    const [a, b] = tokensOfState();
    expect(b?.result).toBe(a?.result);
    expect(Object.isFrozen(a?.result)).toBe(true);
    expect((await boomi.change({ containerId: DOC_CONTAINER, action: 'pause_all' })).status).toBe(200);
    const third = tokenOf(await boomi.query(eq('containerId', DOC_CONTAINER)));
    const c = tokensOfState()[2];
    expect(c?.result).not.toBe(a?.result);
    const paused = (token: string) =>
      boomi.result(token).then((r) => (r.body as AsyncResult).result?.filter((l) => l.status === 'paused').length);
    // Two of the six were paused before pause_all: the first token keeps the statuses it was issued with.
    expect(await paused(third)).toBe(6);
    expect(await paused(first)).toBe(2);
  });

  it('another selection, or a reset state, is not given the last result', async () => {
    tokenOf(await boomi.query(eq('containerId', DOC_CONTAINER)));
    tokenOf(await boomi.query(eq('containerId', EMPTY_CONTAINER)));
    const [doc, empty] = tokensOfState();
    expect(empty?.result).toEqual([]);
    expect(empty?.result).not.toBe(doc?.result);
    m.mock.reset();
    tokenOf(await boomi.query(eq('containerId', DOC_CONTAINER)));
    expect(tokensOfState()[0]?.result).not.toBe(doc?.result);
  });
});

describe('Boomi query paging', () => {
  it('150 listeners: 100 with a queryToken, then 50 by GETting the queryToken', async () => {
    const first = (await boomi.result(tokenOf(await boomi.query(eq('containerId', CLOUD_CONTAINER)))))
      .body as AsyncResult;
    expect(first.result).toHaveLength(100);
    expect(first.numberOfResults).toBe(100);
    expect(first.queryToken).toMatch(/^ListenerStatus-[0-9a-f-]{36}$/);
    const second = await boomi.result(first.queryToken!, true); // the legacy URL serves it too
    expect(second.status).toBe(200);
    const rest = second.body as AsyncResult;
    expect(rest.result).toHaveLength(50);
    expect(rest.numberOfResults).toBe(50);
    expect(rest.queryToken).toBeUndefined();
    expect((await boomi.result(first.queryToken!)).status).toBe(204);

    const all = [...first.result!, ...rest.result!];
    expect(new Set(all.map((l) => l.listenerId)).size).toBe(150);
    const count = (status: string) => all.filter((l) => l.status === status).length;
    expect([count('listening'), count('paused'), count('errored')]).toEqual([105, 30, 15]);
  });

  it('a queryToken lives as long as a token from a QUERY', async () => {
    const first = (await boomi.result(tokenOf(await boomi.query(eq('containerId', CLOUD_CONTAINER)))))
      .body as AsyncResult;
    advance(30 * 60 * 1000);
    expect((await boomi.result(first.queryToken!)).status).toBe(410);
  });
});

describe('Boomi busy (503)', () => {
  it('Prefer: status=503 makes one request answer 503 and change nothing', async () => {
    const before = m.mock.dumpState();
    const busy = await boomi.query(eq('containerId', DOC_CONTAINER), false, { prefer: 'status=503' });
    expect(busy.status).toBe(503);
    expect(typeof busy.body?.message).toBe('string');
    expect(m.mock.dumpState()).toEqual(before);
    const token = tokenOf(await boomi.query(eq('containerId', DOC_CONTAINER)));
    expect((await boomi.result(token, false, { prefer: 'return=minimal, status=503' })).status).toBe(503);
    expect((await boomi.result(token)).status).toBe(200);
  });

  it('option busy: every ListenerStatus request answers 503; changeListenerStatus, which declares no 503, still works', async () => {
    const busy = await startMock({ vendors: ['boomi'], vendorOptions: { boomi: { busy: true } } });
    try {
      const client = boomiClient(() => busy.url);
      const refused = await client.query(eq('containerId', DOC_CONTAINER));
      expect(refused.status).toBe(503);
      expect(refused.body?.message).toMatch(/busy/);
      expect((await client.query(eq('containerId', DOC_CONTAINER), true)).status).toBe(503);
      expect((await client.result('ListenerStatus-00000000-0000-4000-8000-000000000000')).status).toBe(503);
      expect((await client.change({ containerId: DOC_CONTAINER, action: 'pause_all' })).status).toBe(200);
      expect(violations(busy.mock)).toEqual([]);
    } finally {
      await busy.close();
    }
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
    expect(violations(slow.mock)).toEqual([]);
  });
});
