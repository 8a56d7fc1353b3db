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

const NO_VIOLATIONS: readonly string[] = Object.freeze([]);

export class Journal {
  /**
   * A ring kept in columns, one array per field: once full, each entry overwrites the oldest. An
   * entry object per request lived long enough (10,000 requests) to be copied out of the young
   * generation and promoted, with its violations array and latency number: the dearest garbage of a
   * request (`npm run bench:pipeline` measures it). Entries are objects again only when listed or
   * announced. (Dropping the oldest from the front of an array, before the ring, moved all 10,000
   * entries on every request.)
   */
  private readonly ids: number[] = [];
  /** Written in order from the first entry, so V8 holds them as unboxed doubles: no number object each. */
  private readonly latencies: number[] = [];
  private readonly statuses: number[] = [];
  private readonly times: string[] = [];
  private readonly methods: string[] = [];
  private readonly paths: string[] = [];
  private readonly vendors: Array<string | undefined> = [];
  private readonly operationIds: Array<string | undefined> = [];
  /** The rare fields: set on few entries (violations only when there are some). */
  private readonly violations: Array<readonly string[]> = [];
  private readonly violationsIn: Array<JournalEntry['violationsIn']> = [];
  private readonly faults: Array<string | undefined> = [];
  private readonly sessions: Array<string | undefined> = [];
  /** Entries held (at most `capacity`). */
  private size = 0;
  /** Index of the oldest entry. */
  private oldest = 0;
  private next = 1;
  private readonly listeners = new Set<(change: JournalChange) => void>();

  constructor(private readonly capacity: number) {}

  /** Numbers the entry (setting its `id`) and keeps its fields: the object itself is not stored. */
  add(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = entry as JournalEntry;
    full.id = this.next++;
    if (this.capacity > 0) {
      let at: number;
      if (this.size < this.capacity) {
        at = (this.oldest + this.size++) % this.capacity;
      } else {
        at = this.oldest;
        this.oldest = (this.oldest + 1) % this.capacity;
      }
      this.ids[at] = full.id;
      this.latencies[at] = entry.latencyMs;
      this.statuses[at] = entry.status;
      this.times[at] = entry.time;
      this.methods[at] = entry.method;
      this.paths[at] = entry.path;
      this.vendors[at] = entry.vendor;
      this.operationIds[at] = entry.operationId;
      this.violations[at] = entry.violations.length > 0 ? entry.violations : NO_VIOLATIONS;
      this.violationsIn[at] = entry.violationsIn;
      this.faults[at] = entry.fault;
      this.sessions[at] = entry.session;
    }
    if (this.listeners.size > 0) this.notify({ type: 'added', entry: full });
    return full;
  }

  /** `session`: only that session's requests; `''`: only those without a session. */
  list(options: { limit?: number; since?: number; session?: string } = {}): JournalEntry[] {
    const since = options.since ?? 0;
    const { session } = options;
    const limit = options.limit || this.size;
    // From the newest back, so that a limit builds only the entries it answers.
    const matching: JournalEntry[] = [];
    for (let n = this.size - 1; n >= 0 && matching.length < limit; n--) {
      const at = (this.oldest + n) % this.capacity;
      if ((this.ids[at] ?? 0) <= since) break;
      if (session !== undefined && (this.sessions[at] ?? '') !== session) continue;
      matching.push(this.entryAt(at));
    }
    return matching.reverse();
  }

  private columns(): unknown[][] {
    return [
      this.ids,
      this.latencies,
      this.statuses,
      this.times,
      this.methods,
      this.paths,
      this.vendors,
      this.operationIds,
      this.violations,
      this.violationsIn,
      this.faults,
      this.sessions,
    ];
  }

  /** One entry as an object, its keys in the order the entries were always built (and written as JSON). */
  private entryAt(at: number): JournalEntry {
    const entry: Omit<JournalEntry, 'id'> = {
      time: this.times[at] ?? '',
      method: this.methods[at] ?? '',
      path: this.paths[at] ?? '',
      vendor: this.vendors[at],
      operationId: this.operationIds[at],
      status: this.statuses[at] ?? 0,
      latencyMs: this.latencies[at] ?? 0,
      violations: [...(this.violations[at] ?? NO_VIOLATIONS)],
    };
    const violationsIn = this.violationsIn[at];
    if (violationsIn) entry.violationsIn = violationsIn;
    const fault = this.faults[at];
    if (fault) entry.fault = fault;
    const session = this.sessions[at];
    if (session !== undefined) entry.session = session;
    const full = entry as JournalEntry;
    full.id = this.ids[at] ?? 0;
    return full;
  }

  clear(): void {
    this.size = 0;
    this.oldest = 0;
    // Every column emptied: what cleared entries held is let go, and the ring fills in order again.
    for (const column of this.columns()) column.length = 0;
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
