// understudy/msw bundles for a browser as a user's bundler would take it: no Node built-in anywhere
// below the entry (msw itself is the user's, so it stays external). The size is printed, and the
// README's figure must be within 5% of it (a figure that drifted further is a claim no longer true).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/spec/paths.js';
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
    const kib = [bundle.bytes / 1024, bundle.gzipBytes / 1024];
    console.log(
      `understudy/msw browser bundle (msw external, minified): ${kib[0]!.toFixed(0)} KiB, ${kib[1]!.toFixed(0)} KiB gzipped`,
    );
    const readme =
      /bundled for the browser \(esbuild, minified, `msw` left to the\s+app\) it is (\d+) KiB, (\d+) KiB gzipped/.exec(
        readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8'),
      );
    expect(readme, "the README's sentence on the bundle's size").not.toBeNull();
    const stated = [Number(readme![1]), Number(readme![2])];
    for (const i of [0, 1])
      expect(Math.abs(stated[i]! / kib[i]! - 1), `README ${stated.join('/')} KiB`).toBeLessThan(0.05);
  });
});
