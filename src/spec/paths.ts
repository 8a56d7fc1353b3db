import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found the same way from src/ (tests) and dist/ (installed CLI). */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'specs'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the understudy package root above ${start}`);
    dir = parent;
  }
}

export const SPECS_DIR = join(PACKAGE_ROOT, 'specs');
export const SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');
