import { pointerGet } from '../conformance/auth.js';
import type { HttpResponse } from '../conformance/http.js';
import { interpolate } from '../conformance/interpolate.js';
import { bodyKind } from '../spec/codec.js';
import { vendorDescriptor, type Vendor } from '../vendors/registry.js';
import { requestExampleValues } from './generate.js';
import type { OperationModel, VendorModel } from './model.js';
import type { Rng } from './random.js';

/**
 * use_after_free: create something, delete it (or log out, or consume it), then use it again; the
 * target must answer that it is gone. The specs have no links between operations, so each vendor names its
 * lifecycles by operationId on its descriptor (`lifecycles`), using what that vendor has:
 * GroundWork hosts and login sessions, Boomi's one-time listener status tokens. Moogsoft and
 * Polarity have nothing to create and delete. Bodies start from the spec's examples.
 */

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

function example<T>(model: OperationModel | undefined, fallback: T): T {
  const first = model ? requestExampleValues(model)[0] : undefined;
  return (first === undefined ? fallback : structuredClone(first)) as T;
}

function jsonOrXml(model: OperationModel | undefined, rng: Rng): string {
  const types = model?.bodyTypes.filter((t) => bodyKind(t) === 'json' || bodyKind(t) === 'xml') ?? [];
  return types.length > 0 ? rng.pick(types) : 'application/json';
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

const KIT: LifecycleKit = { example, requestExamples: requestExampleValues, jsonOrXml, interpolate, pointerGet };

/** Every lifecycle the vendor's spec and credentials allow. */
export function lifecyclesFor(vendor: VendorModel): Lifecycle[] {
  return vendorDescriptor(vendor.vendor).lifecycles?.(vendor, KIT) ?? [];
}
