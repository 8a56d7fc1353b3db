import type { ExchangeResult, VerifyResult } from '../conformance/results.js';
import { requestLine, variantLabel } from './failures.js';

/**
 * JUnit XML for CI systems: a test suite per scenario, a test case per step and check (the
 * step's replays without and with wrong credentials count under the same case).
 */
export function toJunit(run: VerifyResult): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites: string[] = [];
  for (const scenario of run.scenarios) {
    const cases: string[] = [];
    const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const classname = `${scenario.vendor}.${scenario.file.replace(/\.ya?ml$/, '').replace(/[\\/]/g, '.')}`;
    for (const step of scenario.steps) {
      const label = `step ${step.index + 1}${step.phase === 'cleanup' ? ' (cleanup)' : ''}: ${step.name}`;
      if (step.exchanges.length === 0 || step.status === 'error' || step.status === 'unmet') {
        counts.tests++;
        // An unmet precondition is not a failure: CI shows it as skipped, with the reason.
        const kind = step.status === 'skipped' || step.status === 'unmet' ? 'skipped' : 'error';
        counts[kind === 'skipped' ? 'skipped' : 'errors']++;
        const body =
          kind === 'skipped'
            ? `<skipped message="${attr(step.message ?? 'skipped')}"/>`
            : `<error message="${attr(step.message ?? 'error')}" type="step_error">${text(detailOf(step.exchanges[0]))}</error>`;
        const tag = step.status === 'unmet' ? 'precondition' : step.status;
        cases.push(
          `    <testcase classname="${attr(classname)}" name="${attr(`${label} [${tag}]`)}" time="${seconds(step.durationMs)}">${body}</testcase>`,
        );
        continue;
      }
      // Every check the step ran, in the order they ran: verify's seven, or fuzz's own as well.
      const names = [...new Set(step.exchanges.flatMap((e) => e.checks.map((c) => c.check)))];
      for (const name of names) {
        counts.tests++;
        const failed = step.exchanges.flatMap((e) =>
          e.checks.filter((c) => c.check === name && c.status === 'failed').map((c) => ({ e, c })),
        );
        let body = '';
        if (failed.length > 0) {
          counts.failures++;
          const message = failed.map(({ e, c }) => `${c.message ?? 'failed'}${variantLabel(e)}`).join('; ');
          const detail = failed
            .map(({ e, c }) =>
              [
                `${c.message ?? ''}${variantLabel(e)}`,
                c.pointer ? `at ${c.pointer}` : '',
                c.expected !== undefined ? `expected: ${JSON.stringify(c.expected)}` : '',
                c.actual !== undefined ? `actual: ${JSON.stringify(c.actual)}` : '',
                detailOf(e),
              ]
                .filter(Boolean)
                .join('\n'),
            )
            .join('\n\n');
          body = `<failure message="${attr(message)}" type="${name}">${text(detail)}</failure>`;
        }
        const time = seconds(step.durationMs / Math.max(1, names.length));
        cases.push(
          `    <testcase classname="${attr(classname)}" name="${attr(`${label} [${name}]`)}" time="${time}">${body}</testcase>`,
        );
      }
    }
    for (const k of Object.keys(all) as Array<keyof typeof all>) all[k] += counts[k];
    suites.push(
      `  <testsuite name="${attr(`${scenario.vendor}: ${scenario.name}`)}" ${countAttributes(counts)} ` +
        `time="${seconds(scenario.durationMs)}" timestamp="${run.startedAt.replace(/Z$/, '')}" file="${attr(scenario.file)}">`,
      `    <properties><property name="source" value="${attr(scenario.source)}"/><property name="target" value="${attr(run.target.name)}"/></properties>`,
      ...cases,
      '  </testsuite>',
    );
  }
  out.push(
    `<testsuites name="${attr(`understudy verify — ${run.target.name}`)}" ${countAttributes(all)} time="${seconds(run.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  );
  return out.join('\n');
}

function detailOf(exchange: ExchangeResult | undefined): string {
  if (!exchange) return '';
  const lines = [`request: ${requestLine(exchange)}`];
  if (exchange.response)
    lines.push(
      `response: ${exchange.response.status} ${exchange.response.headers['content-type'] ?? ''}`,
      exchange.response.body.slice(0, 2000),
    );
  if (exchange.error) lines.push(`no response: ${exchange.error}`);
  return lines.join('\n');
}

/** A suite's counts as JUnit's attributes, in JUnit's order. */
function countAttributes(counts: { tests: number; failures: number; errors: number; skipped: number }): string {
  return `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// XML 1.0 forbids most control characters even when escaped; a response body may hold them.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value.replace(INVALID_XML, '�').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
