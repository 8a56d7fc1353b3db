// What a vendor's fuzz life cycles are made of, apart from the code that runs them
// (./lifecycles.ts): types only, so that a vendor's descriptor can name them without loading fuzz.
import type { HttpResponse } from '../conformance/http.js';
import type { Rng } from '../common/random.js';
import type { Vendor } from '../vendors/types.js';
import type { OperationModel } from './model-types.js';

export type LifecycleVars = Map<string, string>;

export interface LifecycleRequest {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: { mediaType: string; value: unknown };
  /** Credentials for this step instead of the run's own (a token the lifecycle obtained itself). */
  credentials?: Record<string, string>;
}

export interface LifecycleStep {
  operationId: string;
  request(vars: LifecycleVars): LifecycleRequest;
  /** `setup` must succeed (2xx) for the lifecycle to go on; `gone` is the use after free. */
  role: 'setup' | 'gone';
  /** For `gone`: the statuses that say the thing no longer exists. */
  gone?: number[];
  /** Takes what later steps need from the answer; false when it is not there. */
  capture?(response: HttpResponse, vars: LifecycleVars): boolean;
  /** Ask again while the answer has one of these statuses (Boomi's 202 "still working"). */
  pollWhile?: number[];
}

export interface Lifecycle {
  vendor: Vendor;
  name: string;
  /** What is freed and how it is used again, for reports. */
  description: string;
  steps: LifecycleStep[];
  /** The lifecycle's own names (host name, device), drawn from the case's generator. */
  vars(rng: Rng): LifecycleVars;
}

/**
 * What a vendor's lifecycles build with, handed to them so that a vendor descriptor imports no
 * fuzz code (`verify` and the browser bundle load descriptors, not the fuzzer).
 */
export interface LifecycleKit {
  /** The operation's first request example (a copy), or `fallback`. */
  example<T>(model: OperationModel | undefined, fallback: T): T;
  /** Every request example of the operation, decoded. */
  requestExamples(model: OperationModel): unknown[];
  /** JSON or XML, whichever of them the operation accepts, drawn at random. */
  jsonOrXml(model: OperationModel | undefined, rng: Rng): string;
  /** `{{name}}` templates filled from `vars`. */
  interpolate(value: unknown, vars: Map<string, unknown>): unknown;
  /** The value at a JSON pointer (`/asyncToken/token`). */
  pointerGet(value: unknown, pointer: string): unknown;
}
