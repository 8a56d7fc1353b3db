import type { OpenApiDocument } from '../spec/openapi.js';
import type { LoadedSpec } from '../spec/spec-index.js';
import type { SchemaCompiler } from '../spec/schema-compiler.js';
import { buildValidators, type OperationValidators } from '../spec/validators.js';
import type { Vendor } from '../vendors/types.js';
import { DEFAULT_CORS, type CorsPolicy } from '../mock/cors.js';
import { Faults, NO_FAULTS, type FaultConfig } from '../mock/faults.js';
import { HttpError } from '../mock/errors.js';
import { Journal, type JournalEntry } from '../mock/journal.js';
import { Router } from '../mock/router.js';
import type { FixtureSet, LoadedVendor, VendorOptions } from '../mock/types.js';
import { vendorModule } from '../vendors/index.js';
import type { PlainReply, PlainRequest } from './http.js';
import {
  DEFAULT_LIMITS,
  handle,
  splitUrl,
  type JournalRecord,
  type PipelineDeps,
  type PipelineLimits,
} from './pipeline.js';
import { StateScope } from './scope.js';
import { present } from '../common/present.js';
import { DEFAULT_SESSION_LIMITS, Sessions, sessionIdOf, sessionIdProblem, type SessionLimits } from './sessions.js';

/** A live session as `GET /__admin/sessions` and `mock.sessions.list()` describe it. */
export interface SessionInfo {
  id: string;
  created: string;
  lastUsed: string;
  /** Vendor requests answered in it. */
  requests: number;
  /** Its state's size as JSON (in UTF-16 code units: near enough to bytes to watch memory by). */
  approxBytes: number;
}

export interface CoreOptions {
  /** The specs of the vendors to serve, loaded from files (the server) or from data (a browser). */
  specs: LoadedSpec[];
  fixtures: FixtureSet;
  vendorOptions: Partial<Record<Vendor, VendorOptions>>;
  /** Check every response the mock produces against the spec (development and test mode). */
  validateResponses: boolean;
  journalSize: number;
  limits: PipelineLimits;
  now: () => Date;
  faults: FaultConfig;
  /** How vendor paths answer CORS (default: as each vendor's server does). */
  cors: CorsPolicy;
  /** Idle time and number of live sessions (`--session-ttl`, `--max-sessions`). */
  sessions: SessionLimits;
  /**
   * Where validators come from: ajv at run time (a bundle), or the ones the build wrote (the
   * server, src/spec/precompiled.ts). The core does not load ajv itself, so that the server need not.
   */
  schemaCompiler: (specs: LoadedSpec[]) => SchemaCompiler;
}

export const CORE_DEFAULTS: Omit<CoreOptions, 'specs' | 'validateResponses' | 'schemaCompiler'> = {
  fixtures: 'default',
  vendorOptions: {},
  journalSize: 10_000,
  limits: DEFAULT_LIMITS,
  now: () => new Date(),
  faults: NO_FAULTS,
  cors: DEFAULT_CORS,
  sessions: DEFAULT_SESSION_LIMITS,
};

/**
 * The mock without a transport: the vendors (specs, handlers, state), the request journal, fault
 * injection, and `handle(plain request) → plain reply`. The node:http server, in-process `fetch`
 * and MSW handlers are doors to one of these.
 */
export class MockCore {
  readonly vendors = new Map<string, LoadedVendor>();
  readonly journal: Journal;
  readonly faults = new Faults();
  /** The state every request sees unless it names a session. */
  readonly shared: StateScope;
  /** Isolated states, one per session id a request names (`X-Understudy-Session` or its cookie). */
  readonly sessions: Sessions;
  readonly validators: Map<string, OperationValidators>;
  private readonly deps: PipelineDeps;
  private readonly changeListeners = new Set<(vendor: string) => void>();

  constructor(readonly options: CoreOptions) {
    const router = new Router();
    this.shared = new StateScope('shared', (vendor) => this.changed(vendor));
    this.sessions = new Sessions(options.sessions, (scope) => this.fill(scope));
    for (const spec of options.specs) {
      const module = vendorModule(spec.vendor);
      const vendorOptions = options.vendorOptions[spec.vendor] ?? {};
      const missing = spec.operations.filter((op) => !module.handlers[op.operationId]).map((op) => op.operationId);
      if (missing.length > 0) throw new Error(`${spec.vendor}: no handler for ${missing.join(', ')}`);
      this.vendors.set(spec.vendor, { module, spec, options: vendorOptions });
      this.shared.set(spec.vendor, module.createState(options.fixtures, vendorOptions));
      router.addSpec(spec);
    }
    this.validators = buildValidators(options.specs, options.schemaCompiler(options.specs));
    this.journal = new Journal(options.journalSize);
    this.faults.set(options.faults);
    this.deps = {
      router,
      vendors: this.vendors,
      validators: this.validators,
      errorMediaTypes: new Map(
        options.specs.map((s) => [
          s.vendor,
          errorMediaTypes(s.document, present(this.vendors.get(s.vendor), `vendor ${s.vendor}`).module.errorSchema),
        ]),
      ),
      limits: options.limits,
      faults: this.faults,
      cors: options.cors,
      validateResponses: options.validateResponses,
      now: options.now,
    };
  }

  /** One request through the pipeline, journaled (with its session, if it names a valid one). */
  async handle(request: PlainRequest): Promise<PlainReply> {
    const started = performance.now();
    const session = sessionIdOf(request.headers);
    if (session === undefined) {
      const { reply, outcome } = await handle(this.deps, request, this.shared);
      this.record(request.method, request.url, outcome, started);
      return reply;
    }
    // Resolved once routed: a request the mock does not serve makes no session.
    const { reply, outcome } = await handle(this.deps, request, () => this.sessions.use(session));
    this.record(
      request.method,
      request.url,
      outcome,
      started,
      sessionIdProblem(session) === undefined ? session : undefined,
    );
    return reply;
  }

  /** Whether a request target is for a vendor this mock serves: a path one of their specs documents. */
  serves(url: string): boolean {
    const target = url.startsWith('/') ? url : urlPath(url);
    return this.deps.router.match('GET', splitUrl(target).pathname).kind !== 'not-found';
  }

  /** Adds a request's outcome to the journal (admin requests are journaled by the server here too). */
  record(method: string, path: string, outcome: JournalRecord, started: number, session?: string): void {
    const entry: Omit<JournalEntry, 'id'> = {
      time: isoNow(),
      method,
      path,
      vendor: outcome.vendor,
      operationId: outcome.operationId,
      status: outcome.status,
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
      violations: outcome.violations,
    };
    if (outcome.violationsIn) entry.violationsIn = outcome.violationsIn;
    if (outcome.fault) entry.fault = outcome.fault;
    if (session !== undefined) entry.session = session;
    this.journal.add(entry);
  }

  /** Called after every change of the shared state (a request's, a reset, a load). */
  onChange(listener: (vendor: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(vendor: string): void {
    for (const listener of this.changeListeners) listener(vendor);
  }

  /** A new scope's states: every vendor's fixtures. */
  private fill(scope: StateScope): void {
    for (const [name, loaded] of this.vendors) {
      scope.set(name, loaded.module.createState(this.options.fixtures, loaded.options));
    }
  }

  /**
   * The states admin calls read or write: the shared ones, or a live session's (undefined when
   * there is no such session; a malformed id is an HttpError 400).
   */
  scope(session?: string): StateScope | undefined {
    if (session === undefined) return this.shared;
    const problem = sessionIdProblem(session);
    if (problem) throw new HttpError(400, problem);
    return this.sessions.get(session)?.scope;
  }

  /** Back to the fixtures (all vendors, or one), in the shared state or a session's (made if new). */
  reset(vendor?: string, session?: string): void {
    const scope = this.writable(session);
    for (const [name, loaded] of this.vendors) {
      if (vendor && vendor !== name) continue;
      scope.set(name, loaded.module.createState(this.options.fixtures, loaded.options));
      scope.changed(name);
    }
  }

  /** The state of one vendor, as its module holds it (live: changes as requests arrive). */
  state(vendor: string, session?: string): unknown {
    return this.scope(session)?.get(vendor);
  }

  dumpState(session?: string): Record<string, unknown> {
    const scope = this.scopeOrThrow(session);
    return Object.fromEntries([...this.vendors].map(([name, v]) => [name, v.module.dumpState(scope.get(name))]));
  }

  /**
   * `JSON.stringify(this.dumpState())`, in pieces read off the live state: consume it in one go
   * (no awaiting in between), or the pieces stop being one snapshot.
   */
  *serializeState(session?: string): Generator<string> {
    const scope = this.scopeOrThrow(session);
    let separator = '{';
    for (const [name, v] of this.vendors) {
      const prefix = `${separator}${JSON.stringify(name)}:`;
      separator = ',';
      const state = scope.get(name);
      if (!v.module.serializeState) {
        yield prefix + JSON.stringify(v.module.dumpState(state));
        continue;
      }
      yield prefix;
      yield* v.module.serializeState(state);
    }
    yield separator === '{' ? '{}' : '}';
  }

  /**
   * Loads a dump; every vendor is read before any is replaced, so a bad dump changes nothing. Into a
   * session, it makes the session if new (vendors the dump does not name start from the fixtures).
   */
  loadState(dump: Record<string, unknown>, session?: string): void {
    const next = new Map<string, unknown>();
    for (const [name, value] of Object.entries(dump)) {
      const loaded = this.vendors.get(name);
      if (!loaded) throw new Error(`state names vendor '${name}', which this mock does not serve`);
      next.set(name, loaded.module.loadState(value, loaded.options));
    }
    const scope = this.writable(session);
    for (const [name, state] of next) {
      scope.set(name, state);
      scope.changed(name);
    }
  }

  /** Each live session, least recently used first, with the size of its state as JSON. */
  listSessions(): SessionInfo[] {
    return this.sessions.list().map((s) => {
      let approxBytes = 0;
      for (const piece of this.serializeState(s.id)) approxBytes += piece.length;
      return {
        id: s.id,
        created: new Date(s.created).toISOString(),
        lastUsed: new Date(s.lastUsed).toISOString(),
        requests: s.requests,
        approxBytes,
      };
    });
  }

  /** The shared states, or a session's, made from the fixtures if new. */
  writable(session: string | undefined): StateScope {
    if (session === undefined) return this.shared;
    const { session: opened, created } = this.sessions.open(session);
    if (created) this.fill(opened.scope);
    return opened.scope;
  }

  private scopeOrThrow(session: string | undefined): StateScope {
    const scope = this.scope(session);
    if (!scope) throw new HttpError(404, `no session '${String(session)}': GET /__admin/sessions lists the live ones`);
    return scope;
  }
}

/** The path and query of an absolute URL (`/` for one that does not parse). */
function urlPath(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return '/';
  }
}

/** The time as ISO 8601, formatted once per millisecond however many requests share it. */
let isoMs = -1;
let isoText = '';
function isoNow(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

/**
 * What the walk for media types need not enter: schemas, examples and `x-` notes hold no responses.
 * Walking them was most of the walk, and the walk a tenth of a cold start's own work (issue 19).
 */
const NO_RESPONSES_IN = new Set(['schemas', 'example', 'examples']);

/** Media types in which a vendor documents its error schema, most used first. */
function errorMediaTypes(document: OpenApiDocument, errorSchema: string): string[] {
  const ref = `#/components/schemas/${errorSchema}`;
  const counts = new Map<string, number>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (NO_RESPONSES_IN.has(key) || key.startsWith('x-')) continue;
      if (key === 'content' && value && typeof value === 'object') {
        for (const [type, media] of Object.entries(value as Record<string, { schema?: { $ref?: string } }>)) {
          if (media.schema?.$ref === ref) counts.set(type, (counts.get(type) ?? 0) + 1);
        }
      }
      visit(value);
    }
  };
  visit(document);
  const types = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  return types.length > 0 ? types : ['application/json'];
}
