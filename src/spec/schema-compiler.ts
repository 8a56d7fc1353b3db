import type { Ajv2020, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { documentId, type AjvPurpose } from './ajv.js';
import type { JsonSchema } from './openapi.js';
import type { LoadedSpec } from './spec-index.js';

/*
 * Where the validators of an operation come from. ajv compiles them at run time (the browser, tests
 * from source), or the build wrote them ahead as ajv's standalone code (src/tools/compile-validators.ts)
 * and a started server only looks them up (src/spec/precompiled.ts). This module names ajv's types
 * only: whoever compiles at run time hands in the library, so a server that finds every validator
 * built never loads ajv.
 */

/** ajv, as its caller loaded it (a static import, or a require made only when needed). */
export interface AjvLib {
  Ajv2020: typeof Ajv2020;
  addFormats(ajv: Ajv2020): unknown;
}

/** One validator wanted: its schema, and the name it is known by in a built table. */
export interface SchemaRequest {
  vendor: string;
  purpose: AjvPurpose;
  /** false: stop at the first error (large bodies, see FIRST_ISSUE_ONLY_BYTES). */
  allErrors: boolean;
  /** `<operationId>:<role>`, e.g. `getHost:params`, `createHosts:body:application/json`. */
  key: string;
  schema: () => JsonSchema;
}

export interface SchemaCompiler {
  compile(request: SchemaRequest): ValidateFunction;
}

/** The name of a validator in a built table: the ajv instance it needs, then its key. */
export function tableKey(request: Pick<SchemaRequest, 'purpose' | 'allErrors' | 'key'>): string {
  return `${request.purpose}/${request.allErrors ? 'all' : 'first'}/${request.key}`;
}

export const OPTIONS: Record<AjvPurpose, Options> = {
  // Query, path, header and form values arrive as text: coerce by the schema, fill defaults.
  params: { coerceTypes: 'array', useDefaults: true },
  // JSON and XML bodies keep their types (a "5" for an integer is an error); defaults are filled.
  body: { useDefaults: true },
  // Responses are checked exactly as they are; nothing is changed.
  response: {},
};

/**
 * An ajv instance that knows every given vendor document. OpenAPI adds keywords JSON Schema does not
 * know (`xml`, `example`, `discriminator`, our `x-` extensions): strict mode is off for them, and
 * Redocly's lint owns schema hygiene. `extra` is for the build (`code: { source: true }`).
 */
export function createAjv(
  lib: AjvLib,
  purpose: AjvPurpose,
  specs: LoadedSpec[],
  allErrors = true,
  extra: Options = {},
): Ajv2020 {
  // strictNumbers: NaN and Infinity are not numbers to any schema here (`strict: false` turned it off).
  const ajv = new lib.Ajv2020({ strict: false, strictNumbers: true, allErrors, ...OPTIONS[purpose], ...extra });
  lib.addFormats(ajv);
  for (const name of ['int32', 'int64', 'float', 'double']) ajv.addFormat(name, true);
  // The document is added only so `#/components/...` resolves; it is not itself a JSON Schema, so
  // checking it against the meta-schema (ajv's default) would be meaningless work at start-up.
  for (const spec of specs) ajv.addSchema(spec.document, documentId(spec.vendor), undefined, false);
  return ajv;
}

/**
 * Compiles each validator when first asked for, with one ajv instance per purpose, made when first
 * needed. Operations share schemas (the same parameters, the same bodies: GroundWork asks for 683
 * validators of 89 schemas): one compiled per schema text and instance serves them all, as one
 * generated function does in the built tables (src/spec/validator-tables.ts). ajv alone would compile
 * each again, its cache being by object, and each request builds its schema anew.
 */
export function ajvCompiler(specs: LoadedSpec[], lib: () => AjvLib): SchemaCompiler {
  const instances = new Map<string, { ajv: Ajv2020; byText: Map<string, ValidateFunction> }>();
  return {
    compile({ purpose, allErrors, schema }) {
      const name = `${purpose}/${String(allErrors)}`;
      let instance = instances.get(name);
      if (!instance)
        instances.set(name, (instance = { ajv: createAjv(lib(), purpose, specs, allErrors), byText: new Map() }));
      const wanted = schema();
      const text = JSON.stringify(wanted);
      let validate = instance.byText.get(text);
      if (!validate) instance.byText.set(text, (validate = instance.ajv.compile(wanted)));
      return validate;
    },
  };
}
