// Runs before each test file (test/vitest.config.ts setupFiles). Files share a worker's modules
// (`isolate: false`), so a vendor one file registers (`registerVendor`) would be in every "all
// vendors" default of the files after it. After each file the registry must hold the built-in
// vendors only: a file that leaves one registered fails, naming it, and it is taken back so that the
// files after it still run clean.
import { afterAll } from 'vitest';
import { BUILT_IN_VENDORS } from '../../src/vendors/built-in.js';
import { vendorNames } from '../../src/vendors/registry.js';

afterAll(async () => {
  const builtIn = new Set(BUILT_IN_VENDORS.map((d) => d.vendor));
  const left = vendorNames().filter((name) => !builtIn.has(name));
  if (left.length === 0) return;
  // Imported only now: a file that needs no vendor's module does not load them all for this check.
  const { unregisterVendor } = await import('../../src/vendors/index.js');
  for (const name of left) unregisterVendor(name);
  throw new Error(
    `this file left vendors registered (${left.join(', ')}): take them back with unregisterVendor in afterAll`,
  );
});
