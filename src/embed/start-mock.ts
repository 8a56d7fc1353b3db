import { DEFAULT_LIMITS, defaultOptions, MockServer } from '../mock/server.js';
import { checkVendorOptions } from '../mock/vendor-options-check.js';
import { nodeAjv } from '../spec/precompiled.js';
import { vendorNames } from '../vendors/registry.js';
import { sessionLimits, type CreateMockOptions } from './create-mock.js';

export interface StartMockOptions extends CreateMockOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** Default 127.0.0.1. Off loopback the admin API takes a token (`adminToken`, else one is generated). */
  host?: string;
  adminToken?: string;
  /** Keep state in this file across restarts, as `--state-file` does. */
  stateFile?: string;
}

export interface StartedMock {
  /** `http://127.0.0.1:<port>`: the vendors' paths and `/__admin` live under it. */
  url: string;
  /** The server itself (its core, journal, state), for tests that look inside. */
  server: MockServer;
  close(): Promise<void>;
}

/** The mock as a server in this process, for tests whose client needs a socket. */
export async function startMock(options: StartMockOptions = {}): Promise<StartedMock> {
  const server = new MockServer(
    defaultOptions({
      vendors: [...(options.vendors ?? vendorNames())],
      ...(options.fixtures ? { fixtures: options.fixtures } : {}),
      vendorOptions: checkVendorOptions(
        options.vendorOptions ?? {},
        'startMock({ vendorOptions })',
        () => nodeAjv().Ajv2020,
      ),
      ...(options.validateResponses === undefined ? {} : { validateResponses: options.validateResponses }),
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.cors ? { cors: options.cors } : {}),
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      ...(options.journalSize ? { journalSize: options.journalSize } : {}),
      ...(options.now ? { now: options.now } : {}),
      sessions: sessionLimits(options.sessions),
      stateFile: options.stateFile,
      admin: { token: options.adminToken },
    }),
  );
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return { url, server, close: () => server.close() };
}
