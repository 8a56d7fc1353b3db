// `npm test` checks that the specs are lint-free (README): it runs what `npm run lint` runs (Redocly,
// with specs/redocly.yaml, over every built-in vendor's spec: src/tools/lint-specs.ts, as built in
// dist/ by the test run's global set-up, so without npm's and tsx's start, ~1 s of CPU), and the same
// linter refuses a spec that breaks one of our rules. CI runs `npm run lint` itself as well.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/spec/paths.js';
import { BUILT_IN_VENDORS } from '../../src/vendors/built-in.js';

const redocly = join(PACKAGE_ROOT, 'node_modules', '.bin', 'redocly');

describe('the specs are lint-free', () => {
  it('npm run lint passes', () => {
    const lint = join(PACKAGE_ROOT, 'dist', 'tools', 'lint-specs.js');
    const run = spawnSync(process.execPath, [lint], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    expect(run.stdout + run.stderr).toMatch(/Your API descriptions are valid/);
    for (const { specFile } of BUILT_IN_VENDORS) expect(run.stdout + run.stderr).toContain(`specs/${specFile}`);
    expect(run.status).toBe(0);
  }, 120_000);

  it('the linter fails a spec whose operation lost its x-source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-lint-'));
    copyFileSync(join(PACKAGE_ROOT, 'specs', 'redocly.yaml'), join(dir, 'redocly.yaml'));
    const spec = readFileSync(join(PACKAGE_ROOT, 'specs', 'moogsoft.yaml'), 'utf8');
    const broken = spec.replace(/^(\s+)x-source:.*$/m, '$1x-source-dropped: true');
    expect(broken).not.toBe(spec);
    writeFileSync(join(dir, 'moogsoft.yaml'), broken);
    const run = spawnSync(redocly, ['lint', '--config', join(dir, 'redocly.yaml'), join(dir, 'moogsoft.yaml')], {
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toMatch(/x-source/);
    expect(run.status).not.toBe(0);
  }, 120_000);
});
