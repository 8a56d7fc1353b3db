import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/*
 * V8's code cache for the CommonJS files the build generates (the validator tables, dist/validators),
 * as the CLI's loader keeps one for its bundle (src/tools/cli-loader.mjs). Node 20's require keeps
 * no compiled code between runs: GroundWork's request table alone (0.6 MB of ajv's code) took some
 * 15 ms of a cold start's CPU to compile, 5 ms with its cache. Only the CLI turns this on (its
 * loader calls useCodeCache with its own cache folder); a process that embeds the mock requires the
 * files as before and writes nothing.
 *
 * A cache is named by the file's name and the hash of its content (V8 itself checks only the
 * source's length), this Node and this architecture. V8 refuses one made by another V8 or under
 * other flags (`cachedDataRejected`): the file is compiled as without one and a fresh cache written.
 * Written a second after the file was first compiled (by then a mock's start and first requests
 * have compiled the functions they use, which the cache then holds) or when the process exits,
 * whichever comes first; renamed into place, so processes started together each write theirs whole.
 */

/*
 * A run's first served request (the CLI's mock: its first vendor request answered). A cache written
 * before it holds the code of the start only; one written a second after it also holds what serving
 * compiled, which a later start then skips compiling in its first requests. The CLI's loader
 * (src/tools/cli-loader.mjs) writes that second cache once, when its start had none to read.
 */
let served = false;
const servedListeners: Array<() => void> = [];

/** Says this run has served its first request (once; later calls do nothing). */
export function markServed(): void {
  if (served) return;
  served = true;
  for (const listener of servedListeners.splice(0)) listener();
}

/** Calls back once this run has served its first request (at once if it has). */
export function onServed(listener: () => void): void {
  if (served) listener();
  else servedListeners.push(listener);
}

let cacheDir: string | undefined;
const loaded = new Map<string, unknown>();

/**
 * Keeps the code cache of generated files in this folder (undefined: none, plain require). Files
 * required after this are compiled afresh, with the new folder's cache.
 */
export function useCodeCache(dir: string | undefined): void {
  cacheDir = dir;
  loaded.clear();
}

const nodeRequire = createRequire(import.meta.url);
const unwritten = new Map<string, Script>();
let exitHooked = false;

/** A generated CommonJS file's exports, compiled with its code cache when the CLI keeps one. */
export function requireGenerated(file: string): unknown {
  if (cacheDir === undefined) return nodeRequire(file);
  if (!loaded.has(file)) loaded.set(file, compileCached(file, cacheDir));
  return loaded.get(file);
}

/** The cache file of these bytes (exported for tests). */
export function cacheFileOf(dir: string, file: string, bytes: Buffer): string {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  return join(dir, `${basename(file)}.${hash}.${process.version}-${process.arch}.v8cache`);
}

function compileCached(file: string, dir: string): unknown {
  const bytes = readFileSync(file);
  const cacheFile = cacheFileOf(dir, file, bytes);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // None yet: this run compiles, and leaves one.
  }
  // Generated code is ASCII: Latin-1 is a copy of the bytes, UTF-8's decoder is much slower (Node 20).
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const wrapper = '(function (exports, require, module, __filename, __dirname) {';
  const script = new Script(`${wrapper}${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    createRequire(file),
    module,
    file,
    dirname(file),
  );
  if (cachedData === undefined || script.cachedDataRejected) scheduleWrite(cacheFile, script);
  return module.exports;
}

function scheduleWrite(cacheFile: string, script: Script): void {
  if (!exitHooked) process.once('exit', writeCaches);
  exitHooked = true;
  unwritten.set(cacheFile, script);
  setTimeout(() => writeCache(cacheFile), 1000).unref();
}

function writeCaches(): void {
  for (const cacheFile of [...unwritten.keys()]) writeCache(cacheFile);
}

function writeCache(cacheFile: string): void {
  const script = unwritten.get(cacheFile);
  if (!script) return;
  unwritten.delete(cacheFile);
  writeCodeCache(cacheFile, script.createCachedData());
}

/**
 * Puts a code cache in place (renamed: processes started together each write theirs whole) and
 * removes the caches of the same file's earlier builds: a cache is named `<file>.<hash of its
 * source>.<rest>`, and a rebuilt file is never again the source an older hash was made from, so each
 * build would otherwise leave its caches behind (half a megabyte and more each). Caches of the same
 * build for another Node or command are kept (two installs given one UNDERSTUDY_CODE_CACHE_DIR take
 * turns). Used by the CLI's loader for the bundle's cache too.
 */
export function writeCodeCache(cacheFile: string, data: Buffer): void {
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only install: no cache, each start compiles.
    return;
  }
  dropEarlierBuilds(cacheFile);
}

function dropEarlierBuilds(cacheFile: string): void {
  const ours = buildOf(basename(cacheFile));
  if (!ours) return;
  try {
    for (const other of readdirSync(dirname(cacheFile))) {
      const theirs = buildOf(other);
      if (theirs && theirs.kind === ours.kind && theirs.build !== ours.build)
        rmSync(join(dirname(cacheFile), other), { force: true });
    }
  } catch {
    // Another process removed it first, or the folder is not ours to change: the cache itself is written.
  }
}

/**
 * A cache name's build (the file's name and the hash of its source, as in
 * `groundwork.<spec hash>.requests.cjs.<hash>`) and its kind (that with every hash left out: the same
 * file of another build).
 */
function buildOf(name: string): { build: string; kind: string } | undefined {
  const parts = /^(.*\.[0-9a-f]{16})\.v\d+\.\d+\.\d+-.+\.v8cache$/.exec(name);
  if (!parts?.[1]) return undefined;
  return { build: parts[1], kind: parts[1].replace(/\.[0-9a-f]{16}(?=\.|$)/g, '.#') };
}
