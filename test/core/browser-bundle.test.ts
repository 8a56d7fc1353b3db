// The core (pipeline, state, every vendor module, the specs' validators) bundles for a browser: no
// import of a Node built-in reaches it. The checker is shown to catch one in a module that has them.
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../helpers/browser-bundle.js';

describe('src/core in a browser bundle', () => {
  it('imports no Node built-in, vendor modules and validators included', async () => {
    const bundle = await bundleForBrowser('src/core/mock-core.ts');
    expect(bundle.nodeImports).toEqual([]);
    expect(bundle.code).toContain('GWOS-API-TOKEN');
  });

  it('the checker names the Node imports of a module that has them (the spec loader reads files)', async () => {
    const bundle = await bundleForBrowser('src/spec/load.ts');
    expect(bundle.nodeImports).toEqual(expect.arrayContaining(['src/spec/load.ts → node:fs', 'src/spec/paths.ts → node:fs']));
  });
});
