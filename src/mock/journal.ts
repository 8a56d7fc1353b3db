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
}

export class Journal {
  private readonly entries: JournalEntry[] = [];
  private next = 1;

  constructor(private readonly capacity: number) {}

  add(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = { id: this.next++, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return full;
  }

  list(options: { limit?: number; since?: number } = {}): JournalEntry[] {
    const since = options.since ?? 0;
    const matching = since > 0 ? this.entries.filter((e) => e.id > since) : this.entries;
    return options.limit ? matching.slice(-options.limit) : [...matching];
  }

  clear(): void {
    this.entries.length = 0;
  }
}
