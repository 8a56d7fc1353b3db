import type { OperationInfo } from '../spec/load.js';

/**
 * Names of what the proxy reports. The response checks are verify's own (src/conformance/checks),
 * so a violation seen live has the name a verify run would give it; the request checks and
 * `undocumented_operation` exist only here (verify sends only requests it built from the spec).
 */
export const REQUEST_CHECKS = [
  'undocumented_operation',
  'request_parameters_conformance',
  'request_body_conformance',
] as const;
export type RequestCheckName = (typeof REQUEST_CHECKS)[number];

export interface Violation {
  /** When the exchange finished. */
  at: Date;
  /** Sequence number of the exchange (1-based, in order of arrival). */
  exchange: number;
  method: string;
  /** Path and query as the client sent them (credentials redacted). */
  path: string;
  operationId?: string;
  check: string;
  message: string;
}

/** One request through the proxy and what came back, as the recorder and the checks see it. */
export interface ProxyExchange {
  seq: number;
  startedAt: Date;
  method: string;
  /** The path as the client sent it, without the query. */
  pathname: string;
  /** `?a=b` or `''`, exactly as sent. */
  search: string;
  /** Lower-case names; repeated headers joined with `, `. */
  requestHeaders: Record<string, string>;
  requestBody: string;
  /** The documented operation the request is for, if any. */
  op?: OperationInfo;
  /** Decoded path parameters by name, when `op` is set. */
  pathParams: Record<string, string>;
  response?: {
    status: number;
    /** Lower-case names; repeated headers joined with `, `. */
    headers: Record<string, string>;
    /** The body as text (decompressed when the upstream compressed it). */
    text: string;
    durationMs: number;
  };
  /** No response: the upstream could not be reached, or timed out. */
  error?: string;
  violations: Violation[];
}
