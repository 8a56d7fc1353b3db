import { MockServer, defaultOptions, type MockOptions } from '../../src/mock/server.js';

export interface RunningMock {
  url: string;
  mock: MockServer;
  close(): Promise<void>;
}

/** Starts the mock on 127.0.0.1:0 with response validation on, as tests require. */
export async function startMock(overrides: Partial<MockOptions> = {}): Promise<RunningMock> {
  const mock = new MockServer(defaultOptions({ validateResponses: true, ...overrides }));
  const url = await mock.listen(0, '127.0.0.1');
  return { url, mock, close: () => mock.close() };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The mock's journal must show no spec violation in its own responses. */
export function violations(mock: MockServer): string[] {
  return mock.journal
    .list()
    .filter((e) => e.status >= 500 && e.violations.length > 0)
    .flatMap((e) => e.violations.map((v) => `${e.method} ${e.path}: ${v}`));
}
