// `understudy proxy` as its own process: the banner, violations on stdout as they happen, and on
// SIGINT/SIGTERM the recording written and a summary printed, with verify's exit codes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../../src/conformance/load-scenarios.js';
import { PACKAGE_ROOT } from '../../src/spec/paths.js';
import { CLI, exited, runInProcess } from '../helpers/cli.js';
import { basic, startMock, type RunningMock } from '../helpers/mock.js';

interface Cli {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

function spawnProxy(args: string[]): Promise<Cli> {
  const child = spawn(process.execPath, [CLI, 'proxy', ...args], {
    cwd: PACKAGE_ROOT,
    // picocolors colours output when CI is set; the URL is read from plain text.
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy did not start:\n${stdout}${stderr}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(stderr.replace(/\x1b\[[0-9;]*m/g, ''));
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, stdout: () => stdout, stderr: () => stderr });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`proxy exited with ${code}:\n${stdout}${stderr}`));
    });
  });
}

const AUTH = basic('BOOMI_TOKEN.dev@example.com', 'dev-api-token');
let upstream: RunningMock;
const dir = mkdtempSync(join(tmpdir(), 'understudy-proxy-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  upstream = await startMock({ vendors: ['boomi'] });
  return () => upstream.close();
});

describe('understudy proxy (CLI)', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints violations as they happen; on %s writes the recording and a summary, exit 1',
    async (signal) => {
      const file = join(dir, signal, 'session.yaml');
      const cli = await spawnProxy(['--vendor', 'boomi', '--upstream', upstream.url, '--port', '0', '--record', file]);
      expect(cli.stderr()).toContain(`→ ${upstream.url} (boomi`);
      const query = await fetch(`${cli.url}/api/rest/v1/dev-account/async/ListenerStatus/query`, {
        method: 'POST',
        headers: { authorization: AUTH, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          QueryFilter: {
            expression: {
              operator: 'EQUALS',
              property: 'containerId',
              argument: ['1045759d-7f6c-4108-bd0e-7b71541d6a2d'],
            },
          },
        }),
      });
      expect(query.status).toBe(200);
      const { asyncToken } = (await query.json()) as { asyncToken: { token: string } };
      expect(
        (
          await fetch(`${cli.url}/api/rest/v1/dev-account/async/ListenerStatus/response/${asyncToken.token}`, {
            headers: { authorization: AUTH },
          })
        ).status,
      ).toBe(200);
      expect(
        (await fetch(`${cli.url}/api/rest/v1/dev-account/Atom`, { headers: { authorization: AUTH } })).status,
      ).toBe(404);
      await expect
        .poll(() => cli.stdout(), { timeout: 5_000 })
        .toMatch(/ GET \/api\/rest\/v1\/dev-account\/Atom - undocumented_operation: /);
      expect(existsSync(file)).toBe(true); // written after each exchange already

      cli.child.kill(signal);
      expect(await exited(cli.child)).toBe(1);
      expect(cli.stdout()).toMatch(
        /understudy proxy: 3 exchange\(s\), 1 violation\(s\)\n\s+1 {2}undocumented_operation\nrecorded 2 step\(s\) in /,
      );
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('dev-api-token');
      expect(text).toContain('token: "{{token}}"');
      expect(loadScenarios(join(dir, signal), ['boomi']).issues).toEqual([]);
    },
  );

  it('exits 0 with no violation, and 2 on a usage problem', async () => {
    const cli = await spawnProxy(['--vendor', 'Boomi', '--upstream', upstream.url, '--port', '0']);
    cli.child.kill('SIGINT');
    expect(await exited(cli.child)).toBe(0);
    expect(cli.stdout()).toContain('understudy proxy: 0 exchange(s), 0 violation(s)');

    // In-process, as dist/cli.js runs them (test/cli/mistakes.test.ts proves the process exits with it).
    for (const [args, message] of [
      [['--vendor', 'nope', '--upstream', upstream.url], /unknown vendor 'nope'/],
      [['--vendor', 'boomi'], /required option '--upstream <url>' not specified/],
      [['--vendor', 'boomi', '--upstream', 'not a url', '--port', '0'], /^understudy proxy: .*not a URL/],
    ] as const) {
      const ran = await runInProcess(['proxy', ...args]);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toMatch(message);
    }
  });
});
