// Types fuzz's case planner (cases.ts) and its checks (checks.ts) share, apart from both.
import type { NegativeKind } from './generate.js';

export type CaseKind =
  | 'valid'
  | NegativeKind
  | 'no-credentials'
  | 'bad-credentials'
  | 'missing-header'
  | 'unsupported-method'
  | 'use-after-free';

/** What the case knows about the exchange beyond request and response. */
export interface FuzzFacts {
  kind: CaseKind;
  description: string;
  /** Whether the oracle accepts the request as sent (undefined: not judged, e.g. a replay without credentials). */
  valid?: boolean;
  /** The oracle's reasons, for an invalid request. */
  reasons?: string[];
  /** Statuses the HTTP protocol prescribes for what the case provokes (413, 414, 415). */
  protocolStatuses?: number[];
  /** unsupported_method: the methods documented on the path, and the one sent. */
  documentedMethods?: string[];
  /** missing_required_header: the header left out, and whether it carries credentials. */
  droppedHeader?: { name: string; credential: boolean };
  /** use_after_free: the lifecycle step's role and the statuses meaning "gone". */
  role?: 'setup' | 'gone';
  gone?: number[];
}
