import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { markServed } from '../common/code-cache.js';
import { NO_FAULTS, parseFaultConfig, parseLatency, type FaultConfig, type FaultRule } from '../mock/faults.js';
import { parseCorsPolicy, type CorsPolicy } from '../mock/cors.js';
import { DEFAULT_SESSION_LIMITS } from '../core/sessions.js';
import { MockServer, defaultOptions } from '../mock/server.js';
import type { FixtureSet } from '../mock/types.js';
import { optionsHelp, vendorOptionsFrom } from '../mock/vendor-options.js';
import { processIo, type CliIo, type CliRun } from './io.js';
import { vendorFilter, vendorFilterAlias, vendorFilterOption } from './vendor-filter.js';

interface MockFlags {
  port: string;
  host: string;
  vendors?: string;
  vendor?: string;
  fixtures: FixtureSet;
  set: string[];
  vendorOptions?: string;
  validateResponses: boolean;
  latency?: string;
  errorRate?: string;
  errorStatus?: string;
  dropRate?: string;
  faultSeed?: string;
  faults?: string;
  stateFile?: string;
  adminToken?: string;
  adminPort?: string;
  adminAllowHost: string[];
  cors: CorsPolicy;
  sessionTtl: number;
  maxSessions: number;
}

function rate(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new Error(`${name} ${value}: a rate is a number from 0 to 1, e.g. 0.05`);
  return n;
}

/** `--faults file.json`, every mistake named with the file. */
function faultsFile(file: string): FaultConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--faults ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseFaultConfig(JSON.parse(text));
  } catch (error) {
    throw new Error(
      `--faults ${file}: ${(error as Error).message} (the file holds what PUT /__admin/faults takes: {"enabled": true, "rules": [{"errorRate": 0.1}]})`,
      { cause: error },
    );
  }
}

/** Global fault flags become one rule; a --faults file adds its own rules. */
function faultsFrom(flags: MockFlags): FaultConfig {
  const fromFile = flags.faults ? faultsFile(flags.faults) : undefined;
  const rule: FaultRule = {
    latency: flags.latency ? parseLatency(flags.latency) : undefined,
    errorRate: rate('--error-rate', flags.errorRate),
    errorStatus: flags.errorStatus ? Number(flags.errorStatus) : undefined,
    dropRate: rate('--drop-rate', flags.dropRate),
  };
  const hasRule = rule.latency || rule.errorRate || rule.dropRate;
  if (!fromFile && !hasRule) return NO_FAULTS;
  return {
    enabled: true,
    seed: flags.faultSeed ? Number(flags.faultSeed) : (fromFile?.seed ?? 1),
    rules: [...(fromFile?.rules ?? []), ...(hasRule ? [rule] : [])],
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parsePort(value: string): string {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return value;
}

function wholeNumber(unit: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`a whole number of ${unit}, at least 1`);
    return n;
  };
}

function corsPolicy(value: string): CorsPolicy {
  try {
    return parseCorsPolicy(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** The common literal prefix of a vendor's paths: where its API lives on this server. */
function basePath(mock: MockServer, vendor: string): string {
  const paths = (mock.vendors.get(vendor)?.spec.operations ?? []).map((op) => op.path.split('{', 1)[0] ?? '');
  let prefix = paths[0] ?? '/';
  for (const p of paths) while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf('/') + 1) || '/';
}

export async function startMockFromFlags(flags: MockFlags, io: CliIo = processIo): Promise<MockServer> {
  const say = (text: string) => io.out(`${text}\n`);
  const started = performance.now();
  const mock = new MockServer(
    defaultOptions({
      vendors: vendorFilter(flags),
      fixtures: flags.fixtures,
      vendorOptions: vendorOptionsFrom(flags.set, flags.vendorOptions),
      ...(!flags.validateResponses ? { validateResponses: false } : {}),
      faults: faultsFrom(flags),
      cors: flags.cors,
      sessions: { ttlMs: flags.sessionTtl * 1000, max: flags.maxSessions },
      stateFile: flags.stateFile,
      // A broken host found after listening (a large file's lazy load) ends the command as a start
      // on that file would have: its message, then status 2.
      onStateFileError: (error) => {
        io.err(`understudy: ${error.message}\n`);
        process.exit(2);
      },
      admin: {
        token: flags.adminToken,
        port: flags.adminPort === undefined ? undefined : Number(parsePort(flags.adminPort)),
        allowHosts: flags.adminAllowHost
          .flatMap((h) => h.split(','))
          .map((h) => h.trim())
          .filter(Boolean),
      },
    }),
  );
  const url = await listen(mock, flags);
  const ms = Math.round(performance.now() - started);
  const rows = [...mock.vendors.values()].map((v): [string, string, string] => [
    v.module.title,
    url + basePath(mock, v.module.vendor),
    v.module.credentials(v.options).summary,
  ]);
  const width = (i: 0 | 1, least: number) => Math.max(...rows.map((r) => r[i].length), least);
  const widths = [width(0, 6), width(1, 8)] as const;
  const line = (r: readonly string[]) =>
    `  ${(r[0] ?? '').padEnd(widths[0])}  ${(r[1] ?? '').padEnd(widths[1])}  ${r[2] ?? ''}`;
  const state = mock.stateLoadedFrom ? `state loaded from ${mock.stateLoadedFrom}` : `fixtures: ${flags.fixtures}`;
  say(`${pc.bold('understudy mock')} listening on ${pc.cyan(url)} (ready in ${ms} ms, ${state})`);
  say(pc.dim(line(['vendor', 'base URL', 'demo credentials'])));
  for (const r of rows) say(line(r));
  const adminUrl = mock.adminUrl ?? url;
  const endpoints = '/__admin/health, /__admin/state, /__admin/requests, /__admin/faults, /__admin/sessions';
  const needsToken = mock.admin.token ? ' (needs the admin token)' : '';
  say(`  dashboard: ${adminUrl}/__admin/ui   admin API: ${endpoints}, POST /__admin/reset${needsToken}`);
  if (mock.admin.tokenGenerated) {
    say(
      pc.yellow(
        `  ${flags.host} is reachable from the network, so the admin API needs a token; this run's is ${pc.bold(mock.admin.token)}`,
      ),
    );
    say(
      pc.yellow(
        `  (choose your own with --admin-token or UNDERSTUDY_ADMIN_TOKEN). Dashboard: ${adminUrl}/__admin/ui?token=${mock.admin.token}`,
      ),
    );
  }
  if (mock.faults.current.enabled) say(pc.yellow(`  fault injection ON: ${JSON.stringify(mock.faults.current.rules)}`));
  if (flags.stateFile)
    say(
      `  state is kept in ${flags.stateFile}${mock.stateLoadedFrom ? ' (loaded from it at start)' : ' (a new file: started from the fixtures)'}`,
    );
  if (mock.options.validateResponses)
    say(
      pc.dim(
        '  every response is checked against specs/ (NODE_ENV=production or --no-validate-responses turns this off)',
      ),
    );
  return mock;
}

/** Listens, or says what to do when the port is taken. */
async function listen(mock: MockServer, flags: MockFlags): Promise<string> {
  try {
    return await mock.listen(Number(flags.port), flags.host);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE')
      throw new Error(
        `${flags.host}:${flags.port} is in use (another understudy mock?): choose another port with --port <n>, or --port 0 for any free one`,
        { cause: error },
      );
    if (e.code === 'EADDRNOTAVAIL')
      throw new Error(
        `--host ${flags.host}: no such address on this machine (127.0.0.1 for this machine only, 0.0.0.0 for every interface)`,
        { cause: error },
      );
    if (e.code === 'EACCES')
      throw new Error(
        `${flags.host}:${flags.port}: not allowed to listen there (ports below 1024 need privileges): choose another with --port <n>`,
        { cause: error },
      );
    throw error;
  }
}

export function registerMock(program: Command, run: CliRun): void {
  program
    .command('mock')
    .description('serve every vendor at its documented paths on one port, with state')
    .addOption(new Option('-p, --port <port>', 'port to listen on').env('PORT').default('4010').argParser(parsePort))
    .addOption(new Option('-H, --host <host>', 'address to bind').env('HOST').default('127.0.0.1'))
    .addOption(vendorFilterOption('--vendors', 'serve only these vendors'))
    .addOption(vendorFilterAlias('--vendors'))
    .addOption(new Option('--fixtures <set>', 'start state').choices(['default', 'empty']).default('default'))
    .option(
      '--set <vendor.option=value>',
      'set a vendor option, e.g. groundwork.password=s3cret (repeatable)',
      collect,
      [],
    )
    .option('--vendor-options <file>', 'JSON file of options per vendor: {"boomi": {"pendingPolls": 2}}')
    .option('--no-validate-responses', "don't check the mock's own responses against the specs")
    .option(
      '--state-file <path>',
      'load state from this file at start; write it atomically after changes and at shutdown',
    )
    .option('--latency <ms|uniform:a-b|normal:mean,sd>', 'fault injection: add latency to every request')
    .option('--error-rate <0..1>', "fault injection: answer this share of requests with the vendor's own failure")
    .option(
      '--error-status <code>',
      'fault injection: the failure status (default per vendor: GroundWork/Moogsoft 500, Polarity/Boomi 503)',
    )
    .option('--drop-rate <0..1>', 'fault injection: drop this share of connections without an answer')
    .option('--fault-seed <n>', 'seed of the fault choices, to repeat a run')
    .option('--faults <file>', 'fault rules per vendor/operation as JSON (same shape as PUT /__admin/faults)')
    .addOption(
      new Option(
        '--admin-token <token>',
        'require this bearer token on /__admin and its dashboard (generated and printed when --host is not loopback)',
      ).env('UNDERSTUDY_ADMIN_TOKEN'),
    )
    .addOption(
      new Option(
        '--cors <vendor|*|off|origins>',
        "CORS on vendor paths: as each vendor's server does, Prism's permissive CORS, none, or permissive for these origins only",
      )
        .default(parseCorsPolicy('vendor'), 'vendor')
        .argParser(corsPolicy),
    )
    .addOption(
      new Option(
        '--session-ttl <seconds>',
        'a test session (X-Understudy-Session) idle this long is dropped; its next request starts afresh',
      )
        .default(DEFAULT_SESSION_LIMITS.ttlMs / 1000)
        .argParser(wholeNumber('seconds')),
    )
    .addOption(
      new Option('--max-sessions <n>', 'live test sessions at most; one more drops the least recently used')
        .default(DEFAULT_SESSION_LIMITS.max)
        .argParser(wholeNumber('sessions')),
    )
    .option('--admin-port <port>', 'serve /__admin on this port instead of beside the vendors')
    .option(
      '--admin-allow-host <name>',
      'a host name /__admin may be addressed by besides IP addresses and localhost (repeatable; .example.com for subdomains, * for any)',
      collect,
      [],
    )
    .addHelpText(
      'after',
      `
Examples:
  $ understudy mock                                  all vendors on 127.0.0.1:4010
  $ understudy mock --port 8080 --vendors groundwork,moogsoft
  $ understudy mock --fixtures empty --set groundwork.password=s3cret
  $ PORT=0 understudy mock                           pick a free port
  $ understudy mock --state-file .understudy-state.json
  $ understudy mock --latency normal:120,30 --error-rate 0.05 --fault-seed 7
  $ understudy mock --cors http://localhost:3000     CORS for your front end's origin only
  $ understudy mock --host 0.0.0.0 --admin-token t   shared on the network, admin behind a token
  $ curl -H 'Prefer: code=503' ...                   one injected failure, per request
  $ curl -H 'X-Understudy-Session: t1' ...           a test's own state (see GET /__admin/sessions)

Vendor options (--set vendor.option=value, or --vendor-options), with their defaults:
${optionsHelp()}`,
    )
    .action(async (flags: MockFlags) => {
      const mock = await startMockFromFlags(flags, run);
      // The first vendor request answered (the journal's first entry with a vendor; /__admin's are
      // journaled too): the CLI's code cache may now hold what serving compiled
      // (src/common/code-cache.ts). Heard once; then no listener is left.
      const unsubscribe = mock.journal.subscribe((change) => {
        if (change.type !== 'added' || change.entry.vendor === undefined) return;
        unsubscribe();
        markServed();
      });
      const stop = () => {
        void mock.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
