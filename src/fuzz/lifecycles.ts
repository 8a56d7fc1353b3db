import { pointerGet } from '../conformance/auth.js';
import { interpolate } from '../conformance/interpolate.js';
import { bodyKind } from '../spec/codec.js';
import { vendorDescriptor } from '../vendors/registry.js';
import { requestExampleValues } from './generate.js';
import type { Lifecycle, LifecycleKit } from './lifecycle-types.js';
import type { OperationModel, VendorModel } from './model-types.js';
import type { Rng } from './random.js';

/**
 * use_after_free: create something, delete it (or log out, or consume it), then use it again; the
 * target must answer that it is gone. The specs have no links between operations, so each vendor names its
 * lifecycles by operationId on its descriptor (`lifecycles`), using what that vendor has:
 * GroundWork hosts and login sessions, Boomi's one-time listener status tokens. Moogsoft and
 * Polarity have nothing to create and delete. Bodies start from the spec's examples.
 */

function example<T>(model: OperationModel | undefined, fallback: T): T {
  const first = model ? requestExampleValues(model)[0] : undefined;
  return (first === undefined ? fallback : structuredClone(first)) as T;
}

function jsonOrXml(model: OperationModel | undefined, rng: Rng): string {
  const types = model?.bodyTypes.filter((t) => bodyKind(t) === 'json' || bodyKind(t) === 'xml') ?? [];
  return types.length > 0 ? rng.pick(types) : 'application/json';
}

const KIT: LifecycleKit = { example, requestExamples: requestExampleValues, jsonOrXml, interpolate, pointerGet };

/** Every lifecycle the vendor's spec and credentials allow. */
export function lifecyclesFor(vendor: VendorModel): Lifecycle[] {
  return vendorDescriptor(vendor.vendor).lifecycles?.(vendor, KIT) ?? [];
}
