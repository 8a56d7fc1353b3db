import { Command, CommanderError } from 'commander';
import { toolVersion } from '../common/tool-version.js';
import { vendorDescriptor, vendorNames } from '../vendors/registry.js';
import { processIo, type CliIo, type CliRun } from './io.js';

// The CLI's loader (src/tools/cli-loader.mjs) hands the bundle its code cache folder through this, and
// writes its own cache with the bundle's writer.
export { onServed, useCodeCache, writeCodeCache } from '../common/code-cache.js';

type Register = (program: Command, run: CliRun) => void;

// Each command's module is imported only when that command runs (or for help): `mock` should not
// pay at start-up for the HTTP client and reporters that `verify` loads.
const COMMANDS: Record<string, () => Promise<Register>> = {
  mock: async () => (await import('./mock.js')).registerMock,
  verify: async () => (await import('./verify.js')).registerVerify,
  fuzz: async () => (await import('./fuzz.js')).registerFuzz,
  report: async () => (await import('./report.js')).registerReport,
  fixtures: async () => (await import('./fixtures.js')).registerFixtures,
  proxy: async () => (await import('./proxy.js')).registerProxy,
};

const HELP = new Set(['-h', '--help', 'help']);
const isCommand = (arg: string | undefined): arg is string => arg !== undefined && Object.hasOwn(COMMANDS, arg);

/**
 * The command modules a run needs: the command it names first; all of them for help, which lists
 * their descriptions (and when a command is named after an option, as commander still finds it
 * there); none otherwise. Then no command can run - an unknown command, an unknown option,
 * --version - and commander proposes a name from the bare list (`understudy mok` imported every
 * module, mock's validators and verify's reporters, to say "did you mean mock?").
 */
async function register(program: Command, argv: readonly string[], run: CliRun): Promise<void> {
  const first = argv[0] === undefined ? undefined : COMMANDS[argv[0]];
  if (first && isCommand(argv[0])) (await first())(program, run);
  else if (argv.length === 0 || argv.some((arg) => isCommand(arg) || HELP.has(arg)))
    for (const load of Object.values(COMMANDS)) (await load())(program, run);
  else for (const name of Object.keys(COMMANDS)) program.command(name);
}

function createProgram(run: CliRun): Command {
  const titles = vendorNames().map((v) => vendorDescriptor(v).title);
  const vendorList = `${titles.slice(0, -1).join(', ')} and ${titles.at(-1) ?? ''}`;
  return (
    new Command()
      .name('understudy')
      .description(`Contract tests, a stateful mock and compatibility reports for ${vendorList}`)
      .version(toolVersion())
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({ writeOut: (text) => run.out(text), writeErr: (text) => run.err(text) })
      // Every command inherits this: a usage mistake (an unknown command or option, a bad value such
      // as `mock --port abc`) ends the run with 2, as the README says; help and --version with 0.
      .exitOverride()
  );
}

/**
 * Runs `understudy <argv>` and resolves with the exit status once the command's work is done (for
 * `mock` and `proxy`: once they listen; they end on a signal). A usage mistake is 2 with its message
 * on `io.err`, exactly as the process prints it: tests run commands here, in-process.
 */
export async function runUnderstudy(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const run: CliRun = { out: (text) => io.out(text), err: (text) => io.err(text), status: 0 };
  const program = createProgram(run);
  try {
    await register(program, argv, run);
    await program.parseAsync([...argv], { from: 'user' });
    return run.status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    run.err(`understudy: ${(error as Error).message}\n`);
    return 2;
  }
}
