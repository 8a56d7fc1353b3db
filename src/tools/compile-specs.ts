// Part of `npm run build`: writes dist/specs/<vendor>.<hash>.json, the parsed form of each spec,
// so a cold start reads JSON instead of parsing YAML (see readDocument in src/spec/load.ts).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compiledSpecPath } from '../spec/load.js';
import { SPECS_DIR } from '../spec/paths.js';
import { BUILT_IN_VENDORS } from '../vendors/built-in.js';

for (const { vendor, specFile } of BUILT_IN_VENDORS) {
  const yamlText = readFileSync(join(SPECS_DIR, specFile), 'utf8');
  const target = compiledSpecPath(vendor, yamlText);
  mkdirSync(dirname(target), { recursive: true });
  for (const old of readdirSync(dirname(target)).filter((f) => f.startsWith(`${vendor}.`)))
    rmSync(join(dirname(target), old));
  writeFileSync(target, JSON.stringify(parseYaml(yamlText)));
}
