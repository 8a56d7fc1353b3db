// Boomi changeListenerStatus (pause, resume, restart, one or all) read back with the status query,
// and authentication: 401 for bad credentials, 403 for an account they do not belong to.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DOC_CONTAINER,
  DOC_LISTENER,
  FIXTURE_COUNTS,
  SAMPLE_CONTAINER,
  SAMPLE_LISTENER,
} from '../../src/vendors/boomi/fixtures.js';
import { basic, startMock, violations, type RunningMock } from '../helpers/mock.js';
import { and, boomiClient, eq, type ListenerStatus } from './client.js';

let m: RunningMock;
const boomi = boomiClient(() => m.url);
const statusOf = async (containerId: string, listenerId: string) =>
  (await boomi.statuses(and(eq('containerId', containerId), eq('listenerId', listenerId))))[0]?.status;
const tally = (listeners: ListenerStatus[]) => {
  const counts = { listening: 0, paused: 0, errored: 0 };
  for (const l of listeners) counts[l.status]++;
  return counts;
};

beforeAll(async () => {
  m = await startMock({ vendors: ['boomi'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

describe('Boomi fixtures', () => {
  it('every container holds the documented mix of statuses', async () => {
    for (const [container, counts] of Object.entries(FIXTURE_COUNTS)) {
      expect(tally(await boomi.statuses(eq('containerId', container)))).toEqual(counts);
    }
  });
});

describe('Boomi changeListenerStatus', () => {
  it('pause, then resume, one listener: the next query shows each', async () => {
    const pause = await boomi.change({ listenerId: DOC_LISTENER, containerId: DOC_CONTAINER, action: 'pause' });
    expect(pause.status).toBe(200);
    expect(pause.body).toBeUndefined();
    expect(await statusOf(DOC_CONTAINER, DOC_LISTENER)).toBe('paused');
    expect(
      (await boomi.change({ listenerId: DOC_LISTENER, containerId: DOC_CONTAINER, action: 'resume' })).status,
    ).toBe(200);
    expect(await statusOf(DOC_CONTAINER, DOC_LISTENER)).toBe('listening');
  });

  it('resume leaves a listening or errored listener as it is', async () => {
    const all = await boomi.statuses(eq('containerId', DOC_CONTAINER));
    const errored = all.find((l) => l.status === 'errored')!.listenerId;
    await boomi.change({ listenerId: errored, containerId: DOC_CONTAINER, action: 'resume' });
    await boomi.change({ listenerId: DOC_LISTENER, containerId: DOC_CONTAINER, action: 'resume' });
    expect(await statusOf(DOC_CONTAINER, errored)).toBe('errored');
    expect(await statusOf(DOC_CONTAINER, DOC_LISTENER)).toBe('listening');
  });

  it('restart brings an errored or paused listener straight back to listening', async () => {
    const all = await boomi.statuses(eq('containerId', SAMPLE_CONTAINER));
    for (const status of ['errored', 'paused'] as const) {
      const id = all.find((l) => l.status === status)!.listenerId;
      expect((await boomi.change({ listenerId: id, containerId: SAMPLE_CONTAINER, action: 'restart' })).status).toBe(
        200,
      );
      expect(await statusOf(SAMPLE_CONTAINER, id)).toBe('listening');
    }
  });

  it('pause_all, resume_all and restart_all change every listener of the container, and only those', async () => {
    expect((await boomi.change({ containerId: DOC_CONTAINER, action: 'pause_all' })).status).toBe(200);
    expect(tally(await boomi.statuses(eq('containerId', DOC_CONTAINER)))).toEqual({
      listening: 0,
      paused: 6,
      errored: 0,
    });
    expect(tally(await boomi.statuses(eq('containerId', SAMPLE_CONTAINER)))).toEqual(FIXTURE_COUNTS[SAMPLE_CONTAINER]);
    await boomi.change({ containerId: DOC_CONTAINER, action: 'resume_all' });
    expect(tally(await boomi.statuses(eq('containerId', DOC_CONTAINER)))).toEqual({
      listening: 6,
      paused: 0,
      errored: 0,
    });
    await boomi.change({ containerId: SAMPLE_CONTAINER, action: 'restart_all' });
    expect(tally(await boomi.statuses(eq('containerId', SAMPLE_CONTAINER)))).toEqual({
      listening: 4,
      paused: 0,
      errored: 0,
    });
  });

  it.each([
    [{ containerId: DOC_CONTAINER, action: 'pause' }, /'listenerId' is required/],
    [{ containerId: DOC_CONTAINER, listenerId: DOC_LISTENER, action: 'stop' }, /'action' must be one of/],
    [
      { containerId: 'no-such-runtime', listenerId: DOC_LISTENER, action: 'pause' },
      /containerId no-such-runtime is not a Runtime of account dev-account/,
    ],
    [{ containerId: DOC_CONTAINER, listenerId: SAMPLE_LISTENER, action: 'pause' }, /is not deployed to container/],
    [
      { containerId: DOC_CONTAINER, listenerId: DOC_LISTENER, action: 'pause_all' },
      /listenerId must be omitted with pause_all/,
    ],
  ])('%j → 400, nothing changes', async (body, message) => {
    const before = m.mock.dumpState();
    const res = await boomi.change(body);
    expect(res.status).toBe(400);
    expect(res.body?.message).toMatch(message);
    expect(m.mock.dumpState()).toEqual(before);
  });
});

describe('Boomi authentication', () => {
  const filter = eq('containerId', DOC_CONTAINER);

  it.each([
    ['no credentials', ''],
    ['a wrong API token', basic('BOOMI_TOKEN.dev@example.com', 'wrong')],
    ['the user without the BOOMI_TOKEN. prefix', basic('dev@example.com', 'dev-api-token')],
    ['another user', basic('BOOMI_TOKEN.ops@example.com', 'dev-api-token')],
    ['a bearer token', 'Bearer dev-api-token'],
  ])('%s → 401 with a Basic challenge', async (_name, auth) => {
    const before = m.mock.dumpState();
    const client = boomiClient(() => m.url, { auth });
    for (const res of [
      await client.query(filter),
      await client.result('ListenerStatus-x'),
      await client.change({ containerId: DOC_CONTAINER, action: 'pause_all' }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Boomi"');
      expect(typeof res.body?.message).toBe('string');
    }
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('right credentials on an account they do not belong to → 403 {message}', async () => {
    const before = m.mock.dumpState();
    const client = boomiClient(() => m.url, { account: 'someone-else' });
    for (const res of [
      await client.query(filter),
      await client.query(filter, true),
      await client.result('ListenerStatus-x'),
      await client.change({ containerId: DOC_CONTAINER, action: 'pause_all' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Access denied: the credentials do not belong to account someone-else.' });
    }
    expect(m.mock.dumpState()).toEqual(before);
  });

  it('options set the user, the token and the account', async () => {
    const other = await startMock({
      vendors: ['boomi'],
      vendorOptions: { boomi: { user: 'ops@example.org', token: 't0k3n', accountId: 'acme-7Q2X' } },
    });
    try {
      const auth = basic('BOOMI_TOKEN.ops@example.org', 't0k3n');
      expect((await boomiClient(() => other.url, { auth, account: 'acme-7Q2X' }).query(filter)).status).toBe(200);
      expect((await boomiClient(() => other.url, { auth }).query(filter)).status).toBe(403);
      expect((await boomiClient(() => other.url, { account: 'acme-7Q2X' }).query(filter)).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
