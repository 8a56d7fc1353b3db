// Vendor options checked against each vendor's option schema, without file access: the CLI's
// `--set`/`--vendor-options` and the in-process mock (createMock, a browser bundle) share it.
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { isVendor, vendorNames } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';
import { vendorModule } from '../vendors/index.js';
import { didYouMean } from '../common/did-you-mean.js';
import { expected } from './options-schema.js';
import type { OptionSchema, VendorOptions, VendorOptionsSchema } from './types.js';

/** A mistake in `--set` or `--vendor-options`: the mock does not start (exit 2). */
export class VendorOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VendorOptionsError';
  }
}

/** `--set` values are text: read them as the option's type, or leave them as text for the check to refuse. */
export function fromText(raw: string, schema: OptionSchema | undefined): string | number | boolean {
  if (schema?.type === 'integer' && /^[+-]?\d+$/.test(raw.trim())) return Number(raw);
  if (schema?.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/**
 * ajv's class, as the caller can load it: a static import in a bundle, a require made only now in
 * Node. Asked for only when there are options to check: importing ajv here made every `mock` start
 * load it (a fifth of a cold start, issue 19) to check options that were almost never given.
 */
export type AjvClass = () => typeof Ajv2020;

// Compiled on first use: a mock started without options pays nothing for this. Kept by the option
// schema, not the vendor's name: a vendor taken back (`unregisterVendor`) takes its check with it.
let ajv: Ajv2020 | undefined;
const validators = new WeakMap<VendorOptionsSchema, ReturnType<Ajv2020['compile']>>();

function validate(vendor: Vendor, options: VendorOptions, lib: AjvClass): ErrorObject[] {
  const schema = vendorModule(vendor).options;
  let check = validators.get(schema);
  if (!check) {
    const Ajv = lib();
    ajv ??= new Ajv({ allErrors: true });
    check = ajv.compile(schema);
    validators.set(schema, check);
  }
  return check(options) ? [] : [...(check.errors ?? [])];
}

/** What is wrong with one option, and what to write instead. */
function describe(vendor: Vendor, options: VendorOptions, error: ErrorObject): { key: string; text: string } {
  const properties = vendorModule(vendor).options.properties;
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
export function check(vendor: Vendor, options: VendorOptions, where: (key: string) => string, lib: AjvClass): void {
  const problems = validate(vendor, options, lib).map((e) => describe(vendor, options, e));
  if (problems.length > 0)
    throw new VendorOptionsError(problems.map(({ key, text }) => `${where(key)}: ${text}`).join('\n'));
}

export function vendorNamed(name: string, where: string): Vendor {
  // Read before the type guard, which narrows `name` to never where the vendor is unknown.
  const given: string = name;
  if (!isVendor(name))
    throw new VendorOptionsError(
      `${where}unknown vendor '${given}'${didYouMean(given, vendorNames())}; the vendors are ${vendorNames().join(', ')}`,
    );
  return name;
}

/**
 * Options given as an object (`createMock({ vendorOptions })`), checked as `--vendor-options` is:
 * a mistake throws VendorOptionsError naming `vendor.option` and the fix.
 */
export function checkVendorOptions(
  all: Record<string, VendorOptions | undefined>,
  where: string,
  lib: AjvClass,
): Partial<Record<Vendor, VendorOptions>> {
  const out: Partial<Record<Vendor, VendorOptions>> = {};
  for (const [name, options] of Object.entries(all)) {
    if (options === undefined) continue;
    const vendor = vendorNamed(name, `${where}: `);
    check(vendor, options, (key) => `${where}: ${vendor}.${key}`, lib);
    out[vendor] = { ...options };
  }
  return out;
}
