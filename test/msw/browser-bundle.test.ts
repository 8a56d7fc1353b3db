// understudy/msw bundles for a browser as a user's bundler would take it: no Node built-in anywhere
// below the entry (msw itself is the user's, so it stays external). The size is printed for the README.
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../helpers/browser-bundle.js';

describe('understudy/msw in a browser bundle', () => {
  it('imports no Node built-in, and carries the specs and every vendor', async () => {
    const bundle = await bundleForBrowser('src/msw/index.ts', ['msw']);
    expect(bundle.nodeImports).toEqual([]);
    for (const path of [
      '/api/hosts/rename',
      '/integrations/api/v1/integrations/{integrationId}/status',
      '/api/integrations',
      'ListenerStatus',
    ])
      expect(bundle.code).toContain(path);
    console.log(
      `understudy/msw browser bundle (msw external, minified): ${(bundle.bytes / 1024).toFixed(0)} KiB, ${(bundle.gzipBytes / 1024).toFixed(0)} KiB gzipped`,
    );
  });
});
