// The vendors' mock modules (handlers, state): what the mock serves. `verify`, `fuzz` and `proxy`
// read descriptors from ./registry.ts and never load these.
import { BUILT_IN_MODULES } from '../generated/vendor-modules.js';
import type { VendorModule } from '../mock/types.js';
import { addVendorDescriptor, removeVendorDescriptor, unknownVendor } from './registry.js';
import type { Vendor } from './types.js';

// Each module has its own state type, used both ways (created and dumped): only `any` holds them all.
/* eslint-disable @typescript-eslint/no-explicit-any */
const modules = new Map<string, VendorModule<any>>(BUILT_IN_MODULES.map((m) => [m.vendor, m]));

export function vendorModule(vendor: Vendor): VendorModule<any> {
  const module = modules.get(vendor);
  if (!module) throw new Error(unknownVendor(vendor));
  return module;
}

/**
 * Adds a vendor outside this package (a plug-in, or a test's example vendor): from then on the
 * mock serves it and `verify`, `fuzz` and `proxy` know it, as they know the built-in ones. Its
 * spec is read from `specFile`; an in-process mock without file access (a browser) takes `document`.
 */
export function registerVendor(module: VendorModule<any>): void {
  addVendorDescriptor(module);
  modules.set(module.vendor, module);
}

/**
 * Takes back a vendor `registerVendor` added (a test's example vendor, after its tests): from then
 * on the mock, `verify`, `fuzz` and `proxy` no longer know it, as before it was registered, and it
 * may be registered again. A built-in vendor cannot be taken back.
 */
export function unregisterVendor(vendor: string): void {
  removeVendorDescriptor(vendor);
  modules.delete(vendor);
}
/* eslint-enable @typescript-eslint/no-explicit-any */
