/**
 * `understudy fuzz`: requests generated from the specs (fast-check arbitraries over the operation
 * schemas), valid and invalid, checked by verify's response checks and the fuzzer's own
 * (src/fuzz/checks.ts). Reproducible by seed; bounded by request count and time.
 */
export { CASE_KINDS, INVALID_KINDS } from './cases.js';
export type { CaseKind } from './types.js';
export { FUZZ_CHECK_NAMES, type FuzzCheckName } from './checks.js';
export { curlCommand } from './curl.js';
export { DEFAULT_FUZZ_LIMITS, type FuzzLimits } from './model.js';
export { asVerifyResult, type FuzzFailure, type FuzzRunResult } from './results.js';
export {
  DEFAULT_FUZZ_TIMEOUT_MS,
  DEFAULT_REQUESTS,
  FuzzUsageError,
  runFuzz,
  type FuzzOptions,
  type FuzzProgress,
} from './run.js';
export { fuzzSummary, fuzzProgress } from './summary.js';
