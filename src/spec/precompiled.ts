import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { requireGenerated } from '../common/code-cache.js';
import type { OperationValidators } from './validators.js';
import { buildValidators } from './validators.js';
import { builtValidatorsPath, type LoadedSpec } from './load.js';
import { ajvCompiler, OPTIONS, tableKey, type AjvLib, type SchemaCompiler } from './schema-compiler.js';
import type { Vendor } from '../vendors/types.js';

/*
 * The server's validators (Node only): the ones `npm run build` wrote as ajv's standalone code
 * (src/tools/compile-validators.ts), looked up instead of compiled. Loading ajv, adding the four
 * documents to it and compiling would be most of a cold start (`npm run bench` measures one), and
 * the compiling would go on after the server said it was ready. A validator is taken from the table
 * only if it was built from the very schema asked for now, with the same ajv version and options;
 * anything else (a spec or the code that builds schemas edited since the build, tests from source
 * before a build) is compiled by ajv as before, required only then.
 */

/** What compile-validators writes: per table key, the validator and the schema it was built from. */
export interface BuiltTable {
  ajvVersion: string;
  /** JSON of schema-compiler's OPTIONS the code was generated with. */
  options: string;
  schemas: Record<string, string>;
  validators: Record<string, ValidateFunction>;
}

const require = createRequire(import.meta.url);
let lib: AjvLib | undefined;

/** ajv, required the first time a validator must be compiled at run time. */
export function nodeAjv(): AjvLib {
  return (lib ??= {
    Ajv2020: (require('ajv/dist/2020') as typeof import('ajv/dist/2020.js')).Ajv2020,
    addFormats: require('ajv-formats') as AjvLib['addFormats'],
  });
}

export function ajvVersion(): string {
  return (require('ajv/package.json') as { version: string }).version;
}

/**
 * The tables of a spec, one file each, read when first needed: the request validators (what every
 * request needs), the response validators (only when responses are checked, development mode), and
 * the stop-at-the-first-issue ones (only for bodies over FIRST_ISSUE_ONLY_BYTES). GroundWork's are
 * 0.8, 2.0 and 0.8 MB of code: reading all three was most of a cold start in production mode.
 */
export const BUILT_GROUPS = ['requests', 'responses', 'first-issue'] as const;
export type BuiltGroup = (typeof BUILT_GROUPS)[number];

/** The group of an ajv instance (`<purpose>_<all|first>`) or a request. */
export function groupOf(instance: string): BuiltGroup {
  if (instance.endsWith('_first')) return 'first-issue';
  return instance.startsWith('response') ? 'responses' : 'requests';
}

/** The built table of a spec, when the build wrote one for the spec as it is now. */
export function builtTable(vendor: Vendor, group: BuiltGroup): BuiltTable | undefined {
  const path = builtValidatorsPath(vendor, group);
  if (!existsSync(path)) return undefined;
  // With V8's code cache when the CLI keeps one (src/common/code-cache.ts).
  const table = requireGenerated(path) as BuiltTable;
  return table.options === JSON.stringify(OPTIONS) && table.ajvVersion === ajvVersion() ? table : undefined;
}

export interface PrecompiledCompiler extends SchemaCompiler {
  /** Reads these groups' tables now (before the server says it is ready) rather than on first use. */
  preload(groups: readonly BuiltGroup[]): void;
}

/** Looks each validator up in the built tables, compiling the ones not found there. */
export function precompiledCompiler(
  specs: LoadedSpec[],
  load: (vendor: Vendor, group: BuiltGroup) => BuiltTable | undefined = builtTable,
): PrecompiledCompiler {
  const tables = new Map<string, BuiltTable | undefined>();
  const tableOf = (vendor: Vendor, group: BuiltGroup) => {
    const name = `${vendor} ${group}`;
    if (!tables.has(name)) tables.set(name, load(vendor, group));
    return tables.get(name);
  };
  let fallback: SchemaCompiler | undefined;
  return {
    compile(request) {
      const key = tableKey(request);
      const table = tableOf(request.vendor, groupOf(`${request.purpose}_${request.allErrors ? 'all' : 'first'}`));
      const built = table?.validators[key];
      if (built && table.schemas[key] === JSON.stringify(request.schema())) return built;
      return (fallback ??= ajvCompiler(specs, nodeAjv)).compile(request);
    },
    preload(groups) {
      for (const spec of specs) for (const group of groups) tableOf(spec.vendor, group);
    },
  };
}

/** The validators of these specs, as the proxy uses them. */
export function serverValidators(specs: LoadedSpec[]): Map<string, OperationValidators> {
  return buildValidators(specs, precompiledCompiler(specs));
}
