import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { CredentialsError, loadCredentials } from '../conformance/credentials.js';
import { TargetUnreachableError } from '../conformance/target.js';
import {
  CASE_KINDS,
  DEFAULT_FUZZ_LIMITS,
  DEFAULT_FUZZ_TIMEOUT_MS,
  DEFAULT_REQUESTS,
  FuzzUsageError,
  INVALID_KINDS,
  asVerifyResult,
  fuzzSummary,
  runFuzz,
  fuzzProgress,
  type CaseKind,
} from '../fuzz/index.js';
import { parseFormats, writeReports, REPORT_FORMATS } from '../report/write.js';
import { vendorFilter, vendorFilterAlias, vendorFilterOption, vendorFilterText } from './vendor-filter.js';
import { processIo, type CliIo, type CliRun } from './io.js';
import { EXIT } from './verify.js';

interface FuzzFlags {
  target?: string;
  vendor?: string;
  vendors?: string;
  seed?: number;
  requests: number;
  time?: number;
  credentials?: string;
  reportDir: string;
  reportName: string;
  format: string;
  timeout: number;
  operation?: string;
  kinds?: string;
  case?: number;
  maxBodyBytes: number;
  maxUrlLength: number;
  targetName?: string;
  adminToken?: string;
}

function wholeNumber(what: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`${what} (a whole number${min > 0 ? ` of at least ${min}` : ''})`);
    return n;
  };
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number of seconds, e.g. 60');
  return n;
}

/** `--kinds invalid`, `--kinds valid,wrong-type`, ...: the case kinds to send. */
export function parseKinds(list: string | undefined): CaseKind[] | undefined {
  if (!list) return undefined;
  const out = new Set<CaseKind>();
  for (const raw of list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (raw === 'invalid') INVALID_KINDS.forEach((k) => out.add(k));
    else if ((CASE_KINDS as readonly string[]).includes(raw)) out.add(raw as CaseKind);
    else throw new FuzzUsageError(`unknown case kind '${raw}': choose from invalid, ${CASE_KINDS.join(', ')}`);
  }
  return [...out];
}

function replayCommand(flags: FuzzFlags, seed: number): string {
  const parts = ['understudy fuzz', `--target ${flags.target}`, `--seed ${seed}`, `--requests ${flags.requests}`];
  if (flags.time !== undefined) parts.push(`--time ${flags.time}`);
  const vendors = vendorFilterText(flags);
  if (vendors) parts.push(`--vendor ${vendors}`);
  if (flags.operation) parts.push(`--operation '${flags.operation}'`);
  if (flags.kinds) parts.push(`--kinds ${flags.kinds}`);
  return parts.join(' ');
}

export async function fuzzAction(flags: FuzzFlags, io: CliIo = processIo): Promise<number> {
  try {
    if (!flags.target)
      throw new FuzzUsageError(
        'pass --target http://host:port (the understudy mock: npm start, then --target http://127.0.0.1:4010)',
      );
    const vendors = vendorFilter(flags);
    const formats = parseFormats(flags.format);
    const credentials = loadCredentials(flags.credentials);
    const result = await runFuzz({
      target: flags.target,
      targetName: flags.targetName,
      vendors,
      seed: flags.seed,
      requests: flags.requests,
      timeSeconds: flags.time,
      credentials,
      timeoutMs: flags.timeout,
      operations: flags.operation,
      kinds: parseKinds(flags.kinds),
      caseIndex: flags.case,
      limits: { maxBodyBytes: flags.maxBodyBytes, maxUrlLength: flags.maxUrlLength },
      progress: fuzzProgress(io),
      adminToken: flags.adminToken,
    });
    io.out(`${fuzzSummary(result, flags.case === undefined ? replayCommand(flags, result.fuzz.seed) : undefined)}\n`);
    const written = writeReports(asVerifyResult(result), flags.reportDir, formats, flags.reportName);
    if (written.length > 0) io.out(`${pc.dim(`reports: ${written.join(', ')}`)}\n`);
    return result.ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    if (
      error instanceof FuzzUsageError ||
      error instanceof TargetUnreachableError ||
      error instanceof CredentialsError ||
      (error instanceof Error && /^unknown (vendor|report format)/.test(error.message))
    ) {
      io.err(`understudy fuzz: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

export function registerFuzz(program: Command, run: CliRun): void {
  program
    .command('fuzz')
    .description('send requests generated from the specs, valid and invalid, and check every answer')
    .option('-t, --target <url>', 'base URL of the API under test (the understudy mock, or a real deployment)')
    .addOption(vendorFilterOption('--vendor'))
    .addOption(vendorFilterAlias('--vendor'))
    .addOption(
      new Option('--seed <n>', 'seed of the request sequence (default: random, printed)').argParser(
        wholeNumber('a seed', 0),
      ),
    )
    .addOption(
      new Option('--requests <n>', 'stop after this many requests')
        .default(DEFAULT_REQUESTS)
        .argParser(wholeNumber('a request count', 1)),
    )
    .addOption(new Option('--time <seconds>', 'stop after this many seconds').argParser(seconds))
    .option(
      '--credentials <file>',
      "JSON credentials per vendor (default: UNDERSTUDY_<VENDOR>_<KEY> variables, else the mock's)",
    )
    .option('--report-dir <dir>', 'where to write reports', 'reports')
    .option('--report-name <name>', 'file name of the reports, without extension', 'fuzz')
    .option('--format <list>', `report formats (${REPORT_FORMATS.join(',')})`, REPORT_FORMATS.join(','))
    .addOption(
      new Option('--timeout <ms>', 'per-request timeout')
        .default(DEFAULT_FUZZ_TIMEOUT_MS)
        .argParser(wholeNumber('milliseconds', 1)),
    )
    .option('--operation <pattern>', "only operations whose 'vendor operationId' matches (regular expression)")
    .option(
      '--kinds <list>',
      `only these case kinds: invalid (every kind of invalid request), ${CASE_KINDS.join(', ')}`,
    )
    .addOption(
      new Option('--case <n>', 'send only case n of the sequence (to reproduce a failure)').argParser(
        wholeNumber('a case number', 0),
      ),
    )
    .addOption(
      new Option('--max-body-bytes <n>', 'body size the target refuses (oversized cases go one past it; 0: none)')
        .default(DEFAULT_FUZZ_LIMITS.maxBodyBytes)
        .argParser(wholeNumber('bytes', 0)),
    )
    .addOption(
      new Option('--max-url-length <n>', 'URL length the target refuses (oversized cases go one past it; 0: none)')
        .default(DEFAULT_FUZZ_LIMITS.maxUrlLength)
        .argParser(wholeNumber('characters', 0)),
    )
    .option('--target-name <name>', 'label of the target in reports (default: the URL)')
    .addOption(
      new Option(
        '--admin-token <token>',
        'the admin token of an understudy mock started with one (for state_round_trip)',
      ).env('UNDERSTUDY_ADMIN_TOKEN'),
    )
    .addHelpText(
      'after',
      `
Checks: not_a_server_error, status_code_conformance, content_type_conformance,
response_schema_conformance, response_headers_conformance, ignored_auth (as in verify), and
negative_data_rejection, positive_data_acceptance, missing_required_header, unsupported_method,
use_after_free, and, on an understudy mock, state_round_trip: after every accepted request that can
change state, GET /__admin/state, PUT it back and GET it again must succeed and give the same state
(the state file a restart would load). Every failure is printed as a curl command; credentials appear as
$UNDERSTUDY_<VENDOR>_<KEY> variables (or the mock's demo ones).

Exit status: 0 no check failed, 1 a check failed, 2 a usage or connection problem.

Examples:
  $ understudy fuzz --target http://127.0.0.1:4010 --seed 1 --requests 5000
  $ understudy fuzz --target http://127.0.0.1:4010 --vendor groundwork --time 60
  $ understudy fuzz --target http://127.0.0.1:4010 --kinds invalid --operation 'biz'
  $ understudy fuzz --target http://127.0.0.1:4010 --seed 1 --case 1234`,
    )
    .action(async (flags: FuzzFlags) => {
      run.status = await fuzzAction(flags, run);
    });
}
