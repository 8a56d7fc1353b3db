import { readFileSync } from 'node:fs';
import { vendorNames } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';
import { vendorModule } from '../vendors/index.js';
import type { VendorOptions } from './types.js';
import { nodeAjv } from '../spec/precompiled.js';
import { check, fromText, vendorNamed, VendorOptionsError } from './vendor-options-check.js';

export { VendorOptionsError } from './vendor-options-check.js';

/**
 * `--vendor-options file.json` (`{"boomi": {"pendingPolls": 2}}`), then `--set boomi.pendingPolls=2`
 * on top, each checked against its vendor's options schema: an unknown option, a wrong type or an
 * empty credential stops the mock with a message that names the file or flag and the fix.
 */
export function vendorOptionsFrom(sets: string[], file?: string): Partial<Record<Vendor, VendorOptions>> {
  const out: Partial<Record<Vendor, VendorOptions>> = {};
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new VendorOptionsError(`--vendor-options ${file}: ${(error as Error).message}`);
    }
    const shape = `write it as {"vendor": {"option": value}}, e.g. {"boomi": {"pendingPolls": 2}}`;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new VendorOptionsError(`--vendor-options ${file}: ${shape}`);
    for (const [name, options] of Object.entries(parsed)) {
      const vendor = vendorNamed(name, `--vendor-options ${file}: `);
      if (!options || typeof options !== 'object' || Array.isArray(options))
        throw new VendorOptionsError(`--vendor-options ${file}: ${vendor}: ${shape}`);
      check(vendor, options as VendorOptions, (key) => `--vendor-options ${file}: ${vendor}.${key}`, ajvClass);
      out[vendor] = { ...(options as VendorOptions) };
    }
  }
  for (const entry of sets) {
    const match = /^([^.=]+)\.([^=]+)=(.*)$/s.exec(entry);
    if (!match)
      throw new VendorOptionsError(`--set ${entry}: write it as vendor.option=value, e.g. boomi.pendingPolls=2`);
    const [, name, key, raw] = match as unknown as [string, string, string, string];
    const vendor = vendorNamed(name, `--set ${entry}: `);
    const value = fromText(raw, vendorModule(vendor).options.properties[key]);
    check(vendor, { [key]: value }, () => `--set ${entry}`, ajvClass);
    out[vendor] = { ...(out[vendor] ?? {}), [key]: value };
  }
  return out;
}

/** Required when an option is given, not at every start. */
const ajvClass = () => nodeAjv().Ajv2020;

/** The options of every vendor, one line each, for `mock --help`. */
export function optionsHelp(): string {
  return vendorNames()
    .map((vendor) => {
      const options = Object.entries(vendorModule(vendor).options.properties).map(
        ([key, schema]) => `${key} (${JSON.stringify(schema.default)})`,
      );
      return `  ${vendor}: ${options.join(', ')}`;
    })
    .join('\n');
}
