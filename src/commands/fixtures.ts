import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError } from 'commander';
import pc from 'picocolors';
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
 * Writes with back-pressure. One error listener for the whole run: a closed pipe (`| head`) reports
 * EPIPE some time after the write that caused it.
 */
function writer(stream: Writable): { write(chunk: string): Promise<void>; end(): Promise<void> } {
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  stream.on('error', (error: Error) => {
    failure = error;
    wake?.();
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    async write(chunk) {
      check();
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          stream.once('drain', resolve);
        });
        wake = undefined;
      }
      check();
    },
    async end() {
      check();
      await new Promise<void>((resolve) => {
        wake = resolve;
        stream.end(resolve);
      });
      check();
    },
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Streams the state file to `out` (a file, written whole or not at all) or stdout; progress on stderr. */
export async function writeFixtures(options: FixtureOptions, out: string | undefined, progress: NodeJS.WriteStream = process.stderr): Promise<number> {
  const started = performance.now();
  const counts = fixtureCounts(options);
  const temporary = out ? join(dirname(out), `.${basename(out)}.${process.pid}.tmp`) : undefined;
  const stream: Writable = temporary ? createWriteStream(temporary) : process.stdout;
  const live = progress.isTTY === true;
  const step = Math.max(1, Math.ceil(counts.hosts / 10));
  const onHost = (done: number, total: number) => {
    if (live && (done % 1000 === 0 || done === total)) progress.write(`\r\x1b[2K${pc.dim(`fixtures: ${fmt(done)} / ${fmt(total)} hosts`)}`);
    else if (!live && total >= 10_000 && done % step === 0) progress.write(pc.dim(`fixtures: ${fmt(done)} / ${fmt(total)} hosts\n`));
  };
  const output = writer(stream);
  let bytes = 0;
  let buffer = '';
  try {
    // Chunks are one host each: gathered to ~1 MB before writing, so a million services is a few hundred writes.
    for (const chunk of stateChunks(options, onHost)) {
      buffer += chunk;
      if (buffer.length >= 1 << 20) {
        bytes += Buffer.byteLength(buffer);
        await output.write(buffer);
        buffer = '';
      }
    }
    bytes += Buffer.byteLength(buffer);
    await output.write(buffer);
    if (temporary) {
      await output.end();
      renameSync(temporary, out!);
    }
  } catch (error) {
    if (temporary) {
      stream.destroy();
      rmSync(temporary, { force: true });
    }
    throw error;
  }
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
    .description('generate a large, deterministic GroundWork estate as a state file (for --state-file or PUT /__admin/state)')
    .option('--hosts <n>', 'number of hosts', count, 1000)
    .option('--services-per-host <m>', 'services on every host', count, 10)
    .option('--host-groups <g>', `number of host groups, hosts spread evenly at random (default: one per ${fmt(100)} hosts)`, count)
    .option('--seed <s>', 'seed: the same seed and counts give the same file', '1')
    .option('--out <file>', 'write here (atomically) instead of stdout')
    .option('--now <time>', 'time of the newest check (default 2025-06-02T12:00:00Z, so files do not change with the clock)', time)
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
