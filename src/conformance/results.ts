/**
 * What a verify run produces: the shape of the JSON report (documented in reports/README.md).
 * Bump SCHEMA_VERSION on any change a consumer could notice.
 */
export const SCHEMA_VERSION = 2;

/**
 * Versions `understudy report` reads. Version 2 added the `unmet` outcome (a precondition the
 * target's data does not meet), the `precondition` exchange variant, `unmet` per operation and
 * the read-only fields; a version 1 report reads as one with none of those.
 */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [1, 2];

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

/**
 * `main` is the step as written; `no-credentials` and `bad-credentials` replay it for ignored_auth;
 * `precondition` is a request that checked a precondition the step requires.
 */
export type Variant = 'main' | 'no-credentials' | 'bad-credentials' | 'precondition';

export interface ExchangeResult {
  variant: Variant;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** No response: connection refused, timeout, ... */
  error?: string;
  /** How many times the request was sent (a step with `poll` repeats it). */
  attempts: number;
  checks: CheckResult[];
  /** A `precondition` exchange: which precondition it checked, and the operation it sent. */
  precondition?: { name: string; description: string; operationId: string; met: boolean };
}

/**
 * `unmet`: the step was not run because the target lacks data it needs (a precondition not met,
 * or a step it depends on was not run for that reason or skipped by --read-only). Not a failure.
 * `skipped`: not run by choice (--read-only, --bail) or because an earlier step errored.
 */
export type Outcome = 'passed' | 'failed' | 'error' | 'skipped' | 'unmet';

export interface StepResult {
  index: number;
  name: string;
  operationId: string;
  method: string;
  path: string;
  /** Line of the step in its scenario file. */
  line: number;
  /** `cleanup`: a step of the scenario's clean-up phase, run whatever the other steps did. */
  phase?: 'cleanup';
  status: Outcome;
  /** Why the step errored, was skipped, or did not run for an unmet precondition. */
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

/** vendor → operationId → steps of that operation not run for an unmet precondition (shown apart). */
export type UnmetMatrix = Record<string, Record<string, number>>;

export interface VerifyResult {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'understudy'; version: string };
  target: { name: string; urls: Record<string, string> };
  startedAt: string;
  durationMs: number;
  vendors: string[];
  /** True when every check passed and no step errored (unmet preconditions are not failures). */
  ok: boolean;
  /** Run with --read-only: steps that change state were skipped (`summary.skippedWrites`). */
  readOnly: boolean;
  summary: {
    scenarios: Record<Outcome, number>;
    steps: Record<Outcome, number>;
    checks: Record<CheckName, Tally>;
    /** Steps --read-only skipped because they change state. */
    skippedWrites: number;
  };
  coverage: Coverage[];
  matrix: OperationMatrix;
  unmet: UnmetMatrix;
  scenarios: ScenarioResult[];
}

export function emptyOutcomes(): Record<Outcome, number> {
  return { passed: 0, failed: 0, error: 0, skipped: 0, unmet: 0 };
}
