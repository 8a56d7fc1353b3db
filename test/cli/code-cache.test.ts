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

  // One series of mock starts for the mock's caches (each start is a process: ~0.4 s of CPU).
  it("keeps a mock's validator tables beside the bundle's, and a second bundle cache once it served a vendor request, each read by the next start", async () => {
    dir = mkdtempSync(join(tmpdir(), 'understudy-code-cache-'));
    const served = () => cacheFiles().filter((name) => name.endsWith('.mock-served.v8cache'));
    const inode = (name: string | undefined) => statSync(join(dir, name ?? '')).ino;
    // A start that answers /__admin (journaled too) and, if asked, one vendor request; ended by SIGTERM.
    // Production: the request tables only (src/mock/server.ts preloads those).
    const start = async (vendorRequest: boolean) => {
      const mock = await spawnMock(['--vendors', 'groundwork,moogsoft'], {
        UNDERSTUDY_CODE_CACHE_DIR: dir,
        NODE_ENV: 'production',
      });
      expect((await fetch(`${mock.url}/__admin/health`)).status).toBe(200);
      if (vendorRequest) {
        const host = await fetch(`${mock.url}/api/hosts/localhost`, {
          headers: { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'test' },
        });
        expect(host.status).toBe(200);
      }
      mock.child.kill('SIGTERM');
      expect(await exited(mock.child)).toBe(0);
    };
    // /__admin only: the start's cache and the tables', no served one.
    await start(false);
    const mockCache = cacheFiles().filter((name) => name.endsWith('.mock.v8cache'));
    expect(mockCache).toHaveLength(1);
    expect(served()).toEqual([]);
    const tables = cacheFiles().filter((name) => !name.startsWith('cli-bundle.'));
    expect(tables.sort()).toEqual([
      expect.stringMatching(/^groundwork\.[0-9a-f]{16}\.requests\.cjs\.[0-9a-f]{16}\.v\d+\.\d+\.\d+-\w+\.v8cache$/),
      expect.stringMatching(/^moogsoft\.[0-9a-f]{16}\.requests\.cjs\.[0-9a-f]{16}\.v\d+\.\d+\.\d+-\w+\.v8cache$/),
    ]);
    const tablesWritten = tables.map((name) => statSync(join(dir, name)).ino);
    // Served before it ended: written as it exits (a second after the request when it runs on); the
    // tables' caches read, not written again (the same inodes: no rename).
    await start(true);
    expect(served()).toEqual([
      expect.stringMatching(/^cli-bundle\.[0-9a-f]{16}\.v\d+\.\d+\.\d+-\w+\.mock-served\.v8cache$/),
    ]);
    expect(tables.map((name) => statSync(join(dir, name)).ino)).toEqual(tablesWritten);
    const written = [inode(served()[0]), inode(mockCache[0])];
    // Read by the next start, which serves again and writes neither.
    await start(true);
    expect([inode(served()[0]), inode(mockCache[0])]).toEqual(written);
    // One V8 refuses is removed (every start would read it first), the start's cache written afresh.
    writeFileSync(join(dir, served()[0] ?? ''), Buffer.alloc(4096, 7));
    await start(false);
    expect(served()).toEqual([]);
    expect(inode(mockCache[0])).not.toBe(written[1]);
  });
});
