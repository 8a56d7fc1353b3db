import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Files that change what the process holds for every later file: `registerVendor` adds a vendor to
 * the one registry (every "all vendors" default would then include it). They get a fresh module
 * graph each; the rest share one per worker (below).
 */
const OWN_PROCESS = ['test/vendors/vendor-example.test.ts'];

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    globalSetup: ['test/global-setup.ts'],
    // After every file, node:http as Node made it (test/helpers/node-http-guard.ts says why).
    setupFiles: ['test/helpers/node-http-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Servers bind 127.0.0.1:0; CI has 2 cores, so keep parallelism modest.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: OWN_PROCESS,
          // Isolation re-imports the specs, validators and vendor modules for each of ~100 files: two
          // thirds of the suite's CPU. Files here leave nothing behind that another file sees (servers
          // closed, nock and MSW restored after their tests), so a worker keeps its modules.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS } },
    ],
  },
});
