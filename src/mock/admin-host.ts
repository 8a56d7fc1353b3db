import type { MockCore } from '../core/mock-core.js';
import type { AdminAccess } from './admin-guard.js';
import type { StateFile } from './persistence.js';

/**
 * What `/__admin` and the dashboard need of the server they run in, and no more: MockServer is one,
 * and admin.ts and ui.ts depend on this instead of on the server that imports them.
 */
export interface AdminHost {
  /** Who may drive /__admin: the token and the host names admin requests may address. */
  readonly admin: AdminAccess;
  readonly options: Pick<MockCore['options'], 'validateResponses'>;
  readonly vendors: MockCore['vendors'];
  readonly journal: MockCore['journal'];
  readonly faults: MockCore['faults'];
  readonly sessions: MockCore['sessions'];
  readonly core: Pick<MockCore, 'listSessions'>;
  readonly stateFile?: Pick<StateFile, 'path' | 'writes' | 'lastWriteMs' | 'delayMs'>;
  /** Back to the fixtures (all vendors, or one; the shared state, or a session's). */
  reset(vendor?: string, session?: string): void;
  /** The state as JSON text, piece by piece; the first piece throws for an unknown session. */
  serializeState(session?: string): Generator<string>;
  /** Loads a dump; every vendor is read before any is replaced, so a bad dump changes nothing. */
  loadState(dump: Record<string, unknown>, session?: string): void;
}
