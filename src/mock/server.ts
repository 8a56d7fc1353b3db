import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { loadSpec } from '../spec/load.js';
import { compileValidators, warmUp, type OperationValidators } from '../spec/validators.js';
import type { Vendor } from '../spec/vendors.js';
import { VENDOR_MODULES } from '../vendors/index.js';
import { handleAdmin } from './admin.js';
import { DEFAULT_CORS, type CorsPolicy } from './cors.js';
import { generateToken, isLoopbackHost, redactToken, type AdminAccess } from './admin-guard.js';
import { Faults, NO_FAULTS, type FaultConfig } from './faults.js';
import { StateFile } from './persistence.js';
import { Journal, type JournalEntry } from './journal.js';
import { handleRequest, type PipelineDeps, type PipelineLimits } from './pipeline.js';
import { Router } from './router.js';
import type { FixtureSet, LoadedVendor, VendorOptions } from './types.js';

export interface MockOptions {
  vendors: Vendor[];
  fixtures: FixtureSet;
  vendorOptions: Partial<Record<Vendor, VendorOptions>>;
  /** Check every response the mock produces against the spec (development and test mode). */
  validateResponses: boolean;
  journalSize: number;
  limits: PipelineLimits;
  now: () => Date;
  faults: FaultConfig;
  /** `--cors`: how vendor paths answer CORS (default: as each vendor's server does). */
  cors: CorsPolicy;
  /** Load state from this file at start; write it atomically after changes and at shutdown. */
  stateFile?: string;
  admin: {
    /**
     * Require `Authorization: Bearer <token>` (or `X-Admin-Token`, or the dashboard's cookie) on
     * /__admin. Bound beyond loopback without one, the mock generates one (`mock.admin.token`).
     */
    token?: string;
    /** Serve /__admin on its own port instead of beside the vendors. */
    port?: number;
    /** Host names admin requests may address besides IP addresses, localhost and the bound name. */
    allowHosts?: string[];
  };
}

export const DEFAULT_LIMITS: PipelineLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxBodyBytes: 1024 * 1024, maxUrlLength: 8192, maxJsonDepth: 64, maxXmlDepth: 64 };

/** Request headers above this size are refused by Node with 431 before they reach the pipeline. */
const MAX_HEADER_BYTES = 16 * 1024;

export function defaultOptions(overrides: Partial<MockOptions> = {}): MockOptions {
  return {
    vendors: Object.keys(VENDOR_MODULES) as Vendor[],
    fixtures: 'default',
    vendorOptions: {},
    validateResponses: process.env.NODE_ENV !== 'production',
    journalSize: 10_000,
    limits: DEFAULT_LIMITS,
    now: () => new Date(),
    faults: NO_FAULTS,
    cors: DEFAULT_CORS,
    admin: {},
    ...overrides,
  };
}

/** The stateful mock: every selected vendor on one port, plus `/__admin`. */
export class MockServer {
  readonly vendors = new Map<string, LoadedVendor>();
  readonly journal: Journal;
  readonly faults = new Faults();
  readonly stateFile?: StateFile;
  /** The state file the start-up state came from (unset: the fixtures). */
  readonly stateLoadedFrom?: string;
  /** Who may drive /__admin; completed by `listen` (the bound name, a generated token). */
  readonly admin: AdminAccess;
  private readonly deps: PipelineDeps;
  private server?: Server;
  private adminServer?: Server;
  adminUrl?: string;

  constructor(readonly options: MockOptions) {
    const router = new Router();
    const specs = options.vendors.map((v) => loadSpec(v));
    for (const spec of specs) {
      const module = VENDOR_MODULES[spec.vendor];
      const vendorOptions = options.vendorOptions[spec.vendor] ?? {};
      const missing = spec.operations.filter((op) => !module.handlers[op.operationId]).map((op) => op.operationId);
      if (missing.length > 0) throw new Error(`${spec.vendor}: no handler for ${missing.join(', ')}`);
      this.vendors.set(spec.vendor, { module, spec, options: vendorOptions, state: module.createState(options.fixtures, vendorOptions) });
      router.addSpec(spec);
    }
    const validators: Map<string, OperationValidators> = compileValidators(specs);
    this.admin = { token: options.admin.token || undefined, allowHosts: options.admin.allowHosts ?? [] };
    this.journal = new Journal(options.journalSize);
    this.faults.set(options.faults);
    if (options.stateFile) {
      const stateFile = new StateFile(options.stateFile, () => this.serializeState());
      stateFile.removeStaleTemporaries();
      const saved = stateFile.read();
      // Loaded before the file is attached: what was just read from it need not be written back
      // (at 100,000 hosts that was a 5 s rewrite on every start).
      if (saved !== undefined) {
        try {
          this.loadState(saved);
        } catch (error) {
          throw new Error(`${options.stateFile}: ${(error as Error).message}; fix the file, move it away, or pass another --state-file`);
        }
        this.stateLoadedFrom = options.stateFile;
      }
      this.stateFile = stateFile;
    }
    this.deps = {
      router,
      vendors: this.vendors,
      validators,
      errorMediaTypes: new Map(specs.map((s) => [s.vendor, errorMediaTypes(s.document, this.vendors.get(s.vendor)!.module.errorSchema)])),
      limits: options.limits,
      faults: this.faults,
      cors: options.cors,
      validateResponses: options.validateResponses,
      changed: () => this.stateFile?.markDirty(),
      now: options.now,
    };
  }

  /** Back to the fixtures (all vendors, or one). */
  reset(vendor?: string): void {
    for (const [name, loaded] of this.vendors) {
      if (vendor && vendor !== name) continue;
      loaded.state = loaded.module.createState(this.options.fixtures, loaded.options);
    }
    this.stateFile?.markDirty();
  }

  dumpState(): Record<string, unknown> {
    return Object.fromEntries([...this.vendors].map(([name, v]) => [name, v.module.dumpState(v.state)]));
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
      if (!v.module.serializeState) {
        yield prefix + JSON.stringify(v.module.dumpState(v.state));
        continue;
      }
      yield prefix;
      yield* v.module.serializeState(v.state);
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
    for (const [name, state] of next) this.vendors.get(name)!.state = state;
    this.stateFile?.markDirty();
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const admin = (req.url ?? '/').startsWith('/__admin') && this.options.admin.port === undefined;
    const work = admin ? handleAdmin(this, req, res) : handleRequest(this.deps, req, res);
    work
      .then((outcome) => {
        const entry: Omit<JournalEntry, 'id'> = {
          time: isoNow(),
          method: req.method ?? 'GET',
          path: admin ? redactToken(req.url ?? '/') : (req.url ?? '/'),
          vendor: outcome.vendor,
          operationId: outcome.operationId,
          status: outcome.status,
          latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
          violations: outcome.violations,
        };
        if (outcome.violationsIn) entry.violationsIn = outcome.violationsIn;
        if (outcome.fault) entry.fault = outcome.fault;
        this.journal.add(entry);
      })
      .catch((error: unknown) => {
        console.error('understudy: request failed', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'understudy: internal error in the mock', status: 500 }));
      });
  };

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const { headersTimeoutMs } = this.options.limits;
    this.admin.boundHost = isIP(host) === 0 ? host : undefined;
    // Reachable from the network, the admin API (reset, state with live logins, faults) is never open.
    if (!this.admin.token && !isLoopbackHost(host)) {
      this.admin.token = generateToken();
      this.admin.tokenGenerated = true;
    }
    this.server = createServer(
      // Node checks for slow clients only every connectionsCheckingInterval (30 s by default).
      { maxHeaderSize: MAX_HEADER_BYTES, connectionsCheckingInterval: Math.max(50, Math.min(1000, headersTimeoutMs / 4)) },
      this.handle,
    );
    this.server.headersTimeout = this.options.limits.headersTimeoutMs;
    this.server.requestTimeout = this.options.limits.requestTimeoutMs;
    this.server.keepAliveTimeout = 5_000;
    const url = await listenOn(this.server, port, host);
    void warmUp(this.deps.validators).then(() => {
      for (const { module } of this.vendors.values()) module.warmUp?.();
    });
    if (this.options.admin.port !== undefined) {
      this.adminServer = createServer((req, res) => {
        void handleAdmin(this, req, res);
      });
      this.adminUrl = await listenOn(this.adminServer, this.options.admin.port, host);
    }
    return url;
  }

  /** Stops accepting, lets in-flight requests finish, then writes the state file one last time. */
  async close(): Promise<void> {
    // Open live feeds (the dashboard's event stream) would otherwise hold the server open.
    this.journal.close();
    await Promise.all([this.server, this.adminServer].map((server) => closeServer(server)));
    this.stateFile?.flush();
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

async function listenOn(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Media types in which a vendor documents its error schema, most used first. */
function errorMediaTypes(document: import('../spec/openapi.js').OpenApiDocument, errorSchema: string): string[] {
  const ref = `#/components/schemas/${errorSchema}`;
  const counts = new Map<string, number>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'content' && value && typeof value === 'object') {
        for (const [type, media] of Object.entries(value as Record<string, { schema?: { $ref?: string } }>)) {
          if (media?.schema?.$ref === ref) counts.set(type, (counts.get(type) ?? 0) + 1);
        }
      }
      visit(value);
    }
  };
  visit(document);
  const types = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  return types.length > 0 ? types : ['application/json'];
}
