import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    globalSetup: ['test/global-setup.ts'],
    // After every file, node:http as Node made it and the built-in vendors only (the guards say why).
    setupFiles: ['test/helpers/node-http-guard.ts', 'test/helpers/vendor-registry-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Servers bind 127.0.0.1:0; CI has 2 cores, so keep parallelism modest.
    maxWorkers: 2,
    include: ['test/**/*.test.ts'],
    // Isolation re-imports the specs, validators and vendor modules for each of ~100 files: two
    // thirds of the suite's CPU. Files leave nothing behind that another file sees (servers closed,
    // nock and MSW restored, a registered vendor taken back after their tests), so a worker keeps its
    // modules.
    isolate: false,
  },
});
