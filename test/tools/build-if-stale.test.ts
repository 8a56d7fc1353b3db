// `npm start` builds only when dist/ is missing or was built from other sources (src/tools/build-if-stale.mjs).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/spec/paths.js';

interface BuildIfStale {
  staleness: (root: string) => string | undefined;
  stamp: (root: string) => void;
}

// A path in a variable: the script is plain JavaScript, run before anything is compiled.
const script = join(PACKAGE_ROOT, 'src', 'tools', 'build-if-stale.mjs');
const { staleness, stamp } = (await import(script)) as BuildIfStale;

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'understudy-build-'));
  for (const [file, text] of Object.entries({
    'package.json': '{"name": "x"}',
    'package-lock.json': '{"lockfileVersion": 3}',
    'tsconfig.json': '{}',
    'src/cli.ts': 'console.log(1);',
    'src/vendors/a/index.ts': 'export {};',
    'specs/a.yaml': 'openapi: 3.1.0',
    'dist/cli.js': 'console.log(1);',
    'dist/ui/app.js': '',
  })) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe('npm start builds only when dist/ is stale', () => {
  it('a dist/ with no record of its sources is stale; once stamped, it is fresh', () => {
    const root = project();
    expect(staleness(root)).toMatch(/no record/);
    stamp(root);
    expect(staleness(root)).toBeUndefined();
  });

  it('a changed source, spec, package.json, lockfile or tsconfig.json makes it stale; a new mtime alone does not', () => {
    const root = project();
    stamp(root);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src/cli.ts'), later, later);
    expect(staleness(root)).toBeUndefined();
    for (const file of [
      'src/vendors/a/index.ts',
      'specs/a.yaml',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
    ]) {
      stamp(root);
      writeFileSync(join(root, file), 'changed');
      expect(staleness(root), file).toMatch(/changed since the last build/);
    }
    stamp(root);
    writeFileSync(join(root, 'src/new.ts'), 'export {};');
    expect(staleness(root)).toMatch(/changed since the last build/);
  });

  it('a missing output is stale whatever the record says', () => {
    const root = project();
    stamp(root);
    rmSync(join(root, 'dist/ui/app.js'));
    expect(staleness(root)).toBe('dist/ui/app.js is missing');
  });
});
