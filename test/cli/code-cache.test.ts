import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { exited, runCli, spawnMock } from '../helpers/cli.js';

// dist/cli.js runs the CLI's bundle with V8's code cache (src/tools/cli-loader.mjs): a run that
// succeeded leaves one per command (and removes earlier builds'), the next run of that command reads it, and a cache V8 refuses
// (another Node, other V8 flags, a damaged file) is compiled past and replaced. What it saves is
// measured by `npm run bench` (the cold start), not here.
const ARGS = ['fixtures', '--hosts', '3', '--services-per-host', '1'];

let dir = '';
const cacheFiles = () => readdirSync(dir).filter((name) => name.endsWith('.v8cache'));

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The run, its summary line's elapsed time (`in 0.0 s`, which varies between runs) left out. */
async function run(args: string[], env: Record<string, string> = {}) {
  const ran = await runCli(args, { UNDERSTUDY_CODE_CACHE_DIR: dir, ...env });
  return { ...ran, stderr: ran.stderr.replace(/ in \d+(\.\d+)? s\)/g, ' in … s)') };
}

describe('the CLI code cache', () => {
  // The damaged cache is the one the first run wrote: a test of its own would spend a run writing one.
  it('is written by a successful run, per command, read by the next, which prints the same, and replaced when V8 refuses it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-code-cache-'));
    // An earlier build's cache, which the first run's writing removes (builds leave no trail).
    writeFileSync(join(dir, `cli-bundle.0123456789abcdef.${process.version}-${process.arch}.fixtures.v8cache`), 'x');
    const first = await run(ARGS);
    expect(first.code).toBe(0);
    expect(cacheFiles()).toEqual([
      expect.stringMatching(/^cli-bundle\.[0-9a-f]{16}\.v\d+\.\d+\.\d+-\w+\.fixtures\.v8cache$/),
    ]);
    const file = join(dir, cacheFiles()[0] ?? '');
    const written = statSync(file);
    const second = await run(ARGS);
    expect(second).toEqual(first);
    // Read, not refused and written again (a rename would leave another inode): the second run
    // compiled with the flags the cache was made under.
    expect(statSync(join(dir, cacheFiles()[0] ?? '')).ino).toBe(written.ino);

    // A cache V8 refuses is replaced, and the run still succeeds.
    const damaged = Buffer.alloc(4096, 7);
    writeFileSync(file, damaged);
    expect(await run(ARGS)).toEqual(first);
    expect(readFileSync(file).equals(damaged)).toBe(false);
    expect(readFileSync(file).length).toBeGreaterThan(damaged.length);
  });

  it('is left aside under --enable-source-maps, whose stack traces then name the sources', async () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-code-cache-'));
    // Node 20 maps no trace of code compiled through node:vm: the loader requires the bundle then.
    // The probe prints the stack of the CLI's first write to stdout.
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      `const write = process.stderr.write.bind(process.stderr);
let shown = false;
const original = process.stdout.write.bind(process.stdout);
process.stdout.write = (...args) => {
  if (!shown) { shown = true; write('probe' + new Error().stack + '\\n'); }
  return original(...args);
};
`,
    );
    const ran = await run(ARGS, { NODE_OPTIONS: `--enable-source-maps --import=${pathToFileURL(probe).href}` });
    expect(ran.code).toBe(0);
    expect(ran.stderr).toMatch(/probe[^]*src[\\/]commands[\\/][\w-]+\.ts:\d+/);
    expect(cacheFiles()).toEqual([]);
  });

  it('is not written by a usage mistake, a help text or when turned off', async () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-code-cache-'));
    expect((await run(['fixtures', '--hosts', 'many'])).code).toBe(2);
    expect((await run(['fixtures', '--help'])).code).toBe(0);
    expect((await run(ARGS, { UNDERSTUDY_CODE_CACHE: '0' })).code).toBe(0);
    expect(cacheFiles()).toEqual([]);
  });

  it("keeps a mock's validator tables beside the bundle's, read by the next start", async () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-code-cache-'));
    // Production: the request tables only (src/mock/server.ts preloads those).
    const start = async () => {
      const mock = await spawnMock(['--vendors', 'groundwork,moogsoft'], {
        UNDERSTUDY_CODE_CACHE_DIR: dir,
        NODE_ENV: 'production',
      });
      expect((await fetch(`${mock.url}/__admin/health`)).status).toBe(200);
      mock.child.kill('SIGTERM');
      expect(await exited(mock.child)).toBe(0);
    };
    await start();
    const tables = cacheFiles().filter((name) => !name.startsWith('cli-bundle.'));
    expect(tables.sort()).toEqual([
      expect.stringMatching(/^groundwork\.[0-9a-f]{16}\.requests\.cjs\.[0-9a-f]{16}\.v\d+\.\d+\.\d+-\w+\.v8cache$/),
      expect.stringMatching(/^moogsoft\.[0-9a-f]{16}\.requests\.cjs\.[0-9a-f]{16}\.v\d+\.\d+\.\d+-\w+\.v8cache$/),
    ]);
    const written = tables.map((name) => statSync(join(dir, name)).ino);
    await start();
    expect(tables.map((name) => statSync(join(dir, name)).ino)).toEqual(written);
  });
});
