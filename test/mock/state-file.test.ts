// --state-file: a kill -9 at any moment leaves the previous or the next complete state, never a torn
// file; a graceful stop drains in-flight requests and writes the last change.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MockServer, defaultOptions } from '../../src/mock/server.js';
import { BROKER_A, BROKER_B, BROKER_C } from '../../src/vendors/moogsoft/state.js';
import { exited, spawnMock } from '../helpers/cli.js';
import { basic } from '../helpers/mock.js';

const auth = { authorization: basic('John.Doe', 'MyPassword'), 'content-type': 'application/json' };
const brokers = [BROKER_A, BROKER_B, BROKER_C];

async function stateFileWrites(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/__admin/health`)).json()) as { stateFile: { writes: number } };
  return health.stateFile.writes;
}

/**
 * Rounds of one state file: a mock started on it, changes until it wrote, a kill -9; the next round
 * starts where the file left off. The versions of the file the kills left.
 */
async function killRounds(rounds: number[]): Promise<Set<string>> {
  const dir = mkdtempSync(join(tmpdir(), 'understudy-state-'));
  const file = join(dir, 'state.json');
  const versions = new Set<string>();
  for (const round of rounds) {
    const { url, child } = await spawnMock(['--vendors', 'moogsoft', '--state-file', file]);
    // Each round starts where a complete file left off.
    if (existsSync(file)) {
      const loaded = (await (await fetch(`${url}/__admin/state`)).json()) as { moogsoft: unknown };
      expect(loaded.moogsoft).toEqual(JSON.parse(readFileSync(file, 'utf8')).moogsoft);
    }
    // Changes keep coming until the mock reports a write of its own during this round (counted by
    // /__admin/health, not guessed from a stopwatch), then a few more so that the kill lands with a
    // write due or under way, at a different point in the write cycle each round (`round * 3` more).
    // One write a round is enough for that: waiting for `round + 1` of them (200 ms each) only
    // lengthened the rounds, the kill still landing just after a counted write.
    const writesAtStart = await stateFileWrites(url);
    let sent = 0;
    const change = async () => {
      const command =
        sent % 2 === 0
          ? { command: 'start', target: brokers[sent % 3] }
          : { command: 'stop', target: brokers[(sent - 1) % 3] };
      await fetch(`${url}/integrations/api/v1/integrations/${1 + (sent % 8)}/status`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify(command),
      });
      sent++;
    };
    do await change();
    while ((await stateFileWrites(url)) < writesAtStart + 1);
    for (let extra = 0; extra < round * 3; extra++) await change();
    child.kill('SIGKILL');
    await exited(child);
    const text = readFileSync(file, 'utf8');
    const state = JSON.parse(text) as { moogsoft: { integrations: unknown[] } };
    expect(state.moogsoft.integrations).toHaveLength(8);
    expect(sent).toBeGreaterThan(0);
    versions.add(text);
  }
  return versions;
}

describe('durable state', () => {
  it('survives kill -9 during writes, every time, and reloads', async () => {
    // Six rounds in two chains of three, each chain on a state file of its own, the chains at once:
    // a round waits for the mock's own writes (200 ms apart), and those waits need not follow each
    // other. Each chain shows its file rewritten while processes were being killed.
    const chains = await Promise.all([killRounds([0, 2, 4]), killRounds([1, 3, 5])]);
    for (const versions of chains) expect(versions.size).toBeGreaterThan(1);
  }, 90_000);

  it('a graceful stop (SIGTERM) writes the last change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-state-'));
    const file = join(dir, 'state.json');
    const first = await spawnMock(['--vendors', 'moogsoft', '--state-file', file]);
    const res = await fetch(`${first.url}/integrations/api/v1/integrations/7/status`, {
      method: 'PUT',
      headers: auth,
      body: '{"command": "start", "target": "' + BROKER_C + '"}',
    });
    expect(res.status).toBe(204);
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    // What the stopped process wrote, read back by a mock started on the file: in-process (the same
    // MockServer the CLI runs; a process of its own cost another start, and the kill rounds above
    // already start processes on files their predecessors left).
    const second = new MockServer(defaultOptions({ vendors: ['moogsoft'], stateFile: file }));
    try {
      const status = await second.core.handle({
        method: 'GET',
        url: '/integrations/api/v1/integrations/7/status',
        headers: auth,
      });
      expect(status.status).toBe(200);
      const { instances } = JSON.parse(status.body) as { instances: Record<string, unknown> };
      expect(Object.keys(instances)).toEqual([BROKER_C]);
    } finally {
      await second.close();
    }
  }, 60_000);

  it("removes at start the temporaries a killed writer left, and no other mock's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-state-'));
    const file = join(dir, 'state.json');
    // A writer that is gone (an exited process's pid), one that still runs, and other files.
    const gone = spawn(process.execPath, ['-e', '']);
    await exited(gone);
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const stale = `.state.json.${gone.pid}.tmp`;
      const live = `.state.json.${running.pid}.tmp`;
      for (const name of [stale, live, '.other.json.1.tmp', '.state.json.notapid.tmp'])
        writeFileSync(join(dir, name), '{"half": ');
      const mock = new MockServer(defaultOptions({ vendors: ['moogsoft'], stateFile: file }));
      await mock.close();
      expect(readdirSync(dir).sort()).toEqual([live, '.other.json.1.tmp', '.state.json.notapid.tmp'].sort());
    } finally {
      running.kill('SIGKILL');
      await exited(running);
    }
  });

  it('holds the shared state only: test sessions are not written to it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'understudy-state-')), 'state.json');
    const mock = new MockServer(defaultOptions({ vendors: ['groundwork'], stateFile: file }));
    const create = (hostName: string, session?: string) =>
      mock.core.handle({
        method: 'POST',
        url: '/api/hosts',
        headers: {
          'gwos-api-token': 'understudy-demo-token',
          'gwos-app-name': 'state-file-test',
          'content-type': 'application/json',
          ...(session ? { 'x-understudy-session': session } : {}),
        },
        body: JSON.stringify({
          hosts: [{ hostName, appType: 'NAGIOS', deviceIdentification: '10.0.0.9', description: 'state file' }],
        }),
      });
    expect((await create('in-a-session', 'worker-1')).status).toBe(200);
    expect((await create('in-the-shared-state')).status).toBe(200);
    await mock.close();
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('"in-the-shared-state"');
    expect(written).not.toContain('in-a-session');
    expect(written).not.toContain('worker-1');
  });

  it('does not write back a file it has just loaded; health counts writes and their cost', async () => {
    // In-process, on a fake clock: the write delay is a timer, so "no write however long one waits"
    // and "one write once the delay is up" are checked by moving the clock, not by sleeping.
    const dir = mkdtempSync(join(tmpdir(), 'understudy-state-'));
    const file = join(dir, 'state.json');
    const options = defaultOptions({ vendors: ['moogsoft'], stateFile: file });
    const setStatus = (mock: MockServer, command: 'start' | 'stop') =>
      mock.core.handle({
        method: 'PUT',
        url: '/integrations/api/v1/integrations/7/status',
        headers: auth,
        body: JSON.stringify({ command, target: BROKER_C }),
      });
    const first = new MockServer(options);
    expect((await setStatus(first, 'start')).status).toBe(204);
    await first.close();
    const written = statSync(file);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const second = new MockServer(options);
    try {
      const stateFile = second.stateFile!;
      vi.advanceTimersByTime(100 * stateFile.delayMs);
      expect(stateFile.writes).toBe(0);
      const unchanged = statSync(file);
      expect([unchanged.ino, unchanged.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
      // A change is written, once, when the delay is up and not before.
      expect((await setStatus(second, 'stop')).status).toBe(204);
      vi.advanceTimersByTime(stateFile.delayMs - 1);
      expect(stateFile.writes).toBe(0);
      vi.advanceTimersByTime(1);
      expect(stateFile.writes).toBe(1);
      vi.advanceTimersByTime(100 * stateFile.delayMs);
      expect(stateFile.writes).toBe(1);
      expect(statSync(file).ino).not.toBe(written.ino);
    } finally {
      vi.useRealTimers();
    }
    // /__admin/health reports the same counts.
    const url = await second.listen(0, '127.0.0.1');
    try {
      const health = (await (await fetch(`${url}/__admin/health`)).json()) as {
        stateFile: { nextWriteDelayMs: number };
      };
      // The next delay is three times the last write's cost, at least the debounce (200 ms): a fixed
      // 200 failed whenever the write took over 67 ms on a loaded machine.
      expect(health.stateFile).toMatchObject({ path: file, writes: 1, nextWriteDelayMs: second.stateFile?.delayMs });
      expect(health.stateFile.nextWriteDelayMs).toBeGreaterThanOrEqual(200);
    } finally {
      await second.close();
    }
  });
});
