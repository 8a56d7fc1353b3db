// `npm run lint`: Redocly over every built-in vendor's spec, listed from src/vendors/built-in.ts
// (a new vendor's spec is linted without editing package.json). Exits as Redocly does.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SPECS_DIR } from '../spec/paths.js';
import { BUILT_IN_VENDORS } from '../vendors/built-in.js';

const require = createRequire(import.meta.url);
const manifest = require.resolve('@redocly/cli/package.json');
const { bin } = require(manifest) as { bin: Record<string, string> };
const cli = join(dirname(manifest), bin.redocly ?? 'bin/cli.js');
const specs = BUILT_IN_VENDORS.map((d) => join(SPECS_DIR, d.specFile));
const result = spawnSync(process.execPath, [cli, 'lint', '--config', join(SPECS_DIR, 'redocly.yaml'), ...specs], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
