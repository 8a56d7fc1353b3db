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
// is not writable there is no cache and every start compiles. A mock also writes a second one,
// `<command>-served`, a second after its first vendor request: what serving compiled is in it too
// (the request path's bytecode: some 25 ms less of the main thread's CPU, and 15 ms of the compiler
// threads', in a start's first 50 requests, issue 19's ready-means-ready), and the next start reads
// it first. UNDERSTUDY_CODE_CACHE=0 turns it off;
// UNDERSTUDY_CODE_CACHE_DIR puts it elsewhere.
import { isAscii } from 'node:buffer';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script, constants } from 'node:vm';

const BUNDLE_HASH = '@BUNDLE_HASH@';
const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'cli-bundle.cjs');
const args = process.argv.slice(2);
const command = /^[a-z]+$/.test(args[0] ?? '') ? args[0] : undefined;
const cacheName = (kind) =>
  join(
    process.env.UNDERSTUDY_CODE_CACHE_DIR || join(here, '.cache'),
    `cli-bundle.${BUNDLE_HASH}.${process.version}-${process.arch}.${kind}.v8cache`,
  );
const cacheFile = process.env.UNDERSTUDY_CODE_CACHE === '0' || command === undefined ? undefined : cacheName(command);
// The cache a mock writes a second after its first request (src/common/code-cache.ts, onServed): the
// start's code and what serving compiled. Read before the start's own cache when there is one.
const servedFile = cacheFile && command === 'mock' ? cacheName(`${command}-served`) : undefined;

// Node 20 maps no stack trace of code compiled through node:vm to its sources: a run with
// --enable-source-maps (a developer reading a stack) requires the bundle instead, without a cache,
// and its traces map to src/ through tsc's maps.
const sourceMaps = process.sourceMapsEnabled === true;
let cachedData;
let readServed = false;
for (const file of sourceMaps ? [] : [servedFile, cacheFile]) {
  try {
    if (file) cachedData = readFileSync(file);
    readServed = cachedData !== undefined && file === servedFile;
    if (cachedData) break;
  } catch {
    // None yet: this run compiles, and leaves one.
  }
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

const written = new Set();
function writeCache(file = cacheFile) {
  if (written.has(file) || !file || !script) return;
  written.add(file);
  // Renamed into place, and the caches of earlier builds of the bundle removed (src/common/code-cache.ts).
  module.exports.writeCodeCache(file, script.createCachedData());
}

// The files the build generated and the command requires (the validator tables) keep their code
// cache beside the bundle's (src/common/code-cache.ts).
if (script !== undefined && cacheFile) module.exports.useCodeCache(dirname(cacheFile));
const HELP = new Set(['-h', '--help', 'help', '-V', '--version']);
const status = await module.exports.runUnderstudy(args);
const compiled = script !== undefined && (cachedData === undefined || script.cachedDataRejected);
if (status === 0 && compiled && !args.some((a) => HELP.has(a))) {
  // A served cache V8 refused would be read (and refused) before the start's own by every start.
  try {
    if (readServed) rmSync(servedFile, { force: true });
  } catch {
    // A folder not ours to change: its caches are as they were, and every start compiles.
  }
  setTimeout(writeCache, 1000).unref();
  process.once('exit', () => writeCache());
}
// A mock started without the served cache writes it a second after its first request, or as it
// exits if that comes first; one that never serves leaves none.
if (status === 0 && servedFile && script !== undefined && (!readServed || script.cachedDataRejected)) {
  module.exports.onServed(() => {
    setTimeout(() => writeCache(servedFile), 1000).unref();
    process.once('exit', () => writeCache(servedFile));
  });
}
// A usage mistake (2) ends the process at once; otherwise it ends when its work is done: at once for
// verify and the like, on a signal for mock and proxy, which are listening.
if (status === 2) process.exit(2);
process.exitCode = status;
