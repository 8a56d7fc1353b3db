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
  /** The session the request named (X-Understudy-Session or its cookie); absent: the shared state. */
  session?: string;
}

/** What a subscriber hears: each new entry, a clear, and the end (the server is closing). */
export type JournalChange = { type: 'added'; entry: JournalEntry } | { type: 'cleared' } | { type: 'closed' };

export class Journal {
  /**
   * A ring: once full, each entry overwrites the oldest. (Dropping the oldest from the front of an
   * array moved all 10,000 entries on every request, a tenth of a GET's cost at full load.)
   */
  private readonly ring: JournalEntry[] = [];
  /** Index in `ring` of the oldest entry, once the ring is full. */
  private oldest = 0;
  private next = 1;
  private readonly listeners = new Set<(change: JournalChange) => void>();

  constructor(private readonly capacity: number) {}

  /** Numbers the entry (taking ownership of it: it is stored, not copied) and keeps it. */
  add(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = entry as JournalEntry;
    full.id = this.next++;
    if (this.ring.length < this.capacity) {
      this.ring.push(full);
    } else if (this.capacity > 0) {
      this.ring[this.oldest] = full;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
    if (this.listeners.size > 0) this.notify({ type: 'added', entry: full });
    return full;
  }

  /** `session`: only that session's requests; `''`: only those without a session. */
  list(options: { limit?: number; since?: number; session?: string } = {}): JournalEntry[] {
    const ordered =
      this.oldest === 0 ? [...this.ring] : [...this.ring.slice(this.oldest), ...this.ring.slice(0, this.oldest)];
    const since = options.since ?? 0;
    const { session } = options;
    const matching =
      since > 0 || session !== undefined
        ? ordered.filter((e) => e.id > since && (session === undefined || (e.session ?? '') === session))
        : ordered;
    return options.limit ? matching.slice(-options.limit) : matching;
  }

  clear(): void {
    this.ring.length = 0;
    this.oldest = 0;
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
