import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { READABLE_SCHEMA_VERSIONS } from '../conformance/results.js';
import { parseVerifyJson, ReportFormatError } from '../report/json.js';
import { mergeRuns } from '../report/merge.js';
import { parseFormats, writeReports } from '../report/write.js';
import { processIo, type CliIo, type CliRun } from './io.js';
import { EXIT } from './verify.js';

interface ReportFlags {
  reportDir: string;
  name: string;
  format: string;
}

/** Merges verify runs (one per target) into one compatibility matrix. */
export function reportAction(files: string[], flags: ReportFlags, io: CliIo = processIo): number {
  try {
    const formats = parseFormats(flags.format);
    const runs = files.map((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new ReportFormatError(`cannot read ${file}: ${(error as Error).message}`);
      }
      return parseVerifyJson(text, file, READABLE_SCHEMA_VERSIONS);
    });
    const report = mergeRuns(runs);
    const written = writeReports(
      report,
      flags.reportDir,
      formats.filter((f) => f !== 'junit'),
      flags.name,
    );
    for (const t of report.targets) {
      const unmet = t.scenarios.unmet ? `, ${t.scenarios.unmet} with a precondition not met` : '';
      const counts = `${t.scenarios.passed} scenarios passed, ${t.scenarios.failed + t.scenarios.error} failed${unmet}`;
      io.out(`${t.ok ? pc.green('✓') : pc.red('✗')} ${t.name} ${pc.dim(`(${t.vendors.join(', ')}; ${counts})`)}\n`);
    }
    io.out(`${pc.dim(`reports: ${written.join(', ')}`)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (
      error instanceof ReportFormatError ||
      (error instanceof Error && /^unknown report format/.test(error.message))
    ) {
      io.err(`understudy report: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

export function registerReport(program: Command, run: CliRun): void {
  program
    .command('report')
    .description('merge verify runs (JSON reports, one per target) into one compatibility matrix')
    .argument('<files...>', 'JSON reports written by `understudy verify --format json`')
    .option('--report-dir <dir>', 'where to write the matrix', 'reports')
    .option('--name <name>', 'file name of the reports, without extension', 'compatibility')
    .option('--format <list>', 'formats (md,html,json)', 'md,html,json')
    .addHelpText(
      'after',
      `
Examples:
  $ understudy verify --target http://127.0.0.1:4010 --target-name mock --report-dir results --report-name mock --format json
  $ understudy verify --prism --report-dir results --report-name prism --format json
  $ understudy report results/*.json`,
    )
    .action((files: string[], flags: ReportFlags) => {
      run.status = reportAction(files, flags, run);
    });
}
