import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { serveNode } from '../adapters/node-http.js';
import { MockCore, type CoreOptions } from '../core/mock-core.js';
import { DEFAULT_LIMITS } from '../core/pipeline.js';
import { DEFAULT_SESSION_LIMITS } from '../core/sessions.js';
import { loadSpec } from '../spec/load.js';
import { precompiledCompiler } from '../spec/precompiled.js';
import { warmUp } from '../spec/validators.js';
import { vendorNames } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';
import { handleAdmin } from './admin.js';
import type { AdminHost } from './admin-host.js';
import { DEFAULT_CORS } from './cors.js';
import { generateToken, isLoopbackHost, redactToken, type AdminAccess } from './admin-guard.js';
import { NO_FAULTS } from './faults.js';
import { StateFile } from './persistence.js';

export { DEFAULT_LIMITS } from '../core/pipeline.js';

export interface MockOptions extends Omit<CoreOptions, 'specs' | 'schemaCompiler'> {
  vendors: Vendor[];
  /** Load state from this file at start; write it atomically after changes and at shutdown. */
  stateFile?: string;
  /**
   * A large state file's hosts are parsed after the mock listens (GroundWork's lazy load): a broken
   * one found then is handed here, its message as a start on that file would have thrown it. By
   * default it is printed to stderr and the mock goes on answering (what needs the hosts it could
   * not build is a 500): an embedding process is not ended by its mock. The CLI's handler ends it:
   * `understudy mock` exits with status 2, as a start on that file would have (src/commands/mock.ts).
   */
  onStateFileError?: (error: Error) => void;
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

/** Request headers above this size are refused by Node with 431 before they reach the pipeline. */
export const MAX_HEADER_BYTES = 16 * 1024;

export function defaultOptions(overrides: Partial<MockOptions> = {}): MockOptions {
  return {
    vendors: vendorNames(),
    fixtures: 'default',
    vendorOptions: {},
    validateResponses: process.env.NODE_ENV !== 'production',
    journalSize: 10_000,
    limits: DEFAULT_LIMITS,
    now: () => new Date(),
    faults: NO_FAULTS,
    cors: DEFAULT_CORS,
    sessions: DEFAULT_SESSION_LIMITS,
    admin: {},
    ...overrides,
  };
}

/** The stateful mock as a server: every selected vendor on one port, plus `/__admin`, over a MockCore. */
export class MockServer implements AdminHost {
  readonly core: MockCore;
  readonly stateFile?: StateFile;
  /** The state file the start-up state came from (unset: the fixtures). */
  readonly stateLoadedFrom?: string;
  /** Who may drive /__admin; completed by `listen` (the bound name, a generated token). */
  readonly admin: AdminAccess;
  private server?: Server;
  private adminServer?: Server;
  adminUrl?: string;

  constructor(readonly options: MockOptions) {
    this.core = new MockCore({
      ...options,
      specs: options.vendors.map((v) => loadSpec(v)),
      schemaCompiler: (specs) => {
        const compiler = precompiledCompiler(specs);
        // Read before the server says it is ready: a first request must not wait for them.
        compiler.preload(options.validateResponses ? ['requests', 'responses'] : ['requests']);
        return compiler;
      },
    });
    this.admin = { token: options.admin.token || undefined, allowHosts: options.admin.allowHosts ?? [] };
    if (options.stateFile) {
      const stateFile = new StateFile(options.stateFile, () => this.serializeState());
      stateFile.removeStaleTemporaries();
      // Loaded before the file is attached: what was just read from it need not be written back
      // (a large state's rewrite is long: `npm run bench:scale` reports each write's time).
      const broken = (error: unknown): Error =>
        new Error(
          `${options.stateFile}: ${(error as Error).message}; fix the file, move it away, or pass another --state-file`,
          { cause: error },
        );
      const loaded = stateFile.read(
        (vendor) => this.core.vendors.get(vendor)?.module.streamedLists ?? [],
        (saved) => {
          try {
            this.loadState(saved);
          } catch (error) {
            throw broken(error);
          }
          return true;
        },
        {
          nameKey: (vendor, list) => this.core.vendors.get(vendor)?.module.streamedNames?.[list],
          onLateError: (error) => (options.onStateFileError ?? printLateError)(broken(error)),
        },
      );
      if (loaded) this.stateLoadedFrom = options.stateFile;
      this.stateFile = stateFile;
      this.core.onChange(() => stateFile.markDirty());
    }
  }

  get vendors(): MockCore['vendors'] {
    return this.core.vendors;
  }

  get journal(): MockCore['journal'] {
    return this.core.journal;
  }

  get faults(): MockCore['faults'] {
    return this.core.faults;
  }

  get sessions(): MockCore['sessions'] {
    return this.core.sessions;
  }

  /** Back to the fixtures (all vendors, or one; the shared state, or a session's). */
  reset(vendor?: string, session?: string): void {
    this.core.reset(vendor, session);
  }

  dumpState(session?: string): Record<string, unknown> {
    return this.core.dumpState(session);
  }

  /** See MockCore.serializeState: one snapshot, consumed in one go. */
  serializeState(session?: string): Generator<string> {
    return this.core.serializeState(session);
  }

  /** Loads a dump; every vendor is read before any is replaced, so a bad dump changes nothing. */
  loadState(dump: Record<string, unknown>, session?: string): void {
    this.core.loadState(dump, session);
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (this.options.admin.port !== undefined || !(req.url ?? '/').startsWith('/__admin')) {
      serveNode(this.core, req, res);
      return;
    }
    const started = performance.now();
    handleAdmin(this, req, res)
      .then((outcome) => this.core.record(req.method ?? 'GET', redactToken(req.url ?? '/'), outcome, started))
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
      {
        maxHeaderSize: MAX_HEADER_BYTES,
        connectionsCheckingInterval: Math.max(50, Math.min(1000, headersTimeoutMs / 4)),
      },
      this.handle,
    );
    this.server.headersTimeout = this.options.limits.headersTimeoutMs;
    this.server.requestTimeout = this.options.limits.requestTimeoutMs;
    this.server.keepAliveTimeout = 5_000;
    const url = await listenOn(this.server, port, host);
    void warmUp(this.core.validators);
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

/** A state file found broken after the mock listened, told where a start's failure would be. */
function printLateError(error: Error): void {
  process.stderr.write(`understudy: ${error.message}\n`);
}

/**
 * Each server's connections that have not sent a request yet. Node's `closeIdleConnections` (Node 20)
 * leaves them open, and `close()` then waits for the client: a browser's preconnected socket held a
 * closing mock for a minute (Chromium's idle timeout). Once a request arrives, Node's own bookkeeping
 * (in flight, or idle keep-alive) takes over.
 */
const unused = new WeakMap<Server, Set<Socket>>();

function trackUnused(server: Server): void {
  const sockets = new Set<Socket>();
  unused.set(server, sockets);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage) => sockets.delete(req.socket));
}

async function listenOn(server: Server, port: number, host: string): Promise<string> {
  trackUnused(server);
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
    for (const socket of unused.get(server) ?? []) socket.destroy();
  });
}
