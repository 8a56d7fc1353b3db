import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { LoadedSpec } from './spec-index.js';
import { ajvCompiler, type AjvLib } from './schema-compiler.js';
import { buildValidators, type OperationValidators } from './validators.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as AjvLib['addFormats'];

/** ajv by static import: for a bundle (the browser has no require) and for tools that compile at run time. */
export const STATIC_AJV: AjvLib = { Ajv2020, addFormats };

/** Validators compiled by ajv at run time, each when its operation is first used. */
export function compileValidators(specs: LoadedSpec[]): Map<string, OperationValidators> {
  return buildValidators(
    specs,
    ajvCompiler(specs, () => STATIC_AJV),
  );
}
