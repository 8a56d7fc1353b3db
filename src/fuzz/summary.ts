import pc from 'picocolors';
import { FUZZ_CHECK_NAMES } from './checks.js';
import type { FuzzProgress } from './run.js';
import type { FuzzRunResult } from './results.js';

const MAX_SHOWN = 20;

/** What `understudy fuzz` prints: each failure with a curl line to replay it, then the figures. */
export function fuzzSummary(run: FuzzRunResult, replay?: string): string {
  const out: string[] = [];
  const f = run.fuzz;
  for (const failure of f.failures.slice(0, MAX_SHOWN)) {
    out.push(
      `${pc.red('✗')} ${pc.bold(failure.check)} ${failure.vendor} ${failure.operationId} ${pc.dim(`· case ${failure.case} · ${failure.kind}`)}`,
    );
    out.push(`    ${failure.message}`);
    out.push(pc.dim(`    ${failure.curl}`));
  }
  if (f.failuresTotal > MAX_SHOWN)
    out.push(pc.dim(`  … ${f.failuresTotal - MAX_SHOWN} more failed check(s) (see the reports)`));
  if (f.failuresTotal > 0 && f.loginHints.length > 0) {
    out.push('', pc.dim('The curl lines read the login token from the environment; set it with:'));
    for (const hint of f.loginHints) out.push(pc.dim(`  ${hint}`));
  }
  if (f.failuresTotal > 0) out.push('');

  const width = Math.max(...FUZZ_CHECK_NAMES.map((n) => n.length));
  out.push(pc.bold(`checks (${run.target.name})`));
  for (const name of FUZZ_CHECK_NAMES) {
    const t = f.checks[name];
    const mark = t.failed > 0 ? pc.red('✗') : t.passed > 0 ? pc.green('✓') : pc.dim('·');
    const failed = `${String(t.failed).padStart(6)} failed`;
    out.push(
      `  ${mark} ${name.padEnd(width)} ${String(t.passed).padStart(6)} passed ${t.failed > 0 ? pc.red(failed) : failed}`,
    );
  }
  out.push('');
  const seconds = (run.durationMs / 1000).toFixed(1);
  const perVendor = Object.entries(f.requests.byVendor)
    .map(([v, n]) => `${v} ${n}`)
    .join(' · ');
  out.push(`requests  ${f.requests.total} in ${seconds} s (${f.requestsPerSecond}/s) — ${perVendor}`);
  const kinds = Object.entries(f.cases.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(' · ');
  out.push(`cases     ${f.cases.total} — ${kinds}`);
  for (const why of f.notChecked) out.push(pc.yellow(`state_round_trip not checked: ${why}`));
  if (f.inconclusiveTotal > 0) {
    out.push(
      pc.yellow(
        `use_after_free: ${f.inconclusiveTotal} lifecycle(s) could not get to the use after free (first: ${f.inconclusive[0]})`,
      ),
    );
  }
  const stopped = {
    requests: 'request budget reached',
    time: 'time budget reached',
    case: 'single case replayed',
    exhausted: 'nothing more to generate',
  }[f.stoppedBy];
  out.push(pc.dim(`seed ${f.seed} (${stopped})${replay ? ` — the same requests again: ${replay}` : ''}`));
  out.push('');
  out.push(
    run.ok
      ? pc.green(pc.bold(`✓ no failures in ${f.requests.total} requests (${f.cases.total} cases)`))
      : pc.red(
          pc.bold(
            `✗ ${f.cases.failed} failing case(s), ${f.failuresTotal} failed check(s) in ${f.requests.total} requests`,
          ),
        ),
  );
  return out.join('\n');
}

/** Where progress is written, and whether that is a terminal (src/commands/io.ts CliIo is one). */
export interface ProgressSink {
  err(text: string): void;
  readonly errIsTerminal?: boolean;
}

/** Progress on the run's stderr: a live bar when that is a terminal, a line every tenth otherwise. */
export function fuzzProgress(sink: ProgressSink): FuzzProgress {
  const live = sink.errIsTerminal === true;
  let budget = 0;
  let time: number | undefined;
  let lastDraw = 0;
  let lastTenth = -1;
  return {
    start({ seed, requests, timeSeconds, operations }) {
      budget = requests;
      time = timeSeconds;
      sink.err(
        pc.dim(
          `fuzzing ${operations} operation(s), seed ${seed}, up to ${requests} requests${timeSeconds !== undefined ? ` or ${timeSeconds} s` : ''}\n`,
        ),
      );
    },
    update({ requests, cases, failures, elapsedMs }) {
      const share = Math.min(1, Math.max(requests / budget, time ? elapsedMs / (time * 1000) : 0));
      if (live) {
        const now = Date.now();
        if (now - lastDraw < 80 && share < 1) return;
        lastDraw = now;
        const width = 24;
        const done = Math.round(share * width);
        const bar = `[${'#'.repeat(done)}${'.'.repeat(width - done)}]`;
        const fails = failures > 0 ? pc.red(` ${failures} failing`) : '';
        sink.err(
          `\r\x1b[2K${bar} ${requests}/${budget} requests · ${cases} cases · ${(elapsedMs / 1000).toFixed(1)} s${fails}`,
        );
      } else {
        const tenth = Math.floor(share * 10);
        if (tenth <= lastTenth) return;
        lastTenth = tenth;
        sink.err(
          pc.dim(
            `${requests}/${budget} requests, ${cases} cases, ${failures} failing, ${(elapsedMs / 1000).toFixed(1)} s\n`,
          ),
        );
      }
    },
    end() {
      if (live) sink.err('\r\x1b[2K');
    },
  };
}
