import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runUnderstudy } from '../../src/commands/program.js';
import { PACKAGE_ROOT } from '../../src/spec/paths.js';

export interface CliMock {
  url: string;
  child: ChildProcess;
  output: () => string;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI (test/global-setup.ts builds dist/ when the sources changed), as users run it. */
export const CLI = join(PACKAGE_ROOT, 'dist', 'cli.js');

/** Runs `understudy <args>` to its end, output uncoloured. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return exited(child).then((code) => ({ code, stdout, stderr }));
}

const uncoloured = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * Runs `understudy <args>` in this process, through what dist/cli.js runs (src/commands/program.ts):
 * the status the process would exit with and what it would print, uncoloured, without its start-up.
 */
export async function runInProcess(args: string[]): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const code = await runUnderstudy(args, { out: (text) => (stdout += text), err: (text) => (stderr += text) });
  return { code, stdout: uncoloured(stdout), stderr: uncoloured(stderr) };
}

/** Runs `understudy mock` as its own process, on a free port; resolves when it listens. */
export function spawnMock(args: string[], env: Record<string, string> = {}): Promise<CliMock> {
  const child = spawn(process.execPath, [CLI, 'mock', '--port', '0', ...args], {
    cwd: PACKAGE_ROOT,
    // picocolors colours output when CI is set; the URL is read from plain text.
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock did not start:\n${output}`)), 20_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock exited with ${code}:\n${output}`));
    });
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}
