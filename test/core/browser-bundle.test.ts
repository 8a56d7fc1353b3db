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

  it('createMock too: the specs it carries as data, the fetch door and the vendor-option checks', async () => {
    const bundle = await bundleForBrowser('src/embed/create-mock.ts');
    expect(bundle.nodeImports).toEqual([]);
    expect(bundle.code).toContain('/api/hosts/rename');
  });

  it('the checker names the Node imports of a module that has them (the spec loader reads files)', async () => {
    const bundle = await bundleForBrowser('src/spec/load.ts');
    expect(bundle.nodeImports).toEqual(
      expect.arrayContaining(['src/spec/load.ts → node:fs', 'src/spec/paths.ts → node:fs']),
    );
  });
});
