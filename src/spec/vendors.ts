import { didYouMean } from '../common/did-you-mean.js';

export const VENDORS = ['groundwork', 'moogsoft', 'polarity', 'boomi'] as const;
export type Vendor = (typeof VENDORS)[number];

export function isVendor(name: string): name is Vendor {
  return (VENDORS as readonly string[]).includes(name);
}

/** What every command says of a vendor it does not know: the near miss, then the choices. */
export function unknownVendor(name: string): string {
  return `unknown vendor '${name}'${didYouMean(name, VENDORS)}: choose from ${VENDORS.join(', ')}`;
}

/** Parses a `--vendor a,b` list, naming the bad entry and the valid ones on a typo. */
export function parseVendorList(list: string | undefined): Vendor[] {
  if (!list) return [...VENDORS];
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!isVendor(name)) throw new Error(unknownVendor(name));
  }
  return names as Vendor[];
}
