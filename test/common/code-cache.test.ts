import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheFileOf, requireGenerated, useCodeCache } from '../../src/common/code-cache.js';

// The code cache of the files the build generates (src/common/code-cache.ts), which the CLI turns on:
// the cache a run leaves is read by the next, one V8 refuses is replaced, and one made for other
// bytes is never used, even for a file of the same name and length (V8 checks only the length).
let dir = '';
afterEach(() => {
  useCodeCache(undefined);
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

/** A generated file of this content, compiled with the cache in `dir/cache`, and its cache written. */
function load(file: string, content: string): { exports: unknown; cache: string } {
  writeFileSync(file, content);
  useCodeCache(join(dir, 'cache'));
  vi.useFakeTimers();
  const exports = requireGenerated(file);
  vi.advanceTimersByTime(1000);
  vi.useRealTimers();
  return { exports, cache: cacheFileOf(join(dir, 'cache'), file, readFileSync(file)) };
}

const cached = () => readdirSync(join(dir, 'cache')).filter((name) => name.endsWith('.v8cache'));

describe('the code cache of generated files', () => {
  it('is written a second after a file is compiled and read by the next compile, which leaves it', () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-generated-cache-'));
    const file = join(dir, 'table.cjs');
    const first = load(file, 'exports.answer = (() => 42)();\n');
    expect(first.exports).toEqual({ answer: 42 });
    expect(cached()).toEqual([expect.stringMatching(/^table\.cjs\.[0-9a-f]{16}\.v\d+\.\d+\.\d+-\w+\.v8cache$/)]);
    const written = statSync(first.cache);
    const second = load(file, 'exports.answer = (() => 42)();\n');
    expect(second.exports).toEqual({ answer: 42 });
    // Accepted, not refused and written again (a rename would leave another inode).
    expect(statSync(second.cache).ino).toBe(written.ino);
  });

  it('is never used for other bytes of the same length: the file is compiled afresh', () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-generated-cache-'));
    const file = join(dir, 'table.cjs');
    const old = load(file, 'exports.answer = (() => 42)();\n');
    const edited = load(file, 'exports.answer = (() => 43)();\n');
    expect(edited.exports).toEqual({ answer: 43 });
    expect(edited.cache).not.toBe(old.cache);
    // The earlier build's cache is removed with the new one's writing: builds leave no trail.
    expect(cached()).toEqual([basename(edited.cache)]);
  });

  it("keeps the caches of other files and of this build for another Node, removes only earlier builds'", () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-generated-cache-'));
    // Named as the build names a table: by the hash of its spec.
    const file = join(dir, 'vendor.aaaaaaaaaaaaaaaa.requests.cjs');
    const content = 'exports.answer = (() => 44)();\n';
    const current = basename(cacheFileOf(join(dir, 'cache'), file, Buffer.from(content)));
    const otherNode = current.replace(/\.v\d+\.\d+\.\d+-/, '.v99.0.0-');
    const earlier = [
      'vendor.aaaaaaaaaaaaaaaa.requests.cjs.0123456789abcdef.v20.0.0-x64.v8cache',
      'vendor.bbbbbbbbbbbbbbbb.requests.cjs.0123456789abcdef.v99.0.0-x64.v8cache',
    ];
    const others = [
      'vendor.aaaaaaaaaaaaaaaa.responses.cjs.0123456789abcdef.v20.0.0-x64.v8cache',
      'vendors.bbbbbbbbbbbbbbbb.requests.cjs.0123456789abcdef.v20.0.0-x64.v8cache',
      'cli-bundle.0123456789abcdef.v20.0.0-x64.mock.v8cache',
    ];
    mkdirSync(join(dir, 'cache'));
    for (const name of [otherNode, ...earlier, ...others]) writeFileSync(join(dir, 'cache', name), 'x');
    expect(load(file, content).exports).toEqual({ answer: 44 });
    expect(cached().sort()).toEqual([current, otherNode, ...others].sort());
  });

  it('replaces a cache V8 refuses, and the file still loads', () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-generated-cache-'));
    const file = join(dir, 'table.cjs');
    // Source this process has not compiled yet (V8 would take its own in-memory copy of it instead).
    const content = `exports.answer = (() => 42)(); // ${dir}\n`;
    writeFileSync(file, content);
    const cache = cacheFileOf(join(dir, 'cache'), file, Buffer.from(content));
    const damaged = Buffer.alloc(4096, 7);
    mkdirSync(join(dir, 'cache'));
    writeFileSync(cache, damaged);
    expect(load(file, content).exports).toEqual({ answer: 42 });
    expect(readFileSync(cache).equals(damaged)).toBe(false);
    expect(readFileSync(cache).length).toBeGreaterThan(0);
  });

  it('is not kept unless the CLI asks: a plain require then', () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-generated-cache-'));
    const file = join(dir, 'plain.cjs');
    writeFileSync(file, 'exports.answer = 7;\n');
    vi.useFakeTimers();
    expect(requireGenerated(file)).toEqual({ answer: 7 });
    vi.advanceTimersByTime(1000);
    expect(readdirSync(dir)).toEqual(['plain.cjs']);
  });
});
