import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import type { OpenApiDocument } from './openapi.js';
import { PACKAGE_ROOT, SPECS_DIR } from './paths.js';
import { indexSpec, type LoadedSpec } from './spec-index.js';
import type { VendorDescriptor } from '../vendors/descriptor.js';
import { vendorDescriptor } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';

export { escapePointer, indexSpec, type LoadedSpec, type OperationInfo } from './spec-index.js';

// Kept by the vendor's descriptor, not its name: a vendor taken back (`unregisterVendor`) takes its
// spec with it, and one registered again under the same name is read afresh.
const cache = new WeakMap<VendorDescriptor, LoadedSpec>();

export function loadSpec(vendor: Vendor): LoadedSpec {
  const descriptor = vendorDescriptor(vendor);
  let spec = cache.get(descriptor);
  if (!spec) {
    const document = readDocument(vendor);
    spec = indexSpec(vendor, document);
    cache.set(descriptor, spec);
  }
  return spec;
}

/** The vendor's YAML: in `specs/` for a built-in vendor, anywhere for one registered at run time. */
export function specPath(vendor: Vendor): string {
  const file = vendorDescriptor(vendor).specFile;
  return isAbsolute(file) ? file : join(SPECS_DIR, file);
}

// The same hash for the text and for the file's bytes (UTF-8): a start hashes the bytes.
const yamlHash = (yaml: string | Buffer) => createHash('sha256').update(yaml).digest('hex').slice(0, 16);

/** Where `npm run build` keeps a JSON copy of each spec, named by the hash of its YAML. */
export function compiledSpecPath(vendor: string, yamlText: string | Buffer): string {
  return join(PACKAGE_ROOT, 'dist', 'specs', `${vendor}.${yamlHash(yamlText)}.json`);
}

/**
 * Where `npm run build` keeps the validators of a spec as ajv's standalone code
 * (src/tools/compile-validators.ts), named by the hash of the spec's YAML as its JSON copy is.
 */
export function builtValidatorsPath(vendor: Vendor, group: string): string {
  const descriptor = vendorDescriptor(vendor);
  if (!hashes.has(descriptor)) readYaml(vendor);
  const hash = hashes.get(descriptor) ?? '';
  return join(PACKAGE_ROOT, 'dist', 'validators', `${vendor}.${hash}.${group}.cjs`);
}

/** The hash of each spec's YAML as it was read, by its vendor's descriptor (as `cache` above). */
const hashes = new WeakMap<VendorDescriptor, string>();

/**
 * The YAML's bytes, undecoded: a start that finds the JSON copy never needs the text, and decoding
 * GroundWork's (which has non-ASCII characters) cost more than reading and hashing the bytes.
 */
function readYaml(vendor: Vendor): Buffer {
  const bytes = readFileSync(specPath(vendor));
  hashes.set(vendorDescriptor(vendor), yamlHash(bytes));
  return bytes;
}

/**
 * The YAML is the source of truth; parsing it is most of a cold start, so the build keeps a JSON
 * copy keyed by the YAML's hash. An edited spec has a new hash, so a stale copy is never read.
 */
function readDocument(vendor: Vendor): OpenApiDocument {
  const yaml = readYaml(vendor);
  const compiled = compiledSpecPath(vendor, yaml);
  if (existsSync(compiled)) return JSON.parse(readFileSync(compiled, 'utf8')) as OpenApiDocument;
  return parseYaml()(yaml.toString('utf8')) as OpenApiDocument;
}

/**
 * The YAML parser, loaded only when a spec has no JSON copy (tests run from source): a built mock
 * does not pay for loading a parser it would not use (its cold start: `npm run bench`).
 */
const parseYaml = (): typeof import('yaml').parse =>
  (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse;
