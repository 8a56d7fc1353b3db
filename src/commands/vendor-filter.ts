import { Option } from 'commander';
import { parseVendorList, vendorNames } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';

type Spelling = '--vendor' | '--vendors';

const other = (flag: Spelling): Spelling => (flag === '--vendor' ? '--vendors' : '--vendor');

/**
 * `--vendor` and `--vendors` are one flag on every command that picks vendors (`mock --vendors` and
 * `verify --vendor` were each documented one way, and users type either): a command shows its
 * documented spelling (this option) and accepts the other (`vendorFilterAlias`).
 */
export function vendorFilterOption(flag: Spelling, what = 'only these vendors'): Option {
  return new Option(`${flag} <list>`, `${what} (comma-separated: ${vendorNames().join(',')}; also ${other(flag)})`);
}

export function vendorFilterAlias(flag: Spelling): Option {
  return new Option(`${other(flag)} <list>`).hideHelp();
}

/** The vendors both spellings name together (all of them when neither is given). */
export function vendorFilter(flags: { vendor?: string; vendors?: string }): Vendor[] {
  const list = [flags.vendor, flags.vendors].filter((l) => l !== undefined && l.trim() !== '').join(',');
  return parseVendorList(list || undefined);
}

/** The same as one `--vendor` value (for replay commands and reports). */
export function vendorFilterText(flags: { vendor?: string; vendors?: string }): string | undefined {
  return flags.vendor === undefined && flags.vendors === undefined ? undefined : vendorFilter(flags).join(',');
}
