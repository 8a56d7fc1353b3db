// `npm run build` step: dist/cli.js (the bin), as tsc wrote it with the ~160 modules it imports, is
// replaced by an esbuild bundle of the same code, one chunk per command (dist/cli-chunks/), so that
// `understudy mock` loads a handful of files instead of resolving, reading and linking each module.
// Node's ES module loader was half the CPU of a cold start to /__admin/health (issue 19: a cold start
// must be at most twice bare node:http's). Only the CLI is bundled: the library entries
// ('understudy', 'understudy/msw', 'understudy/client') stay tsc's modules.
//
// Dependencies are bundled only where they are on the mock's start-up path and are plain modules
// (BUNDLED); every other one stays an import of node_modules, resolved as before, so a dependency
// that finds its own files at run time cannot break here. ajv is required lazily, only when a
// validator the build did not write must be compiled (src/spec/precompiled.ts).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const CHUNKS = 'cli-chunks';
const BUNDLED = new Set(['commander', 'fast-xml-parser', 'fastest-levenshtein', 'picocolors']);

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

// Chunks are named by their content's hash: the last build's would otherwise stay beside the new ones.
rmSync(join(DIST, CHUNKS), { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: [{ in: 'dist/cli.js', out: 'cli' }],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  chunkNames: `${CHUNKS}/[name]-[hash]`,
  // The entry is tsc's dist/cli.js, rewritten in place: a fresh build always writes it again first.
  allowOverwrite: true,
  external,
  // commander is CommonJS and requires Node's built-ins: in an ES module bundle that needs a require.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  // Stack traces map to src/ under --enable-source-maps, through tsc's maps.
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
});
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
const kib = Math.round(outputs.reduce((sum, [, o]) => sum + o.bytes, 0) / 1024);
console.log(`cli: dist/cli.js and ${outputs.length - 1} chunks in dist/${CHUNKS}/ (${kib} KiB)`);
