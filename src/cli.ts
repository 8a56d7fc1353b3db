#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerMock } from './commands/mock.js';
import { registerReport } from './commands/report.js';
import { registerVerify } from './commands/verify.js';
import { PACKAGE_ROOT } from './spec/paths.js';

const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

const program = new Command()
  .name('understudy')
  .description('Contract tests, a stateful mock and compatibility reports for GroundWork, Moogsoft, Polarity and Boomi')
  .version(version)
  .showHelpAfterError('(run with --help for usage)');

registerMock(program);
registerVerify(program);
registerReport(program);

program.parseAsync().catch((error: unknown) => {
  console.error(`understudy: ${(error as Error).message}`);
  process.exit(2);
});
