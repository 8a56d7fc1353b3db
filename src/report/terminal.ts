import pc from 'picocolors';
import { formatCoverage } from '../conformance/coverage.js';
import { CHECK_NAMES, type VerifyResult } from '../conformance/results.js';
import { failuresOf, requestLine, unmetReasons, variantLabel } from './failures.js';

const MAX_SHOWN = 30;

/** The summary `understudy verify` prints: failures first (with what and where), then the tables. */
export function terminalSummary(run: VerifyResult): string {
  const out: string[] = [];
  const failures = failuresOf(run);
  for (const f of failures.slice(0, MAX_SHOWN)) {
    const where = `${f.scenario.file}:${f.step.line}`;
    out.push(
      `${pc.red('✗')} ${pc.bold(f.check ?? f.step.status)} ${pc.dim(where)} step ${f.step.index + 1}: ${f.step.name}${variantLabel(f.exchange)}`,
    );
    out.push(`    ${f.message}`);
    if (f.result?.pointer) out.push(`    at ${f.result.pointer}`);
    if (f.result?.expected !== undefined) out.push(`    expected: ${clip(JSON.stringify(f.result.expected))}`);
    if (f.result?.actual !== undefined) out.push(`    actual:   ${clip(JSON.stringify(f.result.actual))}`);
    if (f.exchange)
      out.push(pc.dim(`    ${requestLine(f.exchange)} → ${f.exchange.response?.status ?? f.exchange.error ?? ''}`));
  }
  if (failures.length > MAX_SHOWN) out.push(pc.dim(`  … and ${failures.length - MAX_SHOWN} more (see the reports)`));
  if (failures.length > 0) out.push('');

  const unmet = unmetReasons(run);
  if (unmet.length > 0) {
    out.push(pc.bold(`not run: ${run.summary.steps.unmet} step(s) lack data the target does not hold (not failures)`));
    for (const u of unmet.slice(0, MAX_SHOWN))
      out.push(
        `  ${pc.yellow('⊘')} ${pc.dim(`${u.file} step${u.steps.length > 1 ? 's' : ''} ${u.steps.join(', ')}:`)} ${u.message}`,
      );
    if (unmet.length > MAX_SHOWN) out.push(pc.dim(`  … and ${unmet.length - MAX_SHOWN} more (see the reports)`));
    out.push('');
  }
  if (run.readOnly) {
    out.push(pc.bold(`--read-only: ${run.summary.skippedWrites} step(s) that change state were skipped`));
    out.push('');
  }

  const width = Math.max(...CHECK_NAMES.map((n) => n.length));
  out.push(pc.bold(`checks (${run.target.name})`));
  for (const name of CHECK_NAMES) {
    const t = run.summary.checks[name];
    const mark = t.failed > 0 ? pc.red('✗') : t.passed > 0 ? pc.green('✓') : pc.dim('·');
    const failed = `${String(t.failed).padStart(5)} failed`;
    out.push(
      `  ${mark} ${name.padEnd(width)} ${String(t.passed).padStart(5)} passed ${t.failed > 0 ? pc.red(failed) : failed}`,
    );
  }
  out.push('');
  out.push(pc.bold('scenarios'));
  for (const vendor of run.vendors) {
    const list = run.scenarios.filter((s) => s.vendor === vendor);
    const by = (status: string) => list.filter((s) => s.status === status).length;
    const failed = by('failed') ? pc.red(`${by('failed')} failed`) : '0 failed';
    const errored = by('error') ? pc.red(`${by('error')} errored`) : '';
    const unmet = by('unmet') ? pc.yellow(` ${by('unmet')} precondition not met`) : '';
    const skipped = by('skipped') ? pc.yellow(` ${by('skipped')} skipped`) : '';
    out.push(`  ${vendor.padEnd(11)} ${pc.green(`${by('passed')} passed`)}  ${failed}  ${errored}${unmet}${skipped}`);
  }
  out.push('');
  out.push(formatCoverage(run.coverage));
  out.push('');
  const s = run.summary.scenarios;
  const total = s.passed + s.failed + s.error + s.skipped + s.unmet;
  const apart = [s.unmet ? `${s.unmet} with a precondition not met` : '', s.skipped ? `${s.skipped} skipped` : '']
    .filter(Boolean)
    .join(', ');
  if (!run.ok) out.push(pc.red(pc.bold(`✗ ${s.failed + s.error} of ${total} scenarios failed`)));
  else if (apart) out.push(pc.green(pc.bold(`✓ no check failed: ${s.passed} of ${total} scenarios passed, ${apart}`)));
  else out.push(pc.green(pc.bold(`✓ all ${s.passed} scenarios passed`)));
  return out.join('\n');
}

function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
