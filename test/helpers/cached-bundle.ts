import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, version, type BuildOptions } from 'esbuild';

/** Where bundles outlive a test run: beside vitest's and vite's own caches, ignored by git with node_modules. */
const CACHE = resolve('node_modules', '.cache', 'understudy-tests');

/** An input with no file behind it (esbuild's namespaces, e.g. a disabled module). */
const ABSENT = '-';

interface Entry {
  /** Every file esbuild read, relative to the working directory, with the SHA-256 of its content. */
  inputs: Record<string, string>;
  code: string;
}

/**
 * An esbuild bundle (one output file, not written), reused from an earlier test run when every file
 * it was built from still has the content it had then: bundling the service worker test's page
 * (~480 files, 1.7 MB) costs ~0.9 s of esbuild's CPU per run, checking the inputs ~30 ms. A changed,
 * added or removed import changes some input's content, so a stale bundle is never served. The key
 * holds the options, esbuild's version, package-lock.json and tsconfig.json, so other options, another
 * esbuild or other packages build afresh.
 */
export async function cachedBundle(options: BuildOptions): Promise<string> {
  // What steers resolution without being an input: the installed packages and the compiler options.
  const steering = ['package-lock.json', 'tsconfig.json'].map(hashOf);
  const key = sha256(JSON.stringify({ options, version, steering }));
  const file = join(CACHE, `${key}.json`);
  const cached = read(file);
  if (cached && Object.entries(cached.inputs).every(([path, hash]) => (hashOf(path) ?? ABSENT) === hash))
    return cached.code;
  const result = await build({ ...options, write: false, metafile: true });
  const code = result.outputFiles[0]!.text;
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((path) => [path, hashOf(path) ?? ABSENT]));
  mkdirSync(CACHE, { recursive: true });
  // Written whole, then renamed: a worker reading at the same time sees the old entry or the new one.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify({ inputs, code } satisfies Entry));
  renameSync(partial, file);
  return code;
}

function read(file: string): Entry | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Entry;
  } catch {
    return undefined;
  }
}

function hashOf(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
