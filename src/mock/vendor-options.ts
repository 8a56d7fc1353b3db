import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { isVendor, VENDORS, type Vendor } from '../spec/vendors.js';
import { VENDOR_MODULES } from '../vendors/index.js';
import { didYouMean } from '../common/did-you-mean.js';
import { expected } from './options-schema.js';
import type { OptionSchema, VendorOptions } from './types.js';

/** A mistake in `--set` or `--vendor-options`: the mock does not start (exit 2). */
export class VendorOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VendorOptionsError';
  }
}

/** `--set` values are text: read them as the option's type, or leave them as text for the check to refuse. */
function fromText(raw: string, schema: OptionSchema | undefined): string | number | boolean {
  if (schema?.type === 'integer' && /^[+-]?\d+$/.test(raw.trim())) return Number(raw);
  if (schema?.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

// Compiled on first use: a mock started without options pays nothing for this.
let ajv: Ajv2020 | undefined;
const validators = new Map<Vendor, ReturnType<Ajv2020['compile']>>();

function validate(vendor: Vendor, options: VendorOptions): ErrorObject[] {
  let check = validators.get(vendor);
  if (!check) {
    ajv ??= new Ajv2020({ allErrors: true });
    check = ajv.compile(VENDOR_MODULES[vendor].options);
    validators.set(vendor, check);
  }
  return check(options) ? [] : [...(check.errors ?? [])];
}

/** What is wrong with one option, and what to write instead. */
function describe(vendor: Vendor, options: VendorOptions, error: ErrorObject): { key: string; text: string } {
  const properties = VENDOR_MODULES[vendor].options.properties;
  const known = Object.keys(properties);
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    return { key, text: `unknown option${didYouMean(key, known)}; ${vendor}'s options are ${known.join(', ')}` };
  }
  const key = error.instancePath.slice(1);
  const schema = properties[key];
  if (!schema) return { key, text: error.message ?? 'invalid' };
  if (error.keyword === 'minLength') return { key, text: `must not be empty (${schema.description})` };
  return { key, text: `must be ${expected(schema)}, not ${JSON.stringify(options[key])} (${schema.description})` };
}

/** Throws one line per mistake; `where` names the file or the flag. */
function check(vendor: Vendor, options: VendorOptions, where: (key: string) => string): void {
  const problems = validate(vendor, options).map((e) => describe(vendor, options, e));
  if (problems.length > 0) throw new VendorOptionsError(problems.map(({ key, text }) => `${where(key)}: ${text}`).join('\n'));
}

function vendorNamed(name: string, where: string): Vendor {
  if (!isVendor(name)) throw new VendorOptionsError(`${where}unknown vendor '${name}'${didYouMean(name, VENDORS)}; the vendors are ${VENDORS.join(', ')}`);
  return name;
}

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
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new VendorOptionsError(`--vendor-options ${file}: ${shape}`);
    for (const [name, options] of Object.entries(parsed)) {
      const vendor = vendorNamed(name, `--vendor-options ${file}: `);
      if (!options || typeof options !== 'object' || Array.isArray(options)) throw new VendorOptionsError(`--vendor-options ${file}: ${vendor}: ${shape}`);
      check(vendor, options as VendorOptions, (key) => `--vendor-options ${file}: ${vendor}.${key}`);
      out[vendor] = { ...(options as VendorOptions) };
    }
  }
  for (const entry of sets) {
    const match = /^([^.=]+)\.([^=]+)=(.*)$/s.exec(entry);
    if (!match) throw new VendorOptionsError(`--set ${entry}: write it as vendor.option=value, e.g. boomi.pendingPolls=2`);
    const [, name, key, raw] = match as unknown as [string, string, string, string];
    const vendor = vendorNamed(name, `--set ${entry}: `);
    const value = fromText(raw, VENDOR_MODULES[vendor].options.properties[key]);
    check(vendor, { [key]: value }, () => `--set ${entry}`);
    out[vendor] = { ...(out[vendor] ?? {}), [key]: value };
  }
  return out;
}

/** The options of every vendor, one line each, for `mock --help`. */
export function optionsHelp(): string {
  return VENDORS.map((vendor) => {
    const options = Object.entries(VENDOR_MODULES[vendor].options.properties).map(([key, schema]) => `${key} (${JSON.stringify(schema.default)})`);
    return `  ${vendor}: ${options.join(', ')}`;
  }).join('\n');
}
