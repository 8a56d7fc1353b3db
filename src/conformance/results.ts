/**
 * What a verify run produces: the shape of the JSON report (documented in reports/README.md).
 * Bump SCHEMA_VERSION on any change a consumer could notice.
 */
export const SCHEMA_VERSION = 1;

/** The checks of one exchange against the spec, which `verify` and `fuzz` both run. */
export const RESPONSE_CHECK_NAMES = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'ignored_auth',
] as const;

export const CHECK_NAMES = [...RESPONSE_CHECK_NAMES, 'expected_state'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface CheckResult {
  check: CheckName;
  status: 'passed' | 'failed';
  message?: string;
  /** JSON pointer into the response body, when the failure is about one field. */
  pointer?: string;
  expected?: unknown;
  actual?: unknown;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text, cut at 16 KiB. */
  body: string;
  durationMs: number;
}

/** `main` is the step as written; the others replay it for ignored_auth. */
export type Variant = 'main' | 'no-credentials' | 'bad-credentials';

export interface ExchangeResult {
  variant: Variant;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** No response: connection refused, timeout, ... */
  error?: string;
  /** How many times the request was sent (a step with `poll` repeats it). */
  attempts: number;
  checks: CheckResult[];
}

export type Outcome = 'passed' | 'failed' | 'error' | 'skipped';

export interface StepResult {
  index: number;
  name: string;
  operationId: string;
  method: string;
  path: string;
  /** Line of the step in its scenario file. */
  line: number;
  status: Outcome;
  /** Why the step errored or was skipped. */
  message?: string;
  exchanges: ExchangeResult[];
  durationMs: number;
}

export interface ScenarioResult {
  vendor: string;
  name: string;
  file: string;
  source: string;
  status: Outcome;
  durationMs: number;
  steps: StepResult[];
}

export interface Coverage {
  vendor: string;
  operations: { covered: number; specified: number; missing: string[] };
  /** Examples taken from the vendor's documents (every spec example not marked illustrative). */
  examples: { replayed: number; present: number; missing: string[] };
  /** Examples the spec adds for shapes the documents show no example of (summary says "Illustrative"). */
  illustrative?: { replayed: number; present: number; missing: string[] };
}

export interface Tally {
  passed: number;
  failed: number;
}

/** vendor → operationId → check → tally: the cells of the compatibility matrix. */
export type OperationMatrix = Record<string, Record<string, Partial<Record<CheckName, Tally>>>>;

export interface VerifyResult {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'understudy'; version: string };
  target: { name: string; urls: Record<string, string> };
  startedAt: string;
  durationMs: number;
  vendors: string[];
  /** True when every check passed and no step errored. */
  ok: boolean;
  summary: {
    scenarios: Record<Outcome, number>;
    steps: Record<Outcome, number>;
    checks: Record<CheckName, Tally>;
  };
  coverage: Coverage[];
  matrix: OperationMatrix;
  scenarios: ScenarioResult[];
}

export function emptyOutcomes(): Record<Outcome, number> {
  return { passed: 0, failed: 0, error: 0, skipped: 0 };
}
