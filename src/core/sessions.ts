import { HttpError } from '../mock/errors.js';
import type { RequestHeaders } from './http.js';
import { StateScope } from './scope.js';

/**
 * Sessions: isolated vendor states on one mock, so that parallel tests do not see each other's
 * changes. A request names its session by header (scripts, test runners) or by cookie (a browser
 * app that cannot add headers to its calls); without either it sees the shared state.
 */
export const SESSION_HEADER = 'x-understudy-session';
export const SESSION_COOKIE = 'understudy-session';

/**
 * Letters, digits and `._~-` (URL-safe as they are, so an id goes into `/__admin/sessions/{id}`,
 * a cookie and a journal filter without encoding), at most 128 of them.
 */
const SESSION_ID = /^[A-Za-z0-9._~-]{1,128}$/;

export interface SessionLimits {
  /** A session idle this long is gone: its next request starts it afresh. */
  ttlMs: number;
  /** Live sessions at most; one more evicts the least recently used. */
  max: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { ttlMs: 30 * 60_000, max: 100 };

export interface Session {
  readonly id: string;
  readonly scope: StateScope;
  readonly created: number;
  lastUsed: number;
  requests: number;
}

/** The session a request names, as sent (not yet checked): the header first, else the cookie. */
export function sessionIdOf(headers: RequestHeaders): string | undefined {
  const header = headers[SESSION_HEADER];
  if (header !== undefined) return Array.isArray(header) ? header.join(', ') : header;
  const cookie = headers.cookie;
  if (cookie === undefined) return undefined;
  const text = Array.isArray(cookie) ? cookie.join('; ') : cookie;
  // Most cookie headers are not ours: one search, no parsing.
  if (!text.includes(SESSION_COOKIE)) return undefined;
  return readCookie(text, SESSION_COOKIE);
}

export function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Undefined for a good id, else why it is not one (for a 400 that says what to send instead). */
export function sessionIdProblem(id: string): string | undefined {
  if (SESSION_ID.test(id)) return undefined;
  const shown = id.length > 40 ? `${JSON.stringify(id.slice(0, 40))}…` : JSON.stringify(id);
  return (
    `session id ${shown} (X-Understudy-Session or the ${SESSION_COOKIE} cookie) is not valid: ` +
    `use 1 to 128 letters, digits, '.', '_', '~' or '-'`
  );
}

export function checkSessionId(id: string): string {
  const problem = sessionIdProblem(id);
  if (problem) throw new HttpError(400, problem);
  return id;
}

/**
 * The live sessions, least recently used first (a Map keeps insertion order: a used session is
 * moved to the end, so eviction takes the first). Expiry is checked when a session is looked up,
 * and idle ones are swept whenever one is created or listed; memory stays bounded by `max` either way.
 */
export class Sessions {
  private readonly live = new Map<string, Session>();
  /** Sessions ended by the TTL or the cap since start (in /__admin/sessions). */
  expired = 0;
  evicted = 0;

  constructor(
    readonly limits: SessionLimits,
    /** A new session's states (from the fixtures). */
    private readonly fresh: (scope: StateScope) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.live.size;
  }

  /** The scope a request in session `id` sees: made on first use, counted, and moved to most recent. */
  use(id: string): StateScope {
    const now = this.clock();
    let session = this.lookup(id, now);
    if (session) {
      this.live.delete(id);
    } else {
      session = this.create(checkSessionId(id), now);
      this.fresh(session.scope);
    }
    this.live.set(id, session);
    session.lastUsed = now;
    session.requests++;
    return session.scope;
  }

  /** A live session, without counting a use (admin reads). */
  get(id: string): Session | undefined {
    return this.lookup(id, this.clock());
  }

  /** A session for the admin API to write: the live one, or a new one (empty until written). */
  open(id: string): { session: Session; created: boolean } {
    const now = this.clock();
    const live = this.lookup(id, now);
    if (live) return { session: live, created: false };
    const session = this.create(checkSessionId(id), now);
    this.live.set(id, session);
    return { session, created: true };
  }

  delete(id: string): boolean {
    return this.live.delete(id);
  }

  /** Ends every session; returns how many there were. */
  clear(): number {
    const n = this.live.size;
    this.live.clear();
    return n;
  }

  list(): Session[] {
    this.sweep(this.clock());
    return [...this.live.values()];
  }

  private lookup(id: string, now: number): Session | undefined {
    const session = this.live.get(id);
    if (session && now - session.lastUsed > this.limits.ttlMs) {
      this.live.delete(id);
      this.expired++;
      return undefined;
    }
    return session;
  }

  private create(id: string, now: number): Session {
    this.sweep(now);
    while (this.live.size >= this.limits.max) {
      const oldest = this.live.keys().next();
      if (oldest.done) break;
      this.live.delete(oldest.value);
      this.evicted++;
    }
    return { id, scope: new StateScope(id), created: now, lastUsed: now, requests: 0 };
  }

  /** Drops the idle sessions: the least recently used come first, so the sweep stops at the first live one. */
  private sweep(now: number): void {
    for (const [id, session] of this.live) {
      if (now - session.lastUsed <= this.limits.ttlMs) break;
      this.live.delete(id);
      this.expired++;
    }
  }
}
