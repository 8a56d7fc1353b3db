// Bundles the dashboard (Preact) with esbuild: `node src/ui/build.mjs` writes dist/ui/index.html
// (the shell, CSS inline) and dist/ui/app.js; src/mock/ui.ts calls bundleUi() to build it into
// memory when the mock runs from source. Nothing in the bundle is fetched from elsewhere at run time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** @returns {Promise<Record<'index.html' | 'app.js', string>>} */
export async function bundleUi() {
  const result = await esbuild.build({
    entryPoints: [join(here, 'app.tsx')],
    bundle: true,
    write: false,
    outfile: 'app.js',
    format: 'esm',
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('app.js'));
  if (!js) throw new Error('esbuild produced no app.js');
  return { 'index.html': readFileSync(join(here, 'index.html'), 'utf8'), 'app.js': js.text };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(here, '..', '..', 'dist', 'ui');
  const files = await bundleUi();
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  console.log(
    `dashboard: ${Object.keys(files)
      .map((n) => `dist/ui/${n}`)
      .join(', ')} (${Math.round(files['app.js'].length / 1024)} KiB of script)`,
  );
}
