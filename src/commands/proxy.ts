import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { DEFAULT_PROXY_PORT, formatSummary, startProxy, type RunningProxy } from '../proxy/server.js';
import { isVendor, unknownVendor, vendorNames } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';
import { processIo, type CliIo, type CliRun } from './io.js';

interface ProxyFlags {
  vendor: string;
  upstream: string;
  port: number;
  host: string;
  record?: string;
  recordName?: string;
  timeout: number;
}

/** Exit codes, as verify's: 0 no violation seen, 1 a violation was seen, 2 a usage problem. */
export const PROXY_EXIT = { ok: 0, violations: 1, usage: 2 } as const;

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a whole number of milliseconds, e.g. 30000');
  return n;
}

function parseVendor(value: string): Vendor {
  const name = value.trim().toLowerCase();
  if (!isVendor(name)) throw new InvalidArgumentError(unknownVendor(value));
  return name;
}

export async function proxyAction(flags: ProxyFlags, io: CliIo = processIo): Promise<RunningProxy> {
  const proxy = await startProxy({
    vendor: flags.vendor,
    upstream: flags.upstream,
    port: flags.port,
    host: flags.host,
    record: flags.record,
    recordName: flags.recordName,
    timeoutMs: flags.timeout,
  });
  io.err(
    `${pc.bold('understudy proxy')} listening on ${pc.cyan(proxy.url)} → ${flags.upstream} (${flags.vendor}, checked against specs/${flags.vendor}.yaml)\n`,
  );
  io.err(pc.dim('  every violation is printed on stdout as: time method path operationId check: message\n'));
  if (flags.record) io.err(pc.dim(`  recording to ${flags.record} (after each exchange, and on exit)\n`));
  return proxy;
}

export function registerProxy(program: Command, run: CliRun): void {
  program
    .command('proxy')
    .description(
      'forward traffic to a real vendor API, check every request and response against the spec, optionally record it as a scenario',
    )
    .addOption(
      new Option('--vendor <vendor>', `the vendor behind the upstream (${vendorNames().join(', ')})`)
        .argParser(parseVendor)
        .makeOptionMandatory(),
    )
    .requiredOption('--upstream <url>', 'base URL of the real API, e.g. https://gw.example.com')
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (0: a free one)')
        .default(DEFAULT_PROXY_PORT)
        .argParser(parsePort),
    )
    .addOption(new Option('-H, --host <host>', 'address to bind').default('127.0.0.1'))
    .option(
      '--record <file>',
      'write the traffic as a scenario file verify can replay, e.g. recorded/session.yaml (outside scenarios/, which holds the shipped suites)',
    )
    .option('--record-name <name>', 'name of the recorded scenario (default: from the file name)')
    .addOption(
      new Option('--timeout <ms>', 'per-request timeout towards the upstream').default(30_000).argParser(positiveInt),
    )
    .addHelpText(
      'after',
      `
Point your client at the proxy instead of the vendor. Violations are printed as they happen
(undocumented_operation, request_parameters_conformance, request_body_conformance, and verify's
response checks); a summary is printed on exit (Ctrl-C).

Exit status: 0 no violation seen, 1 a violation was seen, 2 a usage problem.

Examples:
  $ understudy proxy --vendor groundwork --upstream https://gw.example.com/foundation-webapp
  $ understudy proxy --vendor boomi --upstream https://api.boomi.com --port 4021 --record recorded/boomi-session.yaml
  $ understudy verify --target http://127.0.0.1:4010 --scenarios recorded --vendor boomi`,
    )
    .action(async (flags: ProxyFlags) => {
      // Signal handlers come first: a Ctrl-C that arrives as the banner is printed is still a clean stop.
      let proxy: RunningProxy | undefined;
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        // A second signal while closing (a client keeping a request open) ends at once.
        process.once('SIGINT', () => process.exit(PROXY_EXIT.usage));
        void (proxy?.close() ?? Promise.resolve())
          .catch((error: unknown) => run.err(`understudy proxy: ${(error as Error).message}\n`))
          .then(() => {
            const summary = proxy?.summary() ?? { exchanges: 0, errors: 0, violations: 0, byCheck: {} };
            run.out(`${formatSummary(summary)}\n`);
            process.exit(summary.violations > 0 ? PROXY_EXIT.violations : PROXY_EXIT.ok);
          });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        proxy = await proxyAction(flags, run);
      } catch (error) {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        run.err(`understudy proxy: ${(error as Error).message}\n`);
        run.status = PROXY_EXIT.usage;
      }
    });
}
