// `understudy fuzz` as users run it: exit statuses, the summary, the reports, and failures printed as
// curl commands whose credentials are environment variables, never the secrets themselves.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runInProcess } from '../helpers/cli.js';
import { startMock, type RunningMock } from '../helpers/mock.js';

const understudy = runCli;

let m: RunningMock;
let dir: string;

beforeAll(async () => {
  // Credentials that are not the demo ones, so the curl lines must not show them.
  m = await startMock({ vendorOptions: { moogsoft: { user: 'ci-user', password: 'ci-secret-password' } } });
  dir = mkdtempSync(join(tmpdir(), 'understudy-fuzz-'));
});

afterAll(async () => {
  await m.close();
  rmSync(dir, { recursive: true, force: true });
});

const CREDENTIALS = { UNDERSTUDY_MOOGSOFT_USER: 'ci-user', UNDERSTUDY_MOOGSOFT_PASSWORD: 'ci-secret-password' };

/** A seed-4 fuzz of Moogsoft against the mock, its JSON report in the test's folder, with `flags` besides. */
const moogsoftFuzz = (...flags: string[]) => [
  'fuzz',
  '--target',
  m.url,
  '--vendor',
  'moogsoft',
  '--seed',
  '4',
  ...flags,
  '--format',
  'json',
  '--report-dir',
  dir,
];

describe('understudy fuzz', () => {
  it('exits 0 when nothing fails, prints the summary and writes the reports', async () => {
    // 100 requests: what is asserted here is the command (exit status, summary, reports); the coverage
    // round of every operation, kind and check against the mock is test/fuzz/mock.test.ts's.
    const ran = await understudy(
      [
        'fuzz',
        '--target',
        m.url,
        '--seed',
        '3',
        '--requests',
        '100',
        '--report-dir',
        dir,
        '--format',
        'json,md,junit,html',
      ],
      CREDENTIALS,
    );
    expect(ran.stderr).toMatch(/fuzzing \d+ operation\(s\), seed 3, up to 100 requests/);
    expect(ran.stdout).toMatch(/✓ no failures in \d+ requests/);
    expect(ran.stdout).toMatch(
      /the same requests again: understudy fuzz --target http:\/\/127\.0\.0\.1:\d+ --seed 3 --requests 100/,
    );
    expect(ran.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'fuzz.json'), 'utf8')) as {
      ok: boolean;
      fuzz: { seed: number; requests: { total: number } };
    };
    expect(json).toMatchObject({ ok: true, fuzz: { seed: 3 } });
    expect(json.fuzz.requests.total).toBeGreaterThanOrEqual(100);
    expect(readFileSync(join(dir, 'fuzz.md'), 'utf8')).toContain('every check passed');
    const junit = readFileSync(join(dir, 'fuzz.junit.xml'), 'utf8');
    expect(junit).toMatch(/^<\?xml/);
    // The fuzzer's own checks are test cases too, not only verify's seven.
    expect(junit).toMatch(/negative_data_rejection/);
    expect(junit).toMatch(/unsupported_method/);
    expect(readFileSync(join(dir, 'fuzz.html'), 'utf8')).toContain('<!doctype html>');
  }, 60_000);

  it('exits 1 on a failure and prints it as a curl command with credentials as variables', async () => {
    const faults = {
      enabled: true,
      seed: 1,
      rules: [{ vendor: 'moogsoft', operationId: 'listIntegrations', errorRate: 1 }],
    };
    await fetch(`${m.url}/__admin/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
    try {
      const ran = await understudy(moogsoftFuzz('--requests', '60'), CREDENTIALS);
      expect(ran.code).toBe(1);
      expect(ran.stdout).toMatch(/✗ not_a_server_error moogsoft listIntegrations/);
      expect(ran.stdout).toContain(
        `curl -sS -i -X GET '${m.url}/integrations/api/v1/integrations' -u 'ci-user:'"$UNDERSTUDY_MOOGSOFT_PASSWORD"`,
      );
      expect(ran.stdout + ran.stderr).not.toContain('ci-secret-password');
      expect(readFileSync(join(dir, 'fuzz.json'), 'utf8')).not.toContain('ci-secret-password');
    } finally {
      await fetch(`${m.url}/__admin/faults`, { method: 'DELETE' });
    }
  }, 60_000);

  it('--case n sends that one case of the sequence, to reproduce a failure', async () => {
    // In-process; which request case n is, the same in a run and alone, is test/fuzz/reproducible.test.ts's.
    const single = await runInProcess(moogsoftFuzz('--case', '7'));
    expect(single.stdout).toMatch(/^requests +1 in /m);
    expect(single.stdout).toMatch(/^cases +1 — /m);
    expect(single.stdout).toContain('seed 4 (single case replayed)');
    expect(single.code).toBe(0);
  }, 60_000);

  it('exits 2 on a usage or connection problem', async () => {
    // In-process, through what dist/cli.js runs (the status it would exit with, what it would print):
    // the two runs above are the spawned CLI's.
    const [noTarget, unreachable, badKind] = await Promise.all([
      runInProcess(['fuzz']),
      runInProcess(['fuzz', '--target', 'http://127.0.0.1:9', '--requests', '10']),
      runInProcess(['fuzz', '--target', m.url, '--kinds', 'nonsense']),
    ]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/pass --target/);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/unknown case kind 'nonsense'/);
  }, 60_000);
});
