#!/usr/bin/env node
// understudy's bin, dist/cli.js, as src/tools/bundle-cli.mjs writes it (from src/tools/cli-loader.mjs):
// it runs the CLI's bundle, dist/cli-bundle.cjs, with V8's code cache. Node 20 keeps no compiled code
// between runs of an ES module (module.enableCompileCache is Node 22), so the bundle is a script
// compiled through node:vm, handed the bytecode a previous run of the same command left behind: a
// start skips most of the parsing and compiling of the code it runs (issue 19: a cold start to
// /__admin/health within twice bare node:http's, `npm run bench`).
//
// The cache is dist/.cache/cli-bundle.<bundle hash>.<node>-<arch>.<command>.v8cache: made for this
// bundle (V8 itself checks only the source's length, so the name carries the build's hash of its
// content), this Node and this command (a `verify` run compiles other functions than a mock's start).
// V8 refuses a cache made under other V8 flags or another V8 (`cachedDataRejected`): the run then
// compiles as without one and writes a fresh one. Written by a run that succeeded, a second after the
// command's start finished (a mock: listening) or when it exits, whichever comes first; where dist/
// is not writable there is no cache and every start compiles. UNDERSTUDY_CODE_CACHE=0 turns it off;
// UNDERSTUDY_CODE_CACHE_DIR puts it elsewhere.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script, constants } from 'node:vm';

const BUNDLE_HASH = '@BUNDLE_HASH@';
const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'cli-bundle.cjs');
const args = process.argv.slice(2);
const command = /^[a-z]+$/.test(args[0] ?? '') ? args[0] : undefined;
const cacheFile =
  process.env.UNDERSTUDY_CODE_CACHE === '0' || command === undefined
    ? undefined
    : join(
        process.env.UNDERSTUDY_CODE_CACHE_DIR || join(here, '.cache'),
        `cli-bundle.${BUNDLE_HASH}.${process.version}-${process.arch}.${command}.v8cache`,
      );

// Node 20 maps no stack trace of code compiled through node:vm to its sources: a run with
// --enable-source-maps (a developer reading a stack) requires the bundle instead, without a cache,
// and its traces map to src/ through tsc's maps.
const sourceMaps = process.sourceMapsEnabled === true;
let cachedData;
try {
  if (cacheFile && !sourceMaps) cachedData = readFileSync(cacheFile);
} catch {
  // None yet: this run compiles, and leaves one.
}
const bundleUrl = pathToFileURL(bundle).href;
let script;
// The bundle is one function (bundle-cli.mjs), of what CommonJS passes a module and the URL its
// import.meta.url stands for.
let bundled;
if (sourceMaps) {
  bundled = createRequire(import.meta.url)(bundle);
} else {
  // The build makes the bundle ASCII (bundle-cli.mjs): read as Latin-1, a copy of its bytes, it costs
  // well under a millisecond, where UTF-8's decoder took 15-40 ms. One edited by hand still works.
  const bytes = readFileSync(bundle);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  script = new Script(source, {
    filename: bundle,
    cachedData,
    // The bundle's own import() of a file outside it (the dashboard's build script, from source).
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  bundled = script.runInThisContext();
}
const module = { exports: {} };
bundled(module.exports, createRequire(bundle), module, bundle, here, bundleUrl);

let written = false;
function writeCache() {
  if (written || !cacheFile || !script) return;
  written = true;
  // Renamed into place, and the caches of earlier builds of the bundle removed (src/common/code-cache.ts).
  module.exports.writeCodeCache(cacheFile, script.createCachedData());
}

// The files the build generated and the command requires (the validator tables) keep their code
// cache beside the bundle's (src/common/code-cache.ts).
if (script !== undefined && cacheFile) module.exports.useCodeCache(dirname(cacheFile));
const HELP = new Set(['-h', '--help', 'help', '-V', '--version']);
const status = await module.exports.runUnderstudy(args);
if (
  status === 0 &&
  script !== undefined &&
  (cachedData === undefined || script.cachedDataRejected) &&
  !args.some((a) => HELP.has(a))
) {
  setTimeout(writeCache, 1000).unref();
  process.once('exit', writeCache);
}
// A usage mistake (2) ends the process at once; otherwise it ends when its work is done: at once for
// verify and the like, on a signal for mock and proxy, which are listening.
if (status === 2) process.exit(2);
process.exitCode = status;
