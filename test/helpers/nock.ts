import nock from 'nock';

/**
 * nock for one test file (or one call) only. nock patches node:http from its first import until
 * restored, and test files share a worker's modules (test/vitest.config.ts `isolate: false`): left
 * on, it would intercept the next file's requests (a raw request target such as `//x` then fails in
 * nock's URL parsing before reaching the server). So a file turns it on for itself and off after.
 */
export function nockOn(options: { allow?: string } = {}): void {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  if (options.allow !== undefined) nock.enableNetConnect(options.allow);
}

/** Interceptors gone, the network open again, node:http as it was. */
export function nockOff(): void {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
}
