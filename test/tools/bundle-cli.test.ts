import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/spec/paths.js';

// The CLI's bundle as src/tools/bundle-cli.mjs writes it for its loader (src/tools/cli-loader.mjs),
// which test/global-setup.ts builds when the sources changed. That the CLI runs from it is every CLI
// test's to show; this holds the two things the loader's speed rests on, and what they must not cost.
const BUNDLE = join(PACKAGE_ROOT, 'dist', 'cli-bundle.cjs');

it('is ASCII, so that the loader decodes it as Latin-1', () => {
  expect(isAscii(readFileSync(BUNDLE))).toBe(true);
});

it('is one strict function of what CommonJS passes a module, required or run as a script', () => {
  const bundled: unknown = createRequire(import.meta.url)(BUNDLE);
  expect(typeof bundled).toBe('function');
  const run = bundled as (...args: unknown[]) => void;
  expect(run.length).toBe(6);
  // The code tsc wrote as ES modules stays strict: a strict function has no readable `caller`.
  expect(() => run.caller).toThrow(TypeError);
  const module = { exports: {} as Record<string, unknown> };
  run(module.exports, createRequire(BUNDLE), module, BUNDLE, join(PACKAGE_ROOT, 'dist'), pathToFileURL(BUNDLE).href);
  expect(typeof module.exports.runUnderstudy).toBe('function');
});
