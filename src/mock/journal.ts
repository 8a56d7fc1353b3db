/** The request journal behind `GET /__admin/requests`: a bounded ring, newest last. */
export interface JournalEntry {
  id: number;
  time: string;
  method: string;
  path: string;
  vendor?: string;
  operationId?: string;
  status: number;
  latencyMs: number;
  /** The fault injected, if any (`latency 120ms`, `status 503`, `drop`). */
  fault?: string;
  /** Spec violations found in the request or in the mock's own response. */
  violations: string[];
  /** Whose violations they are: the client's request (answered 400) or the mock's own response (500). */
  violationsIn?: 'request' | 'response';
}

/** What a subscriber hears: each new entry, a clear, and the end (the server is closing). */
export type JournalChange = { type: 'added'; entry: JournalEntry } | { type: 'cleared' } | { type: 'closed' };

export class Journal {
  private readonly entries: JournalEntry[] = [];
  private next = 1;
  private readonly listeners = new Set<(change: JournalChange) => void>();

  constructor(private readonly capacity: number) {}

  add(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = { id: this.next++, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    this.notify({ type: 'added', entry: full });
    return full;
  }

  list(options: { limit?: number; since?: number } = {}): JournalEntry[] {
    const since = options.since ?? 0;
    const matching = since > 0 ? this.entries.filter((e) => e.id > since) : this.entries;
    return options.limit ? matching.slice(-options.limit) : [...matching];
  }

  clear(): void {
    this.entries.length = 0;
    this.notify({ type: 'cleared' });
  }

  /** Live feeds (the dashboard's `GET /__admin/events`) listen here; returns the unsubscribe. */
  subscribe(listener: (change: JournalChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends every subscription, so open live feeds let the server close. */
  close(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener({ type: 'closed' });
  }

  private notify(change: JournalChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // A broken feed must not fail the request being journaled.
        console.error('understudy: journal subscriber failed', error);
      }
    }
  }
}
