import { BUILT_IN_DOCUMENTS } from '../generated/documents/index.js';
import type { VendorDescriptor } from '../vendors/descriptor.js';
import { vendorModule } from '../vendors/index.js';
import { vendorDescriptor } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';
import { indexSpec, type LoadedSpec } from './spec-index.js';

// The specs as the package carries them in code (generated from specs/*.yaml and held equal to
// them by generate:check): what an in-process mock reads where there are no files (a browser). A
// vendor registered at run time brings its own (`document` on its module). Kept by the vendor's
// descriptor: a vendor taken back (`unregisterVendor`) takes its spec with it.
const cache = new WeakMap<VendorDescriptor, LoadedSpec>();

export function bundledSpec(vendor: Vendor): LoadedSpec {
  const descriptor = vendorDescriptor(vendor);
  let spec = cache.get(descriptor);
  if (!spec) {
    const document = BUILT_IN_DOCUMENTS[vendor] ?? vendorModule(vendor).document;
    if (!document)
      throw new TypeError(
        `${vendor}: an in-process mock reads specs as data: register the vendor with its \`document\``,
      );
    spec = indexSpec(vendor, document);
    cache.set(descriptor, spec);
  }
  return spec;
}
