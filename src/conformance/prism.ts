import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { specPath } from '../spec/load.js';
import { PACKAGE_ROOT } from '../spec/paths.js';
import type { Vendor } from '../vendors/types.js';

/**
 * Stoplight Prism, the reference the project measures itself against: `prism mock` serves a spec
 * statically, `prism proxy --errors` forwards to an upstream and answers a contract violation
 * with an error of its own. One Prism serves one spec, so each vendor gets its own.
 */
export interface RunningPrism {
  vendor: Vendor;
  url: string;
  /** Everything Prism printed, for diagnosing a failure. */
  log(): string;
  close(): Promise<void>;
}

export interface PrismOptions {
  /** `proxy` forwards to `upstream`. */
  mode: 'mock' | 'proxy';
  upstream?: string;
  /** Proxy: answer violations with an error instead of passing the response through. */
  errors?: boolean;
  startTimeoutMs?: number;
  /** Set in Prism's environment, over this process's. */
  env?: Record<string, string>;
}

export function prismBinary(): string {
  const bin = join(PACKAGE_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'prism.cmd' : 'prism');
  if (!existsSync(bin)) throw new Error(`Prism is not installed (looked for ${bin}): npm install @stoplight/prism-cli`);
  return bin;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrism(vendor: Vendor, options: PrismOptions): Promise<RunningPrism> {
  const port = await freePort();
  const args = [options.mode, specPath(vendor)];
  if (options.mode === 'proxy') {
    if (!options.upstream) throw new Error('prism proxy needs an upstream URL');
    args.push(options.upstream);
    if (options.errors) args.push('--errors');
  }
  args.push('--port', String(port), '--host', '127.0.0.1');
  const child = spawn(prismBinary(), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
  });
  let output = '';
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`Prism did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`)),
      options.startTimeoutMs ?? 30_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/Prism is listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`Prism exited (code ${code}) before it was ready:\n${output}`)));
    child.once('error', fail);
  });
  child.removeAllListeners('exit');
  return { vendor, url, log: () => output, close: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts one Prism per vendor, all or none. */
export async function startPrisms(vendors: readonly Vendor[], options: PrismOptions): Promise<RunningPrism[]> {
  const started: RunningPrism[] = [];
  try {
    for (const vendor of vendors) started.push(await startPrism(vendor, options));
    return started;
  } catch (error) {
    await Promise.all(started.map((p) => p.close()));
    throw error;
  }
}
