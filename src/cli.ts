#!/usr/bin/env node
import { Command } from 'commander';
import { toolVersion } from './common/tool-version.js';
import { vendorDescriptor, vendorNames } from './vendors/registry.js';

type Register = (program: Command) => void;

// Each command's module is imported only when that command runs (or for help): `mock` should not
// pay at start-up for the HTTP client and reporters that `verify` loads.
const COMMANDS: Record<string, () => Promise<Register>> = {
  mock: async () => (await import('./commands/mock.js')).registerMock,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
  fuzz: async () => (await import('./commands/fuzz.js')).registerFuzz,
  report: async () => (await import('./commands/report.js')).registerReport,
  fixtures: async () => (await import('./commands/fixtures.js')).registerFixtures,
  proxy: async () => (await import('./commands/proxy.js')).registerProxy,
};

const titles = vendorNames().map((v) => vendorDescriptor(v).title);
const vendorList = `${titles.slice(0, -1).join(', ')} and ${titles.at(-1) ?? ''}`;

const program = new Command()
  .name('understudy')
  .description(`Contract tests, a stateful mock and compatibility reports for ${vendorList}`)
  .version(toolVersion())
  .showHelpAfterError('(run with --help for usage)')
  // Every command inherits this: a usage mistake (an unknown command or option, a bad value such as
  // `mock --port abc`) exits 2, as the README says; help and --version exit 0.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

async function main(): Promise<void> {
  const requested = process.argv[2];
  const names = requested && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
  for (const name of names) {
    const load = COMMANDS[name];
    if (load) (await load())(program);
  }
  await program.parseAsync();
}

main().catch((error: unknown) => {
  console.error(`understudy: ${(error as Error).message}`);
  process.exit(2);
});
