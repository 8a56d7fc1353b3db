// `npm run build` step: understudy's CLI as one esbuild bundle, dist/cli-bundle.cjs, of the code tsc
// wrote (its ~190 modules), and dist/cli.js (the bin) replaced by src/tools/cli-loader.mjs, which runs
// the bundle with V8's code cache. Node's ES module loader was half the CPU of a cold start to
// /__admin/health (issue 19: a cold start must be at most twice bare node:http's); one file read and
// compiled once, its bytecode reused by the next start of the same command, is what is left of it.
// The bundle is CommonJS because Node 20 can hand V8 a code cache only for a script (node:vm), not
// for an ES module; commands stay lazy inside it (esbuild wraps each dynamically imported module in
// an initialiser that runs on first import), so `understudy mock` evaluates no verify or fuzz code.
// Only the CLI is bundled: the library entries ('understudy', 'understudy/msw', 'understudy/client')
// stay tsc's modules.
//
// Dependencies are bundled only where they are on the mock's start-up path and are plain modules
// (BUNDLED); every other one stays a require of node_modules, resolved as before, so a dependency
// that finds its own files at run time cannot break here. ajv is required lazily, only when a
// validator the build did not write must be compiled (src/spec/precompiled.ts).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const BANNER =
  '(typeof module === "object" ? module : {}).exports = function (exports, require, module, __filename, __dirname, __bundleUrl) {';
const BUNDLED = new Set(['commander', 'fast-xml-parser', 'fastest-levenshtein', 'picocolors']);

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

// The last build's chunks (an earlier layout) and code caches (for another bundle) go.
rmSync(join(DIST, 'cli-chunks'), { recursive: true, force: true });
rmSync(join(DIST, '.cache'), { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: [{ in: 'dist/commands/program.js', out: 'cli-bundle' }],
  bundle: true,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  external,
  // A CommonJS script has no import.meta: the bundle's URL, which the loader passes in.
  define: { 'import.meta.url': '__bundleUrl' },
  // The bundle is one function of what CommonJS passes a module and that URL, which the loader calls:
  // the value of the script node:vm runs, or the module's exports when required (--enable-source-maps).
  // Written into the file rather than put around its text by the loader, which made V8 copy the
  // 1.1 MB source into one string before compiling: 3-5 ms of a cold start's CPU. The bundle's
  // "use strict" is the function's first statement, so the code tsc wrote as ES modules stays strict.
  banner: { js: BANNER },
  footer: { js: '};' },
  // Stack traces map to src/ under --enable-source-maps, through tsc's maps.
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
});
// ASCII only, so the loader decodes it as Latin-1 (a copy) rather than UTF-8 (Node 20's decoder took
// 15-40 ms of CPU for this 1.1 MB file, a tenth of a cold start). esbuild escapes every non-ASCII
// character in code (its default charset); what is left is in comments (an em dash, a §), each UTF-16
// unit replaced by one '?' so that no column moves under the source map. A check proves it: the
// bundle with its comments dropped (esbuild's whitespace minifier) is the same before and after.
const written = readFileSync(join(DIST, 'cli-bundle.cjs'), 'utf8');
const ascii = written.replace(/[^\0-\x7f]/g, '?');
if (ascii !== written) {
  const code = async (source) => (await esbuild.transform(source, { minifyWhitespace: true, format: 'cjs' })).code;
  if ((await code(ascii)) !== (await code(written)))
    throw new Error('dist/cli-bundle.cjs has a non-ASCII character outside a comment (is esbuild charset ascii?)');
  writeFileSync(join(DIST, 'cli-bundle.cjs'), ascii);
}
const bundle = readFileSync(join(DIST, 'cli-bundle.cjs'));
const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
const loader = readFileSync(join(ROOT, 'src', 'tools', 'cli-loader.mjs'), 'utf8');
if (!loader.includes("'@BUNDLE_HASH@'")) throw new Error('src/tools/cli-loader.mjs has no @BUNDLE_HASH@ to fill in');
writeFileSync(join(DIST, 'cli.js'), loader.replace("'@BUNDLE_HASH@'", JSON.stringify(hash)));
// tsc's map of the file this replaces would map the loader's lines to src/cli.ts.
rmSync(join(DIST, 'cli.js.map'), { force: true });
const kib = Math.round(Object.values(result.metafile.outputs).reduce((sum, o) => sum + (o.bytes ?? 0), 0) / 1024);
console.log(`cli: dist/cli.js runs dist/cli-bundle.cjs (${kib} KiB, hash ${hash}) with a code cache in dist/.cache/`);
