import type { CheckName, ExchangeResult, ScenarioResult, Tally, VerifyResult } from '../conformance/results.js';
import { failuresOf, percent, requestLine, unmetReasons, variantLabel, type FailureItem } from './failures.js';
import { cellVerdict, checkVerdict, mergeRuns, type CompatibilityReport } from './merge.js';

/**
 * One self-contained page (inline CSS and JS, nothing fetched): the compatibility matrix of
 * targets × vendors × operations with a cell per check, every failure with its request and
 * response, and every scenario step for drill-down. Opens from disk or a CI artifact.
 */
export function toHtml(input: VerifyResult | CompatibilityReport): string {
  const report = 'kind' in input ? input : mergeRuns([input]);
  const ok = report.runs.every((r) => r.ok);
  const title =
    report.runs.length > 1
      ? 'understudy compatibility report'
      : `understudy verify — ${report.runs[0]?.target.name ?? ''}`;
  const unmet = report.runs.reduce((n, r) => n + r.summary.steps.unmet, 0);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>${esc(title)}</h1>
  <p class="verdict ${ok ? 'pass' : 'fail'}">${ok ? '✓ every check passed' : '✗ the contract is broken'}${unmet ? ` · <a class="unmet" href="#unmet">⊘ ${unmet} step(s) not run: precondition not met</a>` : ''} · generated ${esc(report.generatedAt)}</p>
  <label><input type="checkbox" id="only-failures"> show failures only</label>
</header>
<main>
${targetsTable(report)}
${matrix(report)}
${failuresSection(report)}
${unmetSection(report)}
${runsSection(report)}
</main>
<script>${JS}</script>
</body>
</html>
`;
}

function targetsTable(report: CompatibilityReport): string {
  const rows = report.runs.map((run, t) => {
    const s = run.summary.scenarios;
    const checks = Object.values(run.summary.checks);
    const passed = checks.reduce((n, c) => n + c.passed, 0);
    const failed = checks.reduce((n, c) => n + c.failed, 0);
    const coverage = run.coverage
      .map(
        (c) =>
          `${esc(c.vendor)} ${c.operations.covered}/${c.operations.specified} ops, ${c.examples.replayed}/${c.examples.present} examples`,
      )
      .join('<br>');
    return `<tr class="${run.ok ? 'pass' : 'fail'}"><td><a href="#run-${t}">${esc(run.target.name)}</a><div class="dim">${esc([...new Set(Object.values(run.target.urls))].join(', '))}</div></td>
<td>${esc(run.startedAt)}<div class="dim">${(run.durationMs / 1000).toFixed(1)} s · understudy ${esc(run.tool.version)}</div></td>
<td>${s.passed} passed${s.failed ? `, <b>${s.failed} failed</b>` : ''}${s.error ? `, <b>${s.error} errored</b>` : ''}${s.unmet ? `, <span class="unmet">⊘ ${s.unmet} precondition not met</span>` : ''}${s.skipped ? `, ${s.skipped} skipped` : ''}${run.readOnly ? `<div class="dim">--read-only: ${run.summary.skippedWrites} step(s) that change state skipped</div>` : ''}</td>
<td>${passed} passed${failed ? `, <b>${failed} failed</b>` : ''} (${percent(passed, passed + failed)})</td><td class="small">${coverage}</td></tr>`;
  });
  const head = '<tr><th>target</th><th>run</th><th>scenarios</th><th>checks</th><th>coverage</th></tr>';
  return `<section><h2>Targets</h2><table class="targets"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table></section>`;
}

const SHORT: Record<CheckName, string> = {
  not_a_server_error: '5xx',
  status_code_conformance: 'status',
  content_type_conformance: 'type',
  response_schema_conformance: 'schema',
  response_headers_conformance: 'headers',
  ignored_auth: 'auth',
  expected_state: 'state',
};

function matrix(report: CompatibilityReport): string {
  const sections = Object.entries(report.operations).map(([vendor, ops]) => {
    const head1 = report.targets
      .map((t) => `<th colspan="${report.checks.length + 1}" class="target">${esc(t.name)}</th>`)
      .join('');
    const head2 = report.targets
      .map(
        () =>
          `${report.checks.map((c) => `<th class="check" title="${c}">${SHORT[c]}</th>`).join('')}<th class="check" title="checks passed (✓) and failed (✗) on this operation">count</th>`,
      )
      .join('');
    const rows = ops.map((op) => {
      const cells = (report.matrix[vendor]?.[op] ?? []).map(
        (cell, t) =>
          report.checks
            .map((check) => {
              const tally = cell?.[check];
              const verdict = checkVerdict(tally);
              const tip = tally ? `${check}: ${tally.passed} passed, ${tally.failed} failed` : `${check}: not run`;
              const mark =
                verdict === 'fail'
                  ? `<a href="#${anchor(t, vendor, op, check)}">✗</a>`
                  : verdict === 'pass'
                    ? '✓'
                    : '·';
              return `<td class="cell ${verdict}" title="${esc(tip)}">${mark}</td>`;
            })
            .join('') + countsCell(cell, report.unmet[vendor]?.[op]?.[t] ?? 0),
      );
      const overall = report.matrix[vendor]?.[op]?.map(cellVerdict) ?? [];
      return `<tr class="${overall.includes('fail') ? 'fail' : 'pass'}"><th class="op">${esc(op)}</th>${cells.join('')}</tr>`;
    });
    return (
      `<h3>${esc(vendor)}</h3><div class="scroll"><table class="matrix">` +
      `<thead><tr><th rowspan="2">operation</th>${head1}</tr><tr>${head2}</tr></thead>` +
      `<tbody>${rows.join('\n')}</tbody></table></div>`
    );
  });
  const legend =
    'One cell per check: ✓ passed, ✗ failed (click for the failure), · not exercised; ' +
    '<b>count</b>: checks passed and failed on the operation, and <span class="unmet">⊘ n</span> steps not run ' +
    'because the target lacks data they need (a precondition not met: not a failure, <a href="#unmet">listed apart</a>). ' +
    `Checks: ${report.checks.map((c) => `<b>${SHORT[c]}</b> ${c}`).join(', ')}.`;
  return `<section><h2>Compatibility matrix</h2><p class="dim">${legend}</p>${sections.join('\n')}</section>`;
}

/** How many checks passed and failed on one operation for one target, and its steps held back by an unmet precondition. */
function countsCell(cell: Partial<Record<CheckName, Tally>> | null | undefined, unmet: number): string {
  const tallies = Object.values(cell ?? {});
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0);
  const apart =
    unmet > 0
      ? ` <a class="unmet" href="#unmet" title="${unmet} step(s) not run: precondition not met">⊘${unmet}</a>`
      : '';
  if (passed + failed === 0) return `<td class="counts none">${apart || '·'}</td>`;
  return `<td class="counts ${failed > 0 ? 'fail' : 'pass'}">${passed}✓${failed > 0 ? ` ${failed}✗` : ''}${apart}</td>`;
}

function unmetSection(report: CompatibilityReport): string {
  const items = report.runs.flatMap((run) =>
    unmetReasons(run).map(
      (u) =>
        `<li><span class="badge unmet">precondition</span> ${report.runs.length > 1 ? `<span class="dim">[${esc(run.target.name)}]</span> ` : ''}<b>${esc(u.vendor)}</b> <code>${esc(u.file)}</code> step${u.steps.length > 1 ? 's' : ''} ${u.steps.join(', ')}: ${esc(u.message)}</li>`,
    ),
  );
  if (items.length === 0) return '';
  return (
    `<section id="unmet"><h2>Preconditions not met (${items.length}) — not failures</h2>` +
    '<p class="dim">The target lacks data these steps need (a documented example names it, ' +
    'or a step they depend on did not run), so they were not run.</p>' +
    `<ul class="unmet-list">${items.join('\n')}</ul></section>`
  );
}

function failuresSection(report: CompatibilityReport): string {
  const seen = new Set<string>();
  const items = report.runs.flatMap((run, t) =>
    failuresOf(run).map((f) => {
      const id = anchor(t, f.vendor, f.step.operationId, f.check ?? 'step');
      const first = !seen.has(id);
      seen.add(id);
      return failure(f, t, report.runs.length > 1 ? run.target.name : undefined, first ? id : undefined);
    }),
  );
  if (items.length === 0) return '<section><h2>Failures</h2><p>None.</p></section>';
  return `<section><h2>Failures (${items.length})</h2>${items.join('\n')}</section>`;
}

function failure(f: FailureItem, t: number, target: string | undefined, id: string | undefined): string {
  const r = f.result;
  const facts = [
    r?.pointer ? `<dt>at</dt><dd><code>${esc(r.pointer)}</code></dd>` : '',
    r?.expected !== undefined ? `<dt>expected</dt><dd><code>${esc(JSON.stringify(r.expected))}</code></dd>` : '',
    r?.actual !== undefined ? `<dt>actual</dt><dd><code>${esc(JSON.stringify(r.actual))}</code></dd>` : '',
  ].join('');
  return `<details class="failure"${id ? ` id="${id}"` : ''}><summary><span class="badge fail">${esc(f.check ?? f.step.status)}</span> ${target === undefined ? '' : `<span class="dim">[${esc(target)}]</span> `}<b>${esc(f.vendor)}</b> ${esc(f.scenario.name)} — step ${f.step.index + 1}: ${esc(f.step.name)}${esc(variantLabel(f.exchange))}<div class="msg">${esc(f.message)}</div></summary>
<p class="dim">${esc(f.scenario.file)}:${f.step.line} · source ${esc(f.scenario.source)} · <a href="#${stepId(t, f.scenario, f.step.index)}">step in its scenario</a></p>
${facts ? `<dl>${facts}</dl>` : ''}${f.exchange ? exchangeHtml(f.exchange, true) : ''}</details>`;
}

function runsSection(report: CompatibilityReport): string {
  return report.runs
    .map((run, t) => {
      const scenarios = run.scenarios.map((s) => scenarioHtml(s, t)).join('\n');
      return `<section id="run-${t}"><h2>Scenarios — ${esc(run.target.name)}</h2>${scenarios}</section>`;
    })
    .join('\n');
}

function scenarioHtml(s: ScenarioResult, t: number): string {
  const steps = s.steps
    .map((step) => {
      const exchanges = step.exchanges
        .map((e) =>
          exchangeHtml(
            e,
            e.checks.some((c) => c.status === 'failed'),
          ),
        )
        .join('');
      return `<details class="step ${step.status}" id="${stepId(t, s, step.index)}"><summary><span class="badge ${step.status}">${statusLabel(step.status)}</span> ${step.index + 1}.${step.phase === 'cleanup' ? ' <span class="dim">cleanup</span>' : ''} ${esc(step.name)} <span class="dim">${esc(step.method)} ${esc(step.path)} · line ${step.line}</span>${step.message ? `<div class="msg">${esc(step.message)}</div>` : ''}</summary>${exchanges}</details>`;
    })
    .join('');
  const summary =
    `<span class="badge ${s.status}">${statusLabel(s.status)}</span> <b>${esc(s.vendor)}</b> ${esc(s.name)} ` +
    `<span class="dim">${esc(s.file)} · ${esc(s.source)}</span>`;
  return `<details class="scenario ${s.status}"><summary>${summary}</summary>${steps}</details>`;
}

function statusLabel(status: string): string {
  return status === 'unmet' ? 'precondition not met' : status;
}

function exchangeHtml(e: ExchangeResult, full: boolean): string {
  const max = full ? 16_384 : 4_096;
  const checks = e.checks
    .map(
      (c) =>
        `<li class="${c.status}"><span class="badge ${c.status === 'passed' ? 'passed' : 'fail'}">${c.check}</span>${c.message ? ` ${esc(c.message)}` : ''}</li>`,
    )
    .join('');
  const request = [
    `${e.request.method} ${e.request.url}`,
    ...Object.entries(e.request.headers).map(([k, v]) => `${k}: ${v}`),
    ...(e.request.body !== undefined ? ['', e.request.body] : []),
  ].join('\n');
  const response = e.response
    ? [
        `HTTP ${e.response.status} (${e.response.durationMs} ms${e.attempts > 1 ? `, ${e.attempts} attempts` : ''})`,
        ...Object.entries(e.response.headers).map(([k, v]) => `${k}: ${v}`),
        '',
        e.response.body,
      ].join('\n')
    : `no response: ${e.error ?? ''}`;
  const label = e.variant === 'main' ? requestLine(e) : `${requestLine(e)}${variantLabel(e)}`;
  const pair = `<div class="pair"><pre>${esc(clip(request, max))}</pre><pre>${esc(clip(response, max))}</pre></div>`;
  return `<div class="exchange"><div class="line">${esc(label)}</div><ul class="checks">${checks}</ul>${pair}</div>`;
}

function anchor(t: number, vendor: string, op: string, check: string): string {
  return `f-${t}-${slug(vendor)}-${slug(op)}-${slug(check)}`;
}

function stepId(t: number, s: ScenarioResult, index: number): string {
  return `s-${t}-${slug(s.file)}-${index}`;
}

function slug(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]+/g, '_');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

function esc(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--none:#8c959f;--unmet:#9a6700;--bg:#fff;--fg:#1f2328;--line:#d0d7de;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:16px 24px;border-bottom:1px solid var(--line);position:sticky;top:0;background:var(--bg);z-index:1}
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
main{padding:0 24px 48px}.dim{color:#59636e;font-size:12px}.small{font-size:12px}
.verdict{margin:0 0 6px;font-weight:600}.verdict.pass{color:var(--pass)}.verdict.fail{color:var(--fail)}
table{border-collapse:collapse}td,th{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft)}.targets tr.fail td:first-child{border-left:4px solid var(--fail)}
.targets tr.pass td:first-child{border-left:4px solid var(--pass)}
.scroll{overflow-x:auto}.matrix th.op{font-weight:500;font-family:ui-monospace,monospace;white-space:nowrap}
.matrix th.check{font-size:11px;writing-mode:vertical-rl;transform:rotate(180deg);padding:6px 2px}
.matrix th.target{text-align:center}
.cell{text-align:center;width:26px;padding:2px}
.counts{font-size:12px;white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}
.counts.fail{color:var(--fail);font-weight:600}.counts.none{color:var(--none);text-align:center}
.cell.pass{color:var(--pass);background:#dafbe1}.cell.fail{background:#ffebe9}
.cell.fail a{color:var(--fail);font-weight:700;text-decoration:none}.cell.none{color:var(--none)}
details{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:4px 10px;scroll-margin-top:120px}
details>summary{cursor:pointer}
details.failure{border-left:4px solid var(--fail)}
details.scenario.passed,details.step.passed{border-left:4px solid var(--pass)}
details.scenario.failed,details.scenario.error,details.step.failed,details.step.error{border-left:4px solid var(--fail)}
details.skipped{border-left:4px solid var(--none)}details.unmet{border-left:4px solid var(--unmet)}
.msg{margin:2px 0 0 4px;color:var(--fail);white-space:pre-wrap}
.badge{display:inline-block;font-size:11px;font-family:ui-monospace,monospace;border-radius:10px;padding:0 7px;color:#fff;background:var(--none)}
.badge.passed{background:var(--pass)}.badge.unmet{background:var(--unmet);color:#fff}.unmet{color:var(--unmet)}
a.unmet{text-decoration:none;font-weight:600}ul.unmet-list{padding-left:18px}
.badge.fail,.badge.failed,.badge.error{background:var(--fail)}
.exchange{border-top:1px dashed var(--line);margin:6px 0;padding-top:6px}
.exchange .line{font-family:ui-monospace,monospace;font-size:12px}
ul.checks{list-style:none;padding:0;margin:4px 0}ul.checks li{margin:2px 0}
ul.checks li.passed{display:inline-block;margin-right:4px}ul.checks li.failed{color:var(--fail)}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:8px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px;margin:4px 0;overflow:auto;max-height:360px;font-size:12px;white-space:pre-wrap;word-break:break-word}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}dt{color:#59636e}dd{margin:0}
body.only-failures details.passed,body.only-failures details.skipped,body.only-failures details.unmet,body.only-failures .matrix tr.pass,body.only-failures .exchange:not(:has(li.failed)){display:none}
@media (max-width:900px){.pair{grid-template-columns:1fr}}
`;

// Opens the <details> that hold a linked element, so a matrix cell lands on its failure.
const JS = `
(function(){
  function reveal(){var id=decodeURIComponent(location.hash.slice(1));if(!id)return;var el=document.getElementById(id);
    for(var n=el;n;n=n.parentElement){if(n.tagName==='DETAILS')n.open=true;}if(el)el.scrollIntoView({block:'start'});}
  window.addEventListener('hashchange',reveal);reveal();
  var box=document.getElementById('only-failures');
  box.addEventListener('change',function(){document.body.classList.toggle('only-failures',box.checked);});
})();
`;
