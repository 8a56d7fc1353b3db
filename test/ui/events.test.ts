// The dashboard's live feed, GET /__admin/events (Server-Sent Events), read over a real socket
// without a browser: backlog, live entries, clear, resuming after the last id, and a mock that
// closes while a feed is open.
import { get, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../helpers/mock.js';

interface Event {
  event: string;
  id?: string;
  data: unknown;
}

/**
 * Opens the feed with node:http (one socket, closed when we say so) and reads its events one by one.
 * The status and headers come first; `next()` is undefined once the server ends the stream.
 */
async function openFeed(url: string, headers: Record<string, string> = {}) {
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    get(url, { headers, agent: false }, resolve).on('error', reject),
  );
  response.setEncoding('utf8');
  const chunks = response[Symbol.asyncIterator]() as AsyncIterator<string>;
  let buffer = '';
  return {
    status: response.statusCode,
    headers: response.headers,
    async next(): Promise<Event | undefined> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n').filter((l) => !l.startsWith(':'));
          const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const data = field('data');
          if (data === undefined) continue; // `retry:` and comments
          return { event: field('event') ?? 'message', id: field('id'), data: JSON.parse(data) };
        }
        const { value, done } = await chunks.next();
        if (done) return undefined;
        buffer += value;
      }
    },
    close: () => response.destroy(),
  };
}

const entry = (path: string) => ({
  time: new Date().toISOString(),
  method: 'GET',
  path,
  status: 200,
  latencyMs: 1,
  violations: [],
});

let m: RunningMock | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
});

describe('GET /__admin/events', () => {
  it('says hello, sends the backlog, then each new entry, and a clear', async () => {
    m = await startMock({ vendors: ['moogsoft'] });
    m.mock.journal.add(entry('/before/1'));
    m.mock.journal.add(entry('/before/2'));
    const events = await openFeed(`${m.url}/__admin/events`);
    expect(events.status).toBe(200);
    expect(events.headers['content-type']).toBe('text/event-stream; charset=utf-8');

    expect(await events.next()).toEqual({
      event: 'hello',
      data: { oldestId: 1, validateResponses: true, vendors: ['moogsoft'] },
    });
    expect(await events.next()).toMatchObject({
      event: 'entries',
      id: '2',
      data: [
        { id: 1, path: '/before/1' },
        { id: 2, path: '/before/2' },
      ],
    });

    // A real request, journaled after it is answered, with its violations and whose they are.
    const bad = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'PUT',
      headers: {
        authorization: `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: '{"command":"restart"}',
    });
    expect(bad.status).toBe(400);
    const live = await events.next();
    expect(live).toMatchObject({
      event: 'entries',
      data: [{ method: 'PUT', status: 400, operationId: 'updateIntegrationStatus', violationsIn: 'request' }],
    });
    expect((live!.data as Array<{ violations: string[] }>)[0]!.violations[0]).toMatch(
      /^body field 'command' must be one of/,
    );

    m.mock.journal.clear();
    expect(await events.next()).toEqual({ event: 'cleared', data: {} });
    events.close();
  });

  it('resumes after the last id it was given, and batches bursts', async () => {
    m = await startMock({ vendors: ['moogsoft'] });
    for (let i = 1; i <= 3; i++) m.mock.journal.add(entry(`/e/${i}`));
    const events = await openFeed(`${m.url}/__admin/events`, { 'Last-Event-ID': '2' });
    expect(await events.next()).toMatchObject({ event: 'hello', data: { oldestId: 1 } });
    expect(await events.next()).toMatchObject({ event: 'entries', id: '3', data: [{ id: 3 }] });
    for (let i = 4; i <= 1203; i++) m.mock.journal.add(entry(`/e/${i}`));
    const ids: number[] = [];
    while (ids.length < 1200) {
      const next = await events.next();
      ids.push(...(next!.data as Array<{ id: number }>).map((e) => e.id));
    }
    expect(ids).toEqual(Array.from({ length: 1200 }, (_, i) => i + 4));
    events.close();

    const since = await openFeed(`${m.url}/__admin/events?since=1202`);
    await since.next();
    // 1203, then the first feed's own journal entry (1204), journaled when it ended.
    expect(((await since.next())!.data as Array<{ id: number }>)[0]).toMatchObject({ id: 1203 });
    since.close();
  });

  it('ends open feeds when the mock closes, so closing does not hang', async () => {
    m = await startMock({ vendors: ['moogsoft'] });
    const events = await openFeed(`${m.url}/__admin/events`);
    expect((await events.next())?.event).toBe('hello');
    const started = Date.now();
    const closing = m.close();
    m = undefined;
    await closing;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await events.next()).toBeUndefined();
  });

  it('needs the admin token when one is set', async () => {
    m = await startMock({ vendors: ['moogsoft'], admin: { token: 't0ken' } });
    const refused = await openFeed(`${m.url}/__admin/events`);
    expect(refused.status).toBe(401);
    refused.close();
    const events = await openFeed(`${m.url}/__admin/events`, { 'X-Admin-Token': 't0ken' });
    expect(events.status).toBe(200);
    expect((await events.next())?.event).toBe('hello');
    events.close();
    // The page is behind the token too (test/mock/admin-safety.test.ts: how a browser gets in).
    expect((await fetch(`${m.url}/__admin/ui`)).status).toBe(401);
  });
});
