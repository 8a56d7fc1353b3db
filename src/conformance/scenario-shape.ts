import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv2020, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { PACKAGE_ROOT } from '../spec/paths.js';
import { SCENARIO_SCHEMA } from './scenario-schema.js';

/*
 * The validator every scenario file is checked against (SCENARIO_SCHEMA). `npm run build` writes it
 * as ajv's standalone code (src/tools/compile-validators.ts), as it does the specs' validators, so
 * that `understudy verify` (and the fuzzer, and the proxy's checks) read it instead of loading ajv
 * and compiling: ~0.4 s of CPU at the start of every run. The file is named by a hash of the schema,
 * ajv's version and the options, so a schema edited since the build (or tests from source before a
 * build) is compiled at run time as before, never checked by a stale validator.
 */

const OPTIONS: Options = { allErrors: true, strict: false };

const require = createRequire(import.meta.url);

function ajvVersion(): string {
  return (require('ajv/package.json') as { version: string }).version;
}

/** Where the build keeps the validator of the schema as it is now. */
export function builtScenarioShapePath(): string {
  const hash = createHash('sha256')
    .update(`${ajvVersion()}\n${JSON.stringify(OPTIONS)}\n${JSON.stringify(SCENARIO_SCHEMA)}`)
    .digest('hex')
    .slice(0, 16);
  return join(PACKAGE_ROOT, 'dist', 'validators', `scenario.${hash}.cjs`);
}

function newAjv(extra: Options = {}): Ajv2020 {
  const { Ajv2020 } = require('ajv/dist/2020') as typeof import('ajv/dist/2020.js');
  return new Ajv2020({ ...OPTIONS, ...extra });
}

/** The validator as ajv's standalone code (CommonJS), for the build to write. */
export function scenarioShapeCode(): string {
  const ajv = newAjv({ code: { source: true } });
  const standalone = require('ajv/dist/standalone') as { default: (ajv: Ajv2020, v: ValidateFunction) => string };
  return standalone.default(ajv, ajv.compile(SCENARIO_SCHEMA));
}

let shape: ValidateFunction | undefined;

/** The built validator when there is one for this schema, else compiled now (once per process). */
export function scenarioShape(): ValidateFunction {
  if (shape) return shape;
  const built = builtScenarioShapePath();
  shape = existsSync(built) ? (require(built) as ValidateFunction) : newAjv().compile(SCENARIO_SCHEMA);
  return shape;
}
