import { fetchResponse, plainFromFetch, plainFromInit } from '../adapters/fetch.js';
import type { PlainReply, PlainRequest } from '../core/http.js';
import { CORE_DEFAULTS, MockCore, type SessionInfo } from '../core/mock-core.js';
import { SESSION_HEADER, sessionIdProblem, type SessionLimits } from '../core/sessions.js';
import type { PipelineLimits } from '../core/pipeline.js';
import type { CorsPolicy } from '../mock/cors.js';
import type { FaultConfig, Faults } from '../mock/faults.js';
import type { Journal } from '../mock/journal.js';
import type { FixtureSet, VendorOptions } from '../mock/types.js';
import { checkVendorOptions, vendorNamed } from '../mock/vendor-options-check.js';
import { STATIC_AJV } from '../spec/ajv-static.js';
import { bundledSpec } from '../spec/bundled.js';
import { ajvCompiler } from '../spec/schema-compiler.js';
import { vendorNames } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';

export interface CreateMockOptions {
  /** The vendors to serve (default: all four). */
  vendors?: readonly Vendor[];
  /** Start state: the default fixtures or none (default `'default'`). */
  fixtures?: FixtureSet;
  /** Per-vendor options, as `--vendor-options` takes them: `{ groundwork: { password: 's3cret' } }`. */
  vendorOptions?: Partial<Record<Vendor, VendorOptions>>;
  /** Check the mock's own responses against the spec (default true, as the server outside production). */
  validateResponses?: boolean;
  /** Fault injection (latency, error and drop rates), as `--faults` takes it. */
  faults?: FaultConfig;
  cors?: CorsPolicy;
  limits?: Partial<PipelineLimits>;
  journalSize?: number;
  /** The clock handlers read (default: the real one). */
  now?: () => Date;
  /** Test sessions (`mock.session(id)`): idle time before one is dropped, and how many live at once. */
  sessions?: { ttlSeconds?: number; max?: number };
}

/** The vendors' state, as `GET`/`PUT /__admin/state` read and write it. */
export interface MockState {
  /** A JSON-able copy of every vendor's state. */
  dump(): Record<string, unknown>;
  /** Replaces the state of the vendors a dump names; a bad dump throws and changes nothing. */
  load(dump: Record<string, unknown>): void;
}

/**
 * One test session's view of the mock: every request made through it sees the session's own state
 * (from the fixtures on first use), as a request with `X-Understudy-Session: <id>` does.
 */
export interface MockSession {
  readonly id: string;
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  handle(request: PlainRequest): Promise<PlainReply>;
  /** The session's state (made from the fixtures if the session has not started yet). */
  readonly state: MockState;
  /** The session's state back to the fixtures (every vendor, or one). */
  reset(vendor?: Vendor): void;
  /** Ends the session (its next request starts afresh); false if it was not live. */
  end(): boolean;
}

/** The mock in this process: the server's pipeline (validation, auth, faults, journal) without a socket. */
export interface EmbeddedMock {
  /**
   * Answers a request as the server would; the URL's origin is not looked at, only its path and query.
   * A function property, not a method: it is handed on unbound as a `fetch` (`login(mock.fetch)`).
   */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** The same without the fetch types: a plain request in, a plain reply out. */
  handle: (request: PlainRequest) => Promise<PlainReply>;
  readonly vendors: readonly Vendor[];
  readonly state: MockState;
  /** Back to the fixtures (every vendor, or one). */
  reset(vendor?: Vendor): void;
  /** Every request answered, newest last (`journal.list()`, `journal.clear()`). */
  readonly journal: Pick<Journal, 'list' | 'clear'>;
  /** Fault injection, changeable while running (`faults.set(config)`). */
  readonly faults: Pick<Faults, 'set' | 'current'>;
  /** Whether a URL's path is one a served vendor documents (other requests are not the mock's). */
  serves(url: string): boolean;
  /**
   * A test session's view: its own state, isolated from the shared one and from other sessions
   * (parallel tests on one mock). The id is 1-128 letters, digits, `.`, `_`, `~` or `-`.
   */
  session(id: string): MockSession;
  /** The live sessions (least recently used first), and ending them. */
  readonly sessions: { list(): SessionInfo[]; clear(): number };
  /** Afterwards every request rejects. */
  close(): Promise<void>;
}

/**
 * A stateful, spec-validated vendor mock inside this process (Node or a browser): requests go
 * through the same core as the server's, from the specs the package carries as data.
 */
export function createMock(options: CreateMockOptions = {}): Promise<EmbeddedMock> {
  // Inside the executor, so that bad options reject the promise rather than throw.
  return new Promise((resolve) => {
    resolve(createMockSync(options));
  });
}

/** createMock without the promise, for MSW handlers built at module load. */
export function createMockSync(options: CreateMockOptions = {}): EmbeddedMock {
  const vendors = [
    ...new Set((options.vendors ?? vendorNames()).map((v) => vendorNamed(v, 'createMock({ vendors }): '))),
  ];
  if (vendors.length === 0) throw new TypeError('createMock({ vendors }): name at least one vendor');
  // Checked although typed: JavaScript callers are not.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  if (options.fixtures !== undefined && options.fixtures !== 'default' && options.fixtures !== 'empty') {
    throw new TypeError(
      `createMock({ fixtures }): '${String(options.fixtures)}' is not a fixture set: use 'default' or 'empty'`,
    );
  }
  const core = new MockCore({
    ...CORE_DEFAULTS,
    specs: vendors.map((v) => bundledSpec(v)),
    schemaCompiler: (specs) => ajvCompiler(specs, () => STATIC_AJV),
    fixtures: options.fixtures ?? 'default',
    vendorOptions: checkVendorOptions(
      options.vendorOptions ?? {},
      'createMock({ vendorOptions })',
      () => STATIC_AJV.Ajv2020,
    ),
    validateResponses: options.validateResponses ?? true,
    faults: options.faults ?? CORE_DEFAULTS.faults,
    cors: options.cors ?? CORE_DEFAULTS.cors,
    limits: { ...CORE_DEFAULTS.limits, ...options.limits },
    journalSize: options.journalSize ?? CORE_DEFAULTS.journalSize,
    now: options.now ?? CORE_DEFAULTS.now,
    sessions: sessionLimits(options.sessions),
  });
  let closed = false;
  const open = () => {
    if (closed) throw new TypeError('fetch failed: this understudy mock is closed');
  };
  const fetchIn = async (input: Request | string | URL, init: RequestInit | undefined, session?: string) => {
    open();
    const plain =
      input instanceof Request
        ? plainFromFetch(init === undefined ? input : new Request(input, init))
        : plainFromInit(input, init ?? {});
    return fetchResponse(await core.handle(inSession(plain, session)), plain.method);
  };
  const session = (id: string): MockSession => {
    const problem = sessionIdProblem(id);
    if (problem) throw new TypeError(`mock.session(id): ${problem}`);
    return {
      id,
      fetch: (input, init) => fetchIn(input, init, id),
      async handle(request) {
        open();
        return core.handle(inSession(request, id));
      },
      state: {
        dump: () => {
          core.writable(id);
          return core.dumpState(id);
        },
        load: (dump) => core.loadState(dump, id),
      },
      reset: (vendor) => core.reset(vendor, id),
      end: () => core.sessions.delete(id),
    };
  };
  return {
    fetch: (input, init) => fetchIn(input, init),
    async handle(request) {
      open();
      return core.handle(request);
    },
    vendors,
    state: {
      dump: () => core.dumpState(),
      load: (dump) => core.loadState(dump),
    },
    reset: (vendor) => core.reset(vendor),
    journal: core.journal,
    faults: core.faults,
    serves: (url) => core.serves(url),
    session,
    sessions: { list: () => core.listSessions(), clear: () => core.sessions.clear() },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        core.journal.close();
        resolve();
      }),
  };
}

/** The request, in a session if one is given (the view's session wins over one the request names). */
function inSession(request: PlainRequest, session: string | undefined): PlainRequest {
  return session === undefined ? request : { ...request, headers: { ...request.headers, [SESSION_HEADER]: session } };
}

export function sessionLimits(given: CreateMockOptions['sessions']): SessionLimits {
  const limits = { ...CORE_DEFAULTS.sessions };
  if (given?.ttlSeconds !== undefined) {
    if (!(given.ttlSeconds > 0)) throw new TypeError('createMock({ sessions: { ttlSeconds } }): a number above 0');
    limits.ttlMs = given.ttlSeconds * 1000;
  }
  if (given?.max !== undefined) {
    if (!Number.isInteger(given.max) || given.max < 1)
      throw new TypeError('createMock({ sessions: { max } }): a whole number, at least 1');
    limits.max = given.max;
  }
  return limits;
}
