export const VENDORS = ['groundwork', 'moogsoft', 'polarity', 'boomi'] as const;
export type Vendor = (typeof VENDORS)[number];

export function isVendor(name: string): name is Vendor {
  return (VENDORS as readonly string[]).includes(name);
}

/** Parses a `--vendor a,b` list, naming the bad entry and the valid ones on a typo. */
export function parseVendorList(list: string | undefined): Vendor[] {
  if (!list) return [...VENDORS];
  const names = list.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const name of names) {
    if (!isVendor(name)) throw new Error(`unknown vendor '${name}': choose from ${VENDORS.join(', ')}`);
  }
  return names as Vendor[];
}
