import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSpec } from '../spec/load.js';
import { compileValidators, type OperationValidators } from '../spec/validators.js';
import type { Vendor } from '../spec/vendors.js';
import { VENDOR_MODULES } from '../vendors/index.js';
import { handleAdmin } from './admin.js';
import { Journal } from './journal.js';
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
}

export const DEFAULT_LIMITS: PipelineLimits = { maxBodyBytes: 1024 * 1024, maxJsonDepth: 64, maxXmlDepth: 64 };

export function defaultOptions(overrides: Partial<MockOptions> = {}): MockOptions {
  return {
    vendors: Object.keys(VENDOR_MODULES) as Vendor[],
    fixtures: 'default',
    vendorOptions: {},
    validateResponses: process.env.NODE_ENV !== 'production',
    journalSize: 10_000,
    limits: DEFAULT_LIMITS,
    now: () => new Date(),
    ...overrides,
  };
}

/** The stateful mock: every selected vendor on one port, plus `/__admin`. */
export class MockServer {
  readonly vendors = new Map<string, LoadedVendor>();
  readonly journal: Journal;
  private readonly deps: PipelineDeps;
  private server?: Server;

  constructor(readonly options: MockOptions) {
    const router = new Router();
    const specs = options.vendors.map((v) => loadSpec(v));
    for (const spec of specs) {
      const module = VENDOR_MODULES[spec.vendor];
      if (!module) throw new Error(`vendor ${spec.vendor} has no mock module`);
      const vendorOptions = options.vendorOptions[spec.vendor] ?? {};
      const missing = spec.operations.filter((op) => !module.handlers[op.operationId]).map((op) => op.operationId);
      if (missing.length > 0) throw new Error(`${spec.vendor}: no handler for ${missing.join(', ')}`);
      this.vendors.set(spec.vendor, { module, spec, options: vendorOptions, state: module.createState(options.fixtures, vendorOptions) });
      for (const op of spec.operations) router.add(op);
    }
    const validators: Map<string, OperationValidators> = compileValidators(specs);
    this.journal = new Journal(options.journalSize);
    this.deps = {
      router,
      vendors: this.vendors,
      validators,
      errorMediaTypes: new Map(specs.map((s) => [s.vendor, errorMediaTypes(s.document, this.vendors.get(s.vendor)!.module.errorSchema)])),
      limits: options.limits,
      validateResponses: options.validateResponses,
      changed: () => undefined,
      now: options.now,
    };
  }

  /** Back to the fixtures (all vendors, or one). */
  reset(vendor?: string): void {
    for (const [name, loaded] of this.vendors) {
      if (vendor && vendor !== name) continue;
      loaded.state = loaded.module.createState(this.options.fixtures, loaded.options);
    }
  }

  dumpState(): Record<string, unknown> {
    return Object.fromEntries([...this.vendors].map(([name, v]) => [name, v.module.dumpState(v.state)]));
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
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    const work = path.startsWith('/__admin')
      ? handleAdmin(this, req, res)
      : handleRequest(this.deps, req, res);
    work
      .then((outcome) => {
        this.journal.add({
          time: new Date().toISOString(),
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          vendor: outcome.vendor,
          operationId: outcome.operationId,
          status: outcome.status,
          latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
          violations: outcome.violations,
        });
      })
      .catch((error: unknown) => {
        console.error('understudy: request failed', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'understudy: internal error in the mock', status: 500 }));
      });
  };

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer(this.handle);
    this.server.keepAliveTimeout = 5_000;
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
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
