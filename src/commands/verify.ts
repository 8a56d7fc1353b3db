import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { CredentialsError, loadCredentials } from '../conformance/credentials.js';
import { ScenarioError } from '../conformance/load-scenarios.js';
import { startPrisms, type RunningPrism } from '../conformance/prism.js';
import type { VerifyResult } from '../conformance/results.js';
import { DEFAULT_TIMEOUT_MS, VerifyUsageError, runVerify, type Progress } from '../conformance/runner.js';
import { TargetUnreachableError } from '../conformance/target.js';
import { terminalSummary } from '../report/terminal.js';
import { parseFormats, writeReports, REPORT_FORMATS } from '../report/write.js';
import type { Vendor } from '../vendors/types.js';
import { processIo, type CliIo, type CliRun } from './io.js';
import { vendorFilter, vendorFilterAlias, vendorFilterOption } from './vendor-filter.js';

interface VerifyFlags {
  target?: string;
  prism?: boolean;
  vendor?: string;
  vendors?: string;
  scenarios?: string;
  credentials?: string;
  reportDir: string;
  reportName: string;
  format: string;
  timeout: number;
  bail?: boolean;
  grep?: string;
  targetName?: string;
  readOnly?: boolean;
  concurrency: number;
}

/** Exit codes: 0 every check passed, 1 a check failed, 2 a usage or connection problem. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a whole number of milliseconds, e.g. 5000');
  return n;
}

function suitesAtOnce(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 64) throw new InvalidArgumentError('a whole number from 1 to 64, e.g. 8');
  return n;
}

/** Progress on the run's stderr: a line per scenario, and a live counter when that is a terminal. */
export function verifyProgress(io: CliIo): Progress {
  const live = io.errIsTerminal === true;
  const clear = () => live && io.err('\r\x1b[2K');
  return {
    start: (total) => io.err(pc.dim(`running ${total} scenario(s)\n`)),
    scenarioStart(scenario, index, total) {
      if (live) io.err(`\r\x1b[2K${pc.dim(`[${index + 1}/${total}] ${scenario.file} …`)}`);
    },
    scenarioEnd(result, index, total) {
      clear();
      const mark =
        result.status === 'passed'
          ? pc.green('✓')
          : result.status === 'skipped'
            ? pc.yellow('-')
            : result.status === 'unmet'
              ? pc.yellow('⊘')
              : pc.red('✗');
      const failed = result.steps.filter((s) => s.status === 'failed' || s.status === 'error').length;
      const unmet = result.steps.filter((s) => s.status === 'unmet').length;
      const note =
        (failed > 0 ? pc.red(` ${failed} step(s) failed`) : '') +
        (unmet > 0 ? pc.yellow(` ${unmet} step(s) not run: precondition not met`) : '');
      io.err(
        `${mark} ${pc.dim(`[${index + 1}/${total}]`)} ${result.file} ${pc.dim(`— ${result.name} (${result.durationMs} ms)`)}${note}\n`,
      );
    },
  };
}

export async function verifyAction(flags: VerifyFlags, io: CliIo = processIo): Promise<number> {
  let prisms: RunningPrism[] = [];
  try {
    if (!flags.target && !flags.prism)
      throw new VerifyUsageError(
        'pass --target http://host:port (the understudy mock: npm start, then --target http://127.0.0.1:4010), or --prism',
      );
    if (flags.target && flags.prism) throw new VerifyUsageError('--target and --prism are alternatives: choose one');
    const vendors: Vendor[] = vendorFilter(flags);
    const formats = parseFormats(flags.format);
    const credentials = loadCredentials(flags.credentials);
    let targets: Partial<Record<Vendor, string>> | undefined;
    let targetName = flags.targetName;
    if (flags.prism) {
      io.err(pc.dim(`starting prism mock for ${vendors.join(', ')} …\n`));
      prisms = await startPrisms(vendors, { mode: 'mock' });
      targets = Object.fromEntries(prisms.map((p) => [p.vendor, p.url]));
      targetName ??= 'prism mock (static)';
    }
    const result: VerifyResult = await runVerify({
      target: flags.target,
      targets,
      targetName,
      vendors,
      scenariosDir: flags.scenarios,
      credentials,
      timeoutMs: flags.timeout,
      bail: flags.bail,
      grep: flags.grep,
      readOnly: flags.readOnly,
      concurrency: flags.concurrency,
      progress: verifyProgress(io),
    });
    io.out(`${terminalSummary(result)}\n`);
    const written = writeReports(result, flags.reportDir, formats, flags.reportName);
    if (written.length > 0) io.out(`${pc.dim(`reports: ${written.join(', ')}`)}\n`);
    return result.ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    if (
      error instanceof VerifyUsageError ||
      error instanceof TargetUnreachableError ||
      error instanceof ScenarioError ||
      error instanceof CredentialsError ||
      (error instanceof Error && /^unknown (vendor|report format)|^Prism /.test(error.message))
    ) {
      io.err(`understudy verify: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    await Promise.all(prisms.map((p) => p.close()));
  }
}

export function registerVerify(program: Command, run: CliRun): void {
  program
    .command('verify')
    .description('run the scenario suites against a target and check every response against the specs')
    .option('-t, --target <url>', 'base URL of the API under test (the understudy mock, or a real deployment)')
    .option('--prism', 'run against Prism serving each spec statically (node_modules/.bin/prism), the reference')
    .addOption(vendorFilterOption('--vendor'))
    .addOption(vendorFilterAlias('--vendor'))
    .option('--scenarios <dir>', 'scenario directory (default: the packaged scenarios/)')
    .option(
      '--credentials <file>',
      "JSON credentials per vendor (default: UNDERSTUDY_<VENDOR>_<KEY> variables, else the mock's)",
    )
    .option('--report-dir <dir>', 'where to write reports', 'reports')
    .option('--report-name <name>', 'file name of the reports, without extension', 'verify')
    .option('--format <list>', `report formats (${REPORT_FORMATS.join(',')})`, REPORT_FORMATS.join(','))
    .addOption(new Option('--timeout <ms>', 'per-request timeout').default(DEFAULT_TIMEOUT_MS).argParser(positiveInt))
    .option('--bail', 'stop after the first failing scenario')
    .option('--grep <pattern>', 'only scenarios whose vendor, name or file matches (regular expression)')
    .option('--target-name <name>', 'label of the target in reports (default: the URL)')
    .option(
      '--read-only',
      'send only requests that change nothing (GET, and what the spec marks x-read-only); steps after a skipped change are reported as preconditions not met',
    )
    .addOption(
      new Option(
        '--concurrency <n>',
        'run n suites at once, each in its own test session of the understudy mock (X-Understudy-Session); ' +
          "the report is the serial run's. Refused for a target without sessions (a real vendor)",
      )
        .default(1)
        .argParser(suitesAtOnce),
    )
    .addHelpText(
      'after',
      `
Exit status: 0 every check passed, 1 a check failed, 2 a usage or connection problem.
A step whose precondition the target's data does not meet is reported apart, not as a failure.

Examples:
  $ understudy verify --target http://127.0.0.1:4010
  $ understudy verify --target https://gw.example.com/foundation-webapp --vendor groundwork --credentials creds.json
  $ understudy verify --prism --report-name prism --format md
  $ understudy verify --target http://127.0.0.1:4010 --grep 'biz|rename' --bail --timeout 3000
  $ understudy verify --target http://127.0.0.1:4010 --concurrency 8
  $ understudy verify --target https://gw.example.com --vendor groundwork --read-only`,
    )
    .action(async (flags: VerifyFlags) => {
      run.status = await verifyAction(flags, run);
    });
}
