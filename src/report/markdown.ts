import type { VerifyResult } from '../conformance/results.js';
import { failuresOf, percent, requestLine, unmetReasons, variantLabel } from './failures.js';
import { cellVerdict, mergeRuns, type CompatibilityReport } from './merge.js';

const MAX_FAILURES = 25;

/** A summary fit for a pull-request comment: verdict, per-vendor table, matrix, first failures. */
export function toMarkdown(input: VerifyResult | CompatibilityReport): string {
  const report = 'kind' in input ? input : mergeRuns([input]);
  const out: string[] = [];
  const failedChecks = report.runs.reduce(
    (n, r) => n + Object.values(r.summary.checks).reduce((m, t) => m + t.failed, 0),
    0,
  );
  const errored = report.runs.reduce((n, r) => n + r.summary.steps.error, 0);
  const ok = report.runs.every((r) => r.ok);
  const unmetSteps = report.runs.reduce((n, r) => n + r.summary.steps.unmet, 0);
  const apart = unmetSteps ? ` · ⊘ ${unmetSteps} step(s) not run: precondition not met` : '';
  const verdict =
    (ok
      ? '✅ every check passed'
      : `❌ ${failedChecks} failed check(s)${errored ? `, ${errored} errored step(s)` : ''}`) + apart;
  out.push(`## understudy ${report.runs.length > 1 ? 'compatibility' : 'verify'} — ${verdict}`, '');

  for (const run of report.runs) {
    const urls = [...new Set(Object.values(run.target.urls))].join(', ');
    const readOnly = run.readOnly
      ? ` · --read-only: ${run.summary.skippedWrites} step(s) that change state skipped`
      : '';
    const name = `**${md(run.target.name)}**${urls !== run.target.name ? ` (${md(urls)})` : ''}`;
    const took = `${(run.durationMs / 1000).toFixed(1)} s`;
    out.push(`${name} · ${run.startedAt} · ${took} · understudy ${run.tool.version}${readOnly}`, '');
    out.push(
      '| vendor | scenarios passed | checks passed | checks failed | precondition not met | operations covered | examples replayed |',
      '|---|---|---|---|---|---|---|',
    );
    for (const vendor of run.vendors) {
      const scenarios = run.scenarios.filter((s) => s.vendor === vendor);
      const passed = scenarios.filter((s) => s.status === 'passed').length;
      const broken = scenarios.some((s) => s.status === 'failed' || s.status === 'error');
      const unmet = scenarios.filter((s) => s.status === 'unmet').length;
      let checksPassed = 0;
      let checksFailed = 0;
      for (const cell of Object.values(run.matrix[vendor] ?? {})) {
        for (const t of Object.values(cell)) {
          checksPassed += t.passed;
          checksFailed += t.failed;
        }
      }
      const c = run.coverage.find((x) => x.vendor === vendor);
      const ops = c
        ? `${c.operations.covered}/${c.operations.specified} (${percent(c.operations.covered, c.operations.specified)})`
        : '—';
      const ex = c
        ? `${c.examples.replayed}/${c.examples.present} (${percent(c.examples.replayed, c.examples.present)})`
        : '—';
      const verdict = `${broken ? '❌' : '✅'} ${passed}/${scenarios.length}`;
      const failed = checksFailed ? `**${checksFailed}**` : '0';
      const notRun = unmet ? `⊘ ${unmet} scenario(s)` : '—';
      out.push(`| ${vendor} | ${verdict} | ${checksPassed} | ${failed} | ${notRun} | ${ops} | ${ex} |`);
    }
    out.push('');
  }

  out.push('### Compatibility matrix', '', matrixTable(report), '');

  const failures = report.runs.flatMap((run) => failuresOf(run).map((f) => ({ run, f })));
  if (failures.length > 0) {
    out.push(
      `### Failures${failures.length > MAX_FAILURES ? ` (first ${MAX_FAILURES} of ${failures.length})` : ''}`,
      '',
    );
    for (const { run, f } of failures.slice(0, MAX_FAILURES)) {
      const where = `\`${f.scenario.file}:${f.step.line}\` step ${f.step.index + 1} *${md(f.step.name)}*`;
      const target = report.runs.length > 1 ? `[${md(run.target.name)}] ` : '';
      const request = f.exchange ? ` — \`${requestLine(f.exchange)}\`` : '';
      const check = `\`${f.check ?? f.step.status}\`${variantLabel(f.exchange)}`;
      const at = f.result?.pointer ? ` (at \`${f.result.pointer}\`)` : '';
      out.push(`- ${target}**${f.vendor}** ${where} · ${check}: ${md(f.message)}${at}${request}`);
    }
    out.push('');
  }
  const unmet = report.runs.flatMap((run) => unmetReasons(run).map((u) => ({ run, u })));
  if (unmet.length > 0) {
    out.push(
      `### Preconditions not met — not failures${unmet.length > MAX_FAILURES ? ` (first ${MAX_FAILURES} of ${unmet.length})` : ''}`,
      '',
    );
    out.push(
      'The target lacks data these steps need (a documented example names it, or a step they depend on did not run); they were not run.',
      '',
    );
    for (const { run, u } of unmet.slice(0, MAX_FAILURES)) {
      const target = report.runs.length > 1 ? `[${md(run.target.name)}] ` : '';
      out.push(
        `- ${target}**${u.vendor}** \`${u.file}\` step${u.steps.length > 1 ? 's' : ''} ${u.steps.join(', ')}: ${md(u.message)}`,
      );
    }
    out.push('');
  }
  out.push(
    '<sub>Checks: not_a_server_error, status_code_conformance, content_type_conformance, ' +
      'response_schema_conformance, response_headers_conformance, ignored_auth, expected_state — ' +
      'see reports/README.md.</sub>',
    '',
  );
  return out.join('\n');
}

function matrixTable(report: CompatibilityReport): string {
  const header = `| vendor | operation | ${report.targets.map((t) => md(t.name)).join(' | ')} |`;
  const rule = `|---|---|${report.targets.map(() => '---').join('|')}|`;
  const rows: string[] = [];
  for (const [vendor, ops] of Object.entries(report.operations)) {
    for (const op of ops) {
      const cells = (report.matrix[vendor]?.[op] ?? []).map((cell, t) => {
        const verdict = cellVerdict(cell);
        const unmet = report.unmet[vendor]?.[op]?.[t] ?? 0;
        const apart = unmet > 0 ? `⊘ ${unmet}` : '';
        if (verdict === 'none') return apart || '—';
        if (verdict === 'pass') return ['✅', apart].filter(Boolean).join(' ');
        const failed = Object.entries(cell ?? {})
          .filter(([, t]) => t.failed > 0)
          .map(([name]) => name);
        return [`❌ ${failed.join(', ')}`, apart].filter(Boolean).join(' ');
      });
      rows.push(`| ${vendor} | \`${op}\` | ${cells.join(' | ')} |`);
    }
  }
  return [
    header,
    rule,
    ...rows,
    '',
    '<sub>✅ every check passed · ❌ a check failed · ⊘ n: steps of the operation not run, a precondition not met · — not exercised</sub>',
  ].join('\n');
}

/** Escapes what Markdown tables and inline text would otherwise read as syntax. */
function md(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;');
}
