// The vendors understudy knows: the built-in ones, and any registered at run time (`registerVendor`
// in src/vendors/index.ts, taken back by `unregisterVendor`). Everything that lists, names or checks a
// vendor asks here; a vendor's facts live on its descriptor (src/vendors/descriptor.ts).
import { didYouMean } from '../common/did-you-mean.js';
import { BUILT_IN_VENDORS } from './built-in.js';
import type { VendorDescriptor } from './descriptor.js';
import type { Vendor } from './types.js';

const descriptors = new Map<string, VendorDescriptor>(BUILT_IN_VENDORS.map((d) => [d.vendor, d]));

/** Every vendor, built-in ones first, in the order reports and help list them. */
export function vendorNames(): Vendor[] {
  return [...descriptors.keys()];
}

export function isVendor(name: string): name is Vendor {
  return descriptors.has(name);
}

export function vendorDescriptor(name: Vendor): VendorDescriptor {
  const descriptor = descriptors.get(name);
  if (!descriptor) throw new Error(unknownVendor(name));
  return descriptor;
}

/** Adds a vendor's descriptor; its name must be new, lower case, and usable in URLs and variable names. */
export function addVendorDescriptor(descriptor: VendorDescriptor): void {
  if (!/^[a-z][a-z0-9]*$/.test(descriptor.vendor))
    throw new TypeError(
      `vendor name '${descriptor.vendor}': use lower-case letters and digits, starting with a letter`,
    );
  if (descriptors.has(descriptor.vendor)) throw new TypeError(`vendor '${descriptor.vendor}' is already registered`);
  descriptors.set(descriptor.vendor, descriptor);
}

/**
 * Takes back a vendor added at run time: from then on no list, check or name knows it, and what was
 * kept for it (its spec, its option check) is kept by its descriptor, so it goes with it. The
 * built-in vendors stay.
 */
export function removeVendorDescriptor(name: string): void {
  if (BUILT_IN_VENDORS.some((d) => d.vendor === name)) throw new TypeError(`vendor '${name}' is built in`);
  if (!descriptors.delete(name)) throw new Error(unknownVendor(name));
}

/** What every command says of a vendor it does not know: the near miss, then the choices. */
export function unknownVendor(name: string): string {
  const names = vendorNames();
  return `unknown vendor '${name}'${didYouMean(name, names)}: choose from ${names.join(', ')}`;
}

/** Parses a `--vendor a,b` list, naming the bad entry and the valid ones on a typo. */
export function parseVendorList(list: string | undefined): Vendor[] {
  if (!list) return vendorNames();
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!isVendor(name)) throw new Error(unknownVendor(name));
  }
  return names;
}
