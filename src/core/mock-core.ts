import type { OpenApiDocument } from '../spec/openapi.js';
import type { LoadedSpec } from '../spec/spec-index.js';
import { compileValidators, type OperationValidators } from '../spec/validators.js';
import type { Vendor } from '../vendors/registry.js';
import { DEFAULT_CORS, type CorsPolicy } from '../mock/cors.js';
import { Faults, NO_FAULTS, type FaultConfig } from '../mock/faults.js';
import { Journal, type JournalEntry } from '../mock/journal.js';
import { Router } from '../mock/router.js';
import type { FixtureSet, LoadedVendor, VendorOptions } from '../mock/types.js';
import { vendorModule } from '../vendors/index.js';
import type { PlainReply, PlainRequest } from './http.js';
import { DEFAULT_LIMITS, handle, splitUrl, type Outcome, type PipelineDeps, type PipelineLimits } from './pipeline.js';
import { StateScope } from './scope.js';
import { present } from '../common/present.js';

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
}

export const CORE_DEFAULTS: Omit<CoreOptions, 'specs' | 'validateResponses'> = {
  fixtures: 'default',
  vendorOptions: {},
  journalSize: 10_000,
  limits: DEFAULT_LIMITS,
  now: () => new Date(),
  faults: NO_FAULTS,
  cors: DEFAULT_CORS,
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
  /** The state every request sees unless `scopeFor` resolves another. */
  readonly shared: StateScope;
  readonly validators: Map<string, OperationValidators>;
  /**
   * Which state a request sees: the shared scope unless replaced (sessions resolve theirs from a
   * header here).
   */
  scopeFor: (request: PlainRequest) => StateScope;
  private readonly deps: PipelineDeps;
  private readonly changeListeners = new Set<(vendor: string) => void>();

  constructor(readonly options: CoreOptions) {
    const router = new Router();
    this.shared = new StateScope('shared', (vendor) => this.changed(vendor));
    this.scopeFor = () => this.shared;
    for (const spec of options.specs) {
      const module = vendorModule(spec.vendor);
      const vendorOptions = options.vendorOptions[spec.vendor] ?? {};
      const missing = spec.operations.filter((op) => !module.handlers[op.operationId]).map((op) => op.operationId);
      if (missing.length > 0) throw new Error(`${spec.vendor}: no handler for ${missing.join(', ')}`);
      this.vendors.set(spec.vendor, { module, spec, options: vendorOptions });
      this.shared.set(spec.vendor, module.createState(options.fixtures, vendorOptions));
      router.addSpec(spec);
    }
    this.validators = compileValidators(options.specs);
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

  /** One request through the pipeline, journaled. */
  async handle(request: PlainRequest): Promise<PlainReply> {
    const started = performance.now();
    const { reply, outcome } = await handle(this.deps, request, this.scopeFor(request));
    this.record(request.method, request.url, outcome, started);
    return reply;
  }

  /** Whether a request target is for a vendor this mock serves: a path one of their specs documents. */
  serves(url: string): boolean {
    const target = url.startsWith('/') ? url : urlPath(url);
    return this.deps.router.match('GET', splitUrl(target).pathname).kind !== 'not-found';
  }

  /** Adds a request's outcome to the journal (admin requests are journaled by the server here too). */
  record(method: string, path: string, outcome: Outcome, started: number): void {
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

  /** Back to the fixtures (all vendors, or one). */
  reset(vendor?: string): void {
    for (const [name, loaded] of this.vendors) {
      if (vendor && vendor !== name) continue;
      this.shared.set(name, loaded.module.createState(this.options.fixtures, loaded.options));
      this.changed(name);
    }
  }

  /** The state of one vendor, as its module holds it (live: changes as requests arrive). */
  state(vendor: string): unknown {
    return this.shared.get(vendor);
  }

  dumpState(): Record<string, unknown> {
    return Object.fromEntries([...this.vendors].map(([name, v]) => [name, v.module.dumpState(this.shared.get(name))]));
  }

  /**
   * `JSON.stringify(this.dumpState())`, in pieces read off the live state: consume it in one go
   * (no awaiting in between), or the pieces stop being one snapshot.
   */
  *serializeState(): Generator<string> {
    let separator = '{';
    for (const [name, v] of this.vendors) {
      const prefix = `${separator}${JSON.stringify(name)}:`;
      separator = ',';
      const state = this.shared.get(name);
      if (!v.module.serializeState) {
        yield prefix + JSON.stringify(v.module.dumpState(state));
        continue;
      }
      yield prefix;
      yield* v.module.serializeState(state);
    }
    yield separator === '{' ? '{}' : '}';
  }

  /** Loads a dump; every vendor is read before any is replaced, so a bad dump changes nothing. */
  loadState(dump: Record<string, unknown>): void {
    const next = new Map<string, unknown>();
    for (const [name, value] of Object.entries(dump)) {
      const loaded = this.vendors.get(name);
      if (!loaded) throw new Error(`state names vendor '${name}', which this mock does not serve`);
      next.set(name, loaded.module.loadState(value, loaded.options));
    }
    for (const [name, state] of next) {
      this.shared.set(name, state);
      this.changed(name);
    }
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

/** Media types in which a vendor documents its error schema, most used first. */
function errorMediaTypes(document: OpenApiDocument, errorSchema: string): string[] {
  const ref = `#/components/schemas/${errorSchema}`;
  const counts = new Map<string, number>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
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
