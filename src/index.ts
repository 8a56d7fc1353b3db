// `import { createMock, startMock } from 'understudy'`: the mock in a test process, with or without a socket.
export {
  createMock,
  type CreateMockOptions,
  type EmbeddedMock,
  type MockSession,
  type MockState,
} from './embed/create-mock.js';
export type { SessionInfo } from './core/mock-core.js';
export { startMock, type StartedMock, type StartMockOptions } from './embed/start-mock.js';
export type { PlainReply, PlainRequest, RequestHeaders } from './core/http.js';
export type { JournalEntry } from './mock/journal.js';
export type { FaultConfig, FaultRule } from './mock/faults.js';
export type { FixtureSet, VendorOptions } from './mock/types.js';
export type { Vendor } from './vendors/types.js';
