// The README's checkable facts that no behaviour test pins: the files, links and npm scripts it
// names, the flags and defaults it states, the limits it quotes and the counts it gives. Each is
// compared with the code, so a change to either side fails here, naming the README's sentence
// ("a claim is a test you owe"). Behaviours are the other test files' (/tmp map: claim → test).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/conformance/checks/index.js';
import { loadScenarios } from '../src/conformance/load-scenarios.js';
import { DEFAULT_LIMITS } from '../src/core/pipeline.js';
import { DEFAULT_SESSION_LIMITS } from '../src/core/sessions.js';
import type { CreateMockOptions } from '../src/embed/create-mock.js';
import type { StartMockOptions } from '../src/embed/start-mock.js';
import { MAX_INJECTED_LATENCY_MS } from '../src/mock/faults.js';
import { LINGER_MAX_MS } from '../src/mock/linger.js';
import { MAX_HEADER_BYTES } from '../src/mock/server.js';
import { MAX_LISTED_ISSUES } from '../src/spec/ajv.js';
import { MAX_FORM_FIELDS } from '../src/spec/codec.js';
import { PACKAGE_ROOT, SCENARIOS_DIR } from '../src/spec/paths.js';
import { FIRST_ISSUE_ONLY_BYTES } from '../src/spec/validators.js';
import { vendorModule } from '../src/vendors/index.js';
import { vendorDescriptor, vendorNames } from '../src/vendors/registry.js';
import type { Vendor } from '../src/vendors/types.js';
import { createGroundworkClient } from '../src/client.js';
import { createMock } from '../src/index.js';
import { runInProcess } from './helpers/cli.js';

const README = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
const read = (path: string) => readFileSync(join(PACKAGE_ROOT, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string } };

/** The README's text that `pattern` finds; a sentence reworded away fails here, not silently. */
function claim(pattern: RegExp): RegExpExecArray {
  const match = pattern.exec(README);
  if (!match) throw new Error(`README.md no longer says ${String(pattern)}: update this test with it`);
  return match;
}

const number = (text: string) => Number(text.replace(/,/g, ''));
const defaultsOf = (vendor: Vendor): Record<string, unknown> =>
  Object.fromEntries(Object.entries(vendorModule(vendor).options.properties).map(([key, s]) => [key, s.default]));
const thousands = (n: unknown) => Number(n).toLocaleString('en-US');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
const anchorsOf = (markdown: string) => new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1]!)));

describe('what the README names exists', () => {
  it('every file and folder of the repository it names (generated reports and dist/ aside)', () => {
    const named = [...README.matchAll(/`([^`\s]+)`|\]\(([^)\s#]+)/g)]
      .map((m) => (m[1] ?? m[2])!.replace(/#.*$/, ''))
      .filter((p) => /^(\.ci|src|test|specs|scenarios|bench|docker|reports)\/|^(Dockerfile|CONTRIBUTING\.md)$/.test(p))
      .filter((p) => !/[<>{}*…]/.test(p))
      // What a run writes (reports/*.md, .json) is not in a clone; reports/README.md is.
      .filter((p) => !p.startsWith('reports/') || p === 'reports/' || p === 'reports/README.md');
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((p) => !existsSync(join(PACKAGE_ROOT, p)))).toEqual([]);
  });

  it('every anchor it links to, in itself and in reports/README.md', () => {
    const own = anchorsOf(README);
    const reports = anchorsOf(read('reports/README.md'));
    const links = [...README.matchAll(/\]\((reports\/README\.md)?#([^)]+)\)/g)].map((m) => ({
      file: m[1] ?? 'README.md',
      anchor: m[2]!,
    }));
    expect(links.length).toBeGreaterThan(4);
    expect(links.filter((l) => !(l.file === 'README.md' ? own : reports).has(l.anchor))).toEqual([]);
  });

  it('every npm script it runs, and it names every script', () => {
    const run = new Set([...README.matchAll(/npm run ([\w:]+)/g)].map((m) => m[1]!));
    expect([...run].filter((s) => !(s in pkg.scripts))).toEqual([]);
    const said = (s: string) => run.has(s) || new RegExp(`\`npm ${s}\`|npm ${s}\\b`).test(README);
    expect(Object.keys(pkg.scripts).filter((s) => s !== 'prepare' && !said(s))).toEqual([]);
  });

  it('every environment variable of the benches it names is read by a bench script', () => {
    const benches = ['run', 'scale', 'pipeline', 'embedded', 'sessions', 'soak']
      .map((b) => read(`bench/${b}.ts`))
      .join('\n');
    const named = [...new Set([...README.matchAll(/\b(BENCH_[A-Z_]+|SCALE_SIZES)\b/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((v) => !benches.includes(`process.env.${v}`))).toEqual([]);
  });
});

describe('the flags and defaults it states', () => {
  it("the mock's synopsis: every flag is an option of `understudy mock`, with the defaults shown", async () => {
    const synopsis = claim(/```sh\nnpx understudy mock (\[[^]*?)```/)[1]!;
    const help = (await runInProcess(['mock', '--help'])).stdout;
    const flags = [...synopsis.matchAll(/\[(--[a-z-]+)(?: ([^\]\s]+))?/g)];
    expect(flags.length).toBeGreaterThan(15);
    for (const [, flag, value] of flags) {
      expect(help, flag).toMatch(new RegExp(`^\\s+(-\\w, )?${flag}\\b`, 'm'));
      // A number or an address in the synopsis is the default (`[--port 4010]`); a placeholder is not.
      if (value && /^[\d.]+$/.test(value))
        expect(help, `${flag} ${value}`).toMatch(new RegExp(`${flag} [^\\n]*default: "?${value}"?[,)]`));
    }
  });

  it('`--vendor` and `--vendors`: the same flag on mock, verify and fuzz', async () => {
    const commands = claim(/`--vendor` and\s+`--vendors` are the same flag on `(\w+)`, `(\w+)` and `(\w+)`/).slice(1);
    expect(commands).toEqual(['mock', 'verify', 'fuzz']);
    const target = ['--target', 'http://127.0.0.1:9'];
    for (const command of commands)
      for (const flag of ['--vendor', '--vendors']) {
        const ran = await runInProcess([command, ...(command === 'mock' ? [] : target), flag, 'nosuch']);
        expect(ran.stderr, `${command} ${flag}`).toMatch(/unknown vendor 'nosuch'/);
        expect(ran.code).toBe(2);
      }
  });

  it("the vendors' injected failure statuses", () => {
    const [, gw, polarity] = claim(/vendor's own format \(GroundWork\/Moogsoft (\d+), Polarity\/Boomi (\d+)\)/);
    const statuses = Object.fromEntries(vendorNames().map((v) => [v, vendorDescriptor(v).failureStatus]));
    expect(statuses).toEqual({ groundwork: +gw!, moogsoft: +gw!, polarity: +polarity!, boomi: +polarity! });
  });

  it('the vendor options `--set` takes: each vendor’s, every one', () => {
    const line = claim(/Vendor options \(`--set`\): ([^]*?)\.\n/)[1]!;
    const stated = Object.fromEntries(
      [...line.matchAll(/`(\w+)\.([\w|]+)`/g)].map((m) => [m[1]!, m[2]!.split('|').sort()]),
    );
    const declared = Object.fromEntries(vendorNames().map((v) => [v, Object.keys(defaultsOf(v)).sort()]));
    expect(stated).toEqual(declared);
  });

  it("the tokens table: each life and bound is the option's default", () => {
    const table = claim(/Tokens expire as the vendors' do[^]*?\n\n([^]*?)\n\n/)[1]!;
    const row = (vendor: string) => {
      const found = new RegExp(`^\\| ${vendor} \\| [^\\n]*`, 'm').exec(table);
      if (!found) throw new Error(`no ${vendor} row in the README's tokens table`);
      return found[0];
    };
    const gw = defaultsOf('groundwork');
    expect(gw.tokenIdleSeconds).toBe(8 * 3600);
    expect(row('GroundWork')).toContain(
      `| 8 h unused (every use renews it): \`tokenIdleSeconds\`, ${thousands(gw.tokenIdleSeconds)} |`,
    );
    expect(row('GroundWork')).toContain(`| ${thousands(gw.maxSessions)} (\`maxSessions\`)`);
    const polarity = defaultsOf('polarity');
    expect(polarity.tokenTtlSeconds).toBe(86_400);
    expect(row('Polarity')).toContain('| `tokenTtlSeconds`, 1 day');
    expect(row('Polarity')).toContain(`| ${thousands(polarity.maxSessions)} (\`maxSessions\``);
    const boomi = defaultsOf('boomi');
    expect(boomi.tokenTtlSeconds).toBe(30 * 60);
    expect(row('Boomi')).toContain('| `tokenTtlSeconds`, 30 min |');
    expect(claim(/expired \(after (\d+) minutes, `boomi\.tokenTtlSeconds`\)/)[1]).toBe('30');
    expect(row('Boomi')).toContain(`| ${thousands(boomi.maxTokens)} (\`maxTokens\``);
  });

  it("createMock's and startMock's options, every one", () => {
    // Typed: an option added to CreateMockOptions or StartMockOptions must be added here, and then
    // to the README's list.
    const create: Record<keyof CreateMockOptions, true> = {
      vendors: true,
      fixtures: true,
      vendorOptions: true,
      validateResponses: true,
      faults: true,
      cors: true,
      limits: true,
      journalSize: true,
      now: true,
      sessions: true,
    };
    const start: Record<Exclude<keyof StartMockOptions, keyof CreateMockOptions>, true> = {
      port: true,
      host: true,
      adminToken: true,
      stateFile: true,
    };
    const bullet = claim(/- `createMock` options: ([^]*?)`startMock` takes the same plus ([^]*?)\.\n/);
    const names = (text: string) => [...text.matchAll(/`(\w+)`/g)].map((m) => m[1]!);
    const listed = names(bullet[1]!.replace(/\([^)]*\)/g, ''));
    expect(listed.sort()).toEqual(Object.keys(create).sort());
    expect(names(bullet[2]!).sort()).toEqual(Object.keys(start).sort());
  });

  it("the Node version, the container's default base, Prettier's width, what ESLint reads", () => {
    const node = claim(/## Setup \(fresh machine, Node ≥ ([\d.]+)\)/)[1]!;
    expect(pkg.engines.node).toBe(`>=${node}`);
    const base = claim(/--build-arg BASE=<image>: another Node ≥ ([\d.]+) base \(default ([^)]+)\)/);
    expect(base[1]).toBe(node);
    expect(read('Dockerfile')).toMatch(new RegExp(`^ARG BASE=${base[2]!.replace(/[.]/g, '\\.')}$`, 'm'));
    const width = claim(/Prettier \(`\.prettierrc\.json`, printWidth (\d+)\)/)[1]!;
    expect((JSON.parse(read('.prettierrc.json')) as { printWidth: number }).printWidth).toBe(Number(width));
    const dirs = claim(/ESLint over `src\/`, `test\/`, `bench\/` and `\.ci\/`/)[0].match(/`([^`]+)\/`/g)!;
    expect(pkg.scripts['lint:code']).toBe(`eslint ${dirs.map((d) => d.slice(1, -2)).join(' ')} --max-warnings 0`);
  });
});

describe('the limits and counts it quotes', () => {
  it("the mock's request limits", () => {
    expect(claim(/a body over (\d+) MiB: 413/)[1]).toBe(String(DEFAULT_LIMITS.maxBodyBytes / 1024 / 1024));
    expect(claim(/a URL over (\d+) KiB:\s+414/)[1]).toBe(String(DEFAULT_LIMITS.maxUrlLength / 1024));
    expect(claim(/headers over (\d+) KiB: 431/)[1]).toBe(String(MAX_HEADER_BYTES / 1024));
    expect(claim(/for\s+up to (\d+) s, before it closes/)[1]).toBe(String(LINGER_MAX_MS / 1000));
    expect(claim(/Injected latency is capped at\s+(\d+) s per request/)[1]).toBe(
      String(MAX_INJECTED_LATENCY_MS / 1000),
    );
    expect(claim(/`Preference-Applied: latency=(\d+)`/)[1]).toBe(String(MAX_INJECTED_LATENCY_MS));
  });

  it('how much a 400 says, and how large a form may be', () => {
    expect(number(claim(/A 400 lists the\s+first (\d+) issues/)[1]!)).toBe(MAX_LISTED_ISSUES);
    expect(number(claim(/a body over (\d+) KiB is checked up to its first\s+issue/)[1]!) * 1024).toBe(
      FIRST_ISSUE_ONLY_BYTES,
    );
    expect(number(claim(/a form\s+of more than ([\d,]+) fields is refused/)[1]!)).toBe(MAX_FORM_FIELDS);
  });

  it("test sessions' defaults", () => {
    const ttl = DEFAULT_SESSION_LIMITS.ttlMs / 1000;
    expect(claim(/`--session-ttl` seconds \(default (\d+)\)/)[1]).toBe(String(ttl));
    expect(claim(/At most `--max-sessions` \(default (\d+)\)/)[1]).toBe(String(DEFAULT_SESSION_LIMITS.max));
    expect(claim(/\[--session-ttl (\d+)\] \[--max-sessions (\d+)\]/).slice(1)).toEqual([
      String(ttl),
      String(DEFAULT_SESSION_LIMITS.max),
    ]);
  });

  it("the CLI bundle's modules: about as many as it says (within 10%)", () => {
    // dist/ is built by test/global-setup.ts; the bundle's source map names each module it holds.
    const { sources } = JSON.parse(read('dist/cli-bundle.cjs.map')) as { sources: string[] };
    const ours = sources.filter((s) => !s.includes('node_modules')).length;
    const stated = number(claim(/rather than resolving and linking some (\d+) modules/)[1]!);
    expect(Math.abs(stated / ours - 1), `README ${stated}, the bundle ${ours}`).toBeLessThan(0.1);
  });

  it('the scenarios verify runs: how many, per vendor, and the checks it names', () => {
    const { scenarios, issues } = loadScenarios(SCENARIOS_DIR);
    expect(issues).toEqual([]);
    expect(number(claim(/none of the (\d+) scenarios pass on it/)[1]!)).toBe(scenarios.length);
    expect(number(claim(/(\d+)\.\d s for the (\d+) suites/)[2]!)).toBe(scenarios.length);
    const titles = { groundwork: 'GroundWork', moogsoft: 'Moogsoft', polarity: 'Polarity', boomi: 'Boomi' };
    for (const [vendor, title] of Object.entries(titles)) {
      const count = scenarios.filter((s) => s.vendor === vendor).length;
      const row = claim(new RegExp(`^\\| ${title} \\| 0/(\\d+)[^|]*\\|[^|]*\\| (\\d+)/(\\d+) \\|$`, 'm'));
      expect(row.slice(1).map(Number), title).toEqual([count, count, count]);
    }
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
    expect(claim(/checks every response with (\w+) named checks/)[1]).toBe(words[CHECKS.length]);
  });
});

describe('its examples run', () => {
  it('Typed clients: the GroundWork call, with the headers the README gives, reads the host', async () => {
    const example = claim(/### Typed clients\n```ts\n([^]*?)```/)[1]!;
    const call =
      "gw.GET('/api/hosts/{hostName}', { params: { path: { hostName: 'localhost' }, query: { depth: 'deep' } } })";
    expect(example).toContain(call);
    // The README's header literal, its values as written (`token` is the token a login gave).
    const literal = /headers: \{([^}]*)\}/.exec(example)![1]!;
    const token = 'understudy-demo-token';
    const headers = Object.fromEntries(
      [...literal.matchAll(/'?([\w-]+)'?: (?:'([^']*)'|(\w+))/g)].map((m) => [
        m[1]!,
        m[2] ?? (m[3] === 'token' ? token : m[3]!),
      ]),
    );
    const mock = await createMock({ vendors: ['groundwork'] });
    try {
      const gw = createGroundworkClient({ baseUrl: 'http://127.0.0.1:4010', headers, fetch: (r) => mock.fetch(r) });
      // GroundWork answers XML unless JSON is asked for: without Accept the client cannot read the answer.
      const { data } = await gw.GET('/api/hosts/{hostName}', {
        params: { path: { hostName: 'localhost' }, query: { depth: 'deep' } },
      });
      expect(data).toMatchObject({ hostName: 'localhost', services: expect.any(Array) });
    } finally {
      await mock.close();
    }
  });
});
