// `understudy verify` and `fuzz` report progress on the run's own stderr (src/commands/io.ts CliIo): run in
// a process of its own that is the process's stderr; run in-process (runUnderstudy with a test's io) it is
// the io's, and nothing reaches the process's stderr. A terminal gets one redrawn line, anything else
// plain lines.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runUnderstudy } from '../../src/commands/program.js';
import { verifyProgress } from '../../src/commands/verify.js';
import { fuzzProgress } from '../../src/fuzz/summary.js';
import { startMock, type RunningMock } from '../helpers/mock.js';

const REDRAW = '\r\x1b[2K';

function captured(errIsTerminal: boolean) {
  const io = { text: '', out: () => undefined, err: (text: string) => void (io.text += text), errIsTerminal };
  return io;
}

describe('progress goes to the run’s stderr', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ vendors: ['moogsoft'] });
  });
  afterAll(() => mock.close());

  it.each([
    ['verify', ['--vendors', 'moogsoft'], /running \d+ scenario\(s\)/],
    ['fuzz', ['--vendors', 'moogsoft', '--seed', '1', '--requests', '20'], /fuzzing \d+ operation\(s\), seed 1/],
  ])('%s run in-process writes its progress to the io, not to process.stderr', async (command, args, first) => {
    const processErr = vi.spyOn(process.stderr, 'write');
    const io = captured(false);
    try {
      // Reports in the run's temporary folder (test/global-setup.ts), not the repository's reports/.
      const reports = ['--report-dir', mkdtempSync(join(tmpdir(), 'understudy-progress-'))];
      const code = await runUnderstudy([command, '--target', mock.url, ...args, ...reports], io);
      expect(code).toBe(0);
    } finally {
      processErr.mockRestore();
    }
    expect(io.text).toMatch(first);
    expect(io.text).not.toContain(REDRAW);
    expect(processErr).not.toHaveBeenCalled();
  });

  it('redraws one line only where the io says its stderr is a terminal', () => {
    for (const terminal of [false, true]) {
      const io = captured(terminal);
      const progress = fuzzProgress(io);
      progress.start?.({ seed: 1, requests: 10, timeSeconds: undefined, operations: 2 });
      progress.update?.({ requests: 10, cases: 4, failures: 0, elapsedMs: 5 });
      progress.end?.();
      expect(io.text.includes(REDRAW)).toBe(terminal);
      const scenarios = captured(terminal);
      verifyProgress(scenarios).scenarioStart?.({ file: 'a.yaml' } as never, 0, 1);
      expect(scenarios.text.includes(REDRAW)).toBe(terminal);
    }
  });
});
