/// <reference lib="dom" />
import type { JournalEntry } from '../mock/journal.js';

/**
 * The dashboard's calls to the admin API, same-origin. On a mock with an admin token the page was
 * reached through the mock's token page, and its HttpOnly cookie rides along with every call: the
 * page's script never holds the token.
 */

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function admin(method: string, path: string, body?: string): Promise<Response> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body,
    cache: 'no-store',
  });
  if (!response.ok) {
    const text = await response.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: the text is the message
    }
    throw new AdminError(response.status, `${method} ${path}: ${response.status} ${message}`.trim());
  }
  return response;
}

export async function adminJson<T>(method: string, path: string, body?: string): Promise<T> {
  return (await (await admin(method, path, body)).json()) as T;
}

export interface Hello {
  oldestId: number | null;
  validateResponses: boolean;
  vendors: string[];
}

export type FeedStatus = 'connecting' | 'live' | 'offline' | 'unauthorized';

export interface FeedHandlers {
  hello(hello: Hello): void;
  entries(entries: JournalEntry[]): void;
  cleared(): void;
  status(status: FeedStatus): void;
}

/**
 * Follows `GET /__admin/events` (Server-Sent Events), reconnecting after a second when it drops
 * and resuming after the last entry seen. Returns the function that stops it.
 */
export function followJournal(handlers: FeedHandlers, lastSeen: () => number): () => void {
  const abort = new AbortController();
  const dispatch = (block: string): void => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    const payload: unknown = JSON.parse(data.join('\n'));
    if (event === 'hello') handlers.hello(payload as Hello);
    else if (event === 'entries') handlers.entries(payload as JournalEntry[]);
    else if (event === 'cleared') handlers.cleared();
  };
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      handlers.status('connecting');
      try {
        const response = await fetch(`/__admin/events?since=${lastSeen()}`, {
          signal: abort.signal,
          cache: 'no-store',
        });
        if (response.status === 401) {
          handlers.status('unauthorized');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
        handlers.status('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // Set by close() while a read was pending, which narrowing across the await cannot see.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        if (abort.signal.aborted) return;
      }
      handlers.status('offline');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  void run();
  return () => abort.abort();
}
