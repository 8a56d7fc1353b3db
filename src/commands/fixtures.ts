import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError } from 'commander';
import pc from 'picocolors';
import { writeAtomically } from '../common/atomic-file.js';
import { defaultHostGroups, fixtureCounts, stateChunks, type FixtureOptions } from '../fixtures/groundwork.js';

interface FixturesFlags {
  hosts: number;
  servicesPerHost: number;
  hostGroups?: number;
  seed: string;
  out?: string;
  now?: Date;
  days?: number;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('a whole number, e.g. 1000');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('a positive number, e.g. 7');
  return n;
}

function time(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('a time such as 2025-06-02T12:00:00Z');
  return date;
}

/**
 * Writes the chunks in ~1 MB pieces (a million services is a few hundred writes), with back-pressure.
 * One error listener for the whole run: a closed pipe (`| head`) reports EPIPE some time after the
 * write that caused it.
 */
async function streamTo(stream: Writable, chunks: Iterable<string>): Promise<void> {
  let failure: Error | undefined;
  stream.on('error', (error: Error) => (failure = error));
  let buffer = '';
  const flush = async () => {
    if (!stream.write(buffer))
      await new Promise<void>((resolve) => stream.once('drain', resolve).once('error', resolve));
    buffer = '';
    if (failure) throw failure;
  };
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= 1 << 20) await flush();
  }
  await flush();
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Writes the state file to `out` (whole or not at all, as every file understudy owns) or streams it to stdout; progress on stderr. */
export async function writeFixtures(
  options: FixtureOptions,
  out: string | undefined,
  progress: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  const started = performance.now();
  const counts = fixtureCounts(options);
  const live = progress.isTTY;
  const step = Math.max(1, Math.ceil(counts.hosts / 10));
  const onHost = (done: number, total: number) => {
    if (live && (done % 1000 === 0 || done === total))
      progress.write(`\r\x1b[2K${pc.dim(`fixtures: ${fmt(done)} / ${fmt(total)} hosts`)}`);
    else if (!live && total >= 10_000 && done % step === 0)
      progress.write(pc.dim(`fixtures: ${fmt(done)} / ${fmt(total)} hosts\n`));
  };
  let bytes = 0;
  function* counted(): Generator<string> {
    for (const chunk of stateChunks(options, onHost)) {
      bytes += Buffer.byteLength(chunk);
      yield chunk;
    }
  }
  if (out) writeAtomically(out, counted());
  else await streamTo(process.stdout, counted());
  if (live) progress.write('\r\x1b[2K');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  progress.write(
    `fixtures: ${fmt(counts.hosts)} hosts, ${fmt(counts.services)} services, ${fmt(counts.hostGroups)} host groups, ${fmt(counts.agents)} agents` +
      ` → ${out ?? 'stdout'} (${(bytes / 1e6).toFixed(1)} MB in ${seconds} s)\n`,
  );
  return bytes;
}

export function registerFixtures(program: Command): void {
  program
    .command('fixtures')
    .description(
      'generate a large, deterministic GroundWork estate as a state file (for --state-file or PUT /__admin/state)',
    )
    .option('--hosts <n>', 'number of hosts', count, 1000)
    .option('--services-per-host <m>', 'services on every host', count, 10)
    .option(
      '--host-groups <g>',
      `number of host groups, hosts spread evenly at random (default: one per ${fmt(100)} hosts)`,
      count,
    )
    .option('--seed <s>', 'seed: the same seed and counts give the same file', '1')
    .option('--out <file>', 'write here (atomically) instead of stdout')
    .option(
      '--now <time>',
      'time of the newest check (default 2025-06-02T12:00:00Z, so files do not change with the clock)',
      time,
    )
    .option('--days <d>', 'spread the checks over this many days before --now', positive, 7)
    .addHelpText(
      'after',
      `
The file is the /__admin/state dump format, {"groundwork": {...}}: hosts named like web-nyc-00042 with
a device each (10.x.y.z), statuses across UP/DOWN/UNREACHABLE/PENDING, services across
OK/WARNING/CRITICAL/UNKNOWN/PENDING, ExecutionTime/Latency/LastPluginOutput properties, host groups
cluster-0001…, and agentIds. Progress goes to stderr.

Examples:
  $ understudy fixtures --hosts 100000 --services-per-host 10 --out estate.json
  $ understudy mock --state-file estate.json           (the mock rewrites the file as state changes)
  $ understudy fixtures --hosts 200 --seed 7 | curl -X PUT -H 'Content-Type: application/json' --data-binary @- http://127.0.0.1:4010/__admin/state`,
    )
    .action(async (flags: FixturesFlags) => {
      const options: FixtureOptions = {
        hosts: flags.hosts,
        servicesPerHost: flags.servicesPerHost,
        hostGroups: flags.hostGroups ?? defaultHostGroups(flags.hosts),
        seed: flags.seed,
        now: flags.now,
        days: flags.days,
      };
      try {
        await writeFixtures(options, flags.out);
      } catch (error) {
        // `| head` closes the pipe early: not a failure of ours.
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
        throw error;
      }
    });
}
