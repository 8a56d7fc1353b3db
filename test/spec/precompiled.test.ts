// The validators `npm run build` writes as ajv's standalone code (src/spec/validator-tables.ts, run by
// src/tools/compile-validators.ts) and the server looks up (src/spec/precompiled.ts): every one the
// mock asks for is in the tables, each judges as ajv compiling the same schema at run time does, and
// one whose schema no longer matches (a spec or the schema-building code changed since the build) is
// compiled afresh instead. The tables checked are the ones in dist/, as the server loads them: the
// test run's global set-up builds dist/ from the sources under test (the first test holds it to
// that), so generating them again here would only repeat the build (most of this file's time).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { STATIC_AJV } from '../../src/spec/ajv-static.js';
import { compiledSpecPath, loadSpec, specPath } from '../../src/spec/load.js';
import { PACKAGE_ROOT } from '../../src/spec/paths.js';
import {
  BUILT_GROUPS,
  builtTable,
  precompiledCompiler,
  type BuiltGroup,
  type BuiltTable,
} from '../../src/spec/precompiled.js';
import { ajvCompiler, tableKey, type SchemaCompiler, type SchemaRequest } from '../../src/spec/schema-compiler.js';
import { buildValidators } from '../../src/spec/validators.js';
import { vendorNames } from '../../src/vendors/registry.js';
import type { Vendor } from '../../src/vendors/types.js';

/** The tables the build wrote for the spec as it is now (named by its YAML's hash), as the server reads them. */
function writtenTables(vendor: Vendor): Map<BuiltGroup, BuiltTable> {
  const tables = new Map<BuiltGroup, BuiltTable>();
  for (const group of BUILT_GROUPS) {
    const table = builtTable(vendor, group);
    if (table) tables.set(group, table);
  }
  return tables;
}

it('the tables in dist/ were built from the sources under test', async () => {
  // A path in a variable: the script is plain JavaScript (test/global-setup.ts loads it the same way).
  const script = join(PACKAGE_ROOT, 'src', 'tools', 'build-if-stale.mjs');
  const { staleness } = (await import(script)) as { staleness: () => string | undefined };
  expect(staleness()).toBeUndefined();
});

/** Every validator the mock can ask for, with what the built tables and ajv at run time give for it. */
function pairs(vendor: Vendor, tables: Map<BuiltGroup, BuiltTable>) {
  const specs = [loadSpec(vendor)];
  const built = precompiledCompiler(specs, (_, group) => tables.get(group));
  const runtime = ajvCompiler(specs, () => STATIC_AJV);
  const found: Array<{
    request: SchemaRequest;
    built: ValidateFunction;
    runtime: ValidateFunction;
    fromTable: boolean;
  }> = [];
  const both: SchemaCompiler = {
    compile(request) {
      const fromBuilt = built.compile(request);
      const key = tableKey(request);
      const fromTable = [...tables.values()].some((t) => t.validators[key] === fromBuilt);
      found.push({ request, built: fromBuilt, runtime: runtime.compile(request), fromTable });
      return fromBuilt;
    },
  };
  for (const v of buildValidators(specs, both, true).values()) v.warm();
  return found;
}

const SAMPLES: unknown[] = [
  {},
  [],
  null,
  'text',
  42,
  { hosts: [{ host: 'h', status: 'up' }, {}] },
  { path: {}, query: { first: 'x', count: '5' }, header: {} },
];

const outcome = (validate: ValidateFunction, value: unknown) => {
  const copy = structuredClone(value); // defaults are filled in place
  const valid = validate(copy);
  return {
    valid,
    copy,
    errors: (validate.errors ?? []).map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params })),
  };
};

describe.each(vendorNames())('%s validators built ahead', (vendor) => {
  const tables = writtenTables(vendor);
  const found = pairs(vendor, tables);

  it("the spec's JSON copy the build named by its YAML's text is the one a start finds by the file's bytes", () => {
    const path = compiledSpecPath(vendor, readFileSync(specPath(vendor)));
    expect(path).toBe(compiledSpecPath(vendor, readFileSync(specPath(vendor), 'utf8')));
    expect(existsSync(path)).toBe(true);
  });

  it('every validator the mock asks for is in the tables', () => {
    expect([...tables.keys()]).toEqual(BUILT_GROUPS);
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((f) => !f.fromTable).map((f) => tableKey(f.request))).toEqual([]);
  });

  it('each judges every sample as ajv compiling the same schema at run time does', () => {
    for (const { built, runtime } of found)
      for (const sample of SAMPLES) expect(outcome(built, sample)).toEqual(outcome(runtime, sample));
  });

  it('a validator built from another schema than the one asked for is compiled afresh', () => {
    const [first] = found;
    if (!first) throw new Error('no validators');
    const key = tableKey(first.request);
    const stale = new Map(
      [...tables].map(([group, t]) => [group, { ...t, schemas: { ...t.schemas, [key]: '{"type":"string"}' } }]),
    );
    const compiler = precompiledCompiler([loadSpec(vendor)], (_, group) => stale.get(group));
    const fresh = compiler.compile(first.request);
    expect([...stale.values()].some((t) => t.validators[key] === fresh)).toBe(false);
    expect(
      [...tables.values()].some(
        (t) => t.validators[key] === compiler.compile({ ...first.request, key: first.request.key }),
      ),
    ).toBe(false);
  });
});
