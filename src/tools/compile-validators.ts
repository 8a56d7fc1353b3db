// Part of `npm run build` (after compile-specs): writes dist/validators/<vendor>.<hash>.<group>.cjs,
// every validator the mock can need for a spec as ajv's standalone code (src/spec/validator-tables.ts),
// so that a started server looks them up instead of loading ajv and compiling (src/spec/precompiled.ts);
// and dist/validators/scenario.<hash>.cjs, the scenario files' validator (src/conformance/scenario-shape.ts).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builtScenarioShapePath, scenarioShapeCode } from '../conformance/scenario-shape.js';
import { builtValidatorsPath, loadSpec } from '../spec/load.js';
import { validatorTables } from '../spec/validator-tables.js';
import { vendorNames } from '../vendors/registry.js';

const sizes: string[] = [];
for (const vendor of vendorNames()) {
  const dir = dirname(builtValidatorsPath(vendor, 'requests'));
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir).filter((f) => f.startsWith(`${vendor}.`))) rmSync(join(dir, old));
  for (const [group, code] of validatorTables(loadSpec(vendor))) {
    const target = builtValidatorsPath(vendor, group);
    writeFileSync(target, code);
    sizes.push(`${vendor} ${group} ${Math.round(code.length / 1024)} KiB`);
  }
}
const scenarioShape = builtScenarioShapePath();
for (const old of readdirSync(dirname(scenarioShape)).filter((f) => f.startsWith('scenario.'))) {
  rmSync(join(dirname(scenarioShape), old));
}
const scenarioCode = scenarioShapeCode();
writeFileSync(scenarioShape, scenarioCode);
sizes.push(`scenarios ${Math.round(scenarioCode.length / 1024)} KiB`);
console.error(`validators: dist/validators/ (${sizes.join(', ')})`);
