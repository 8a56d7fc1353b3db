import type { CheckName, CheckResult, ExchangeResult, ScenarioResult, StepResult, VerifyResult } from '../conformance/results.js';

/** One failed check (or errored step), with everything a reader needs to see what went wrong. */
export interface FailureItem {
  vendor: string;
  scenario: ScenarioResult;
  step: StepResult;
  /** Undefined for a step that errored or was skipped before any check ran. */
  check?: CheckName;
  exchange?: ExchangeResult;
  result?: CheckResult;
  message: string;
}

export function failuresOf(run: VerifyResult): FailureItem[] {
  const out: FailureItem[] = [];
  for (const scenario of run.scenarios) {
    for (const step of scenario.steps) {
      if (step.status === 'error' || (step.status === 'skipped' && scenario.status !== 'skipped')) {
        out.push({ vendor: scenario.vendor, scenario, step, exchange: step.exchanges[0], message: step.message ?? step.status });
      }
      for (const exchange of step.exchanges) {
        for (const result of exchange.checks) {
          if (result.status !== 'failed') continue;
          out.push({ vendor: scenario.vendor, scenario, step, check: result.check, exchange, result, message: result.message ?? 'failed' });
        }
      }
    }
  }
  return out;
}

export function variantLabel(exchange: ExchangeResult | undefined): string {
  if (!exchange || exchange.variant === 'main') return '';
  return exchange.variant === 'no-credentials' ? ' (replayed without credentials)' : ' (replayed with wrong credentials)';
}

/** `GET /api/hosts?query=…` from a recorded request, without the target's origin. */
export function requestLine(exchange: ExchangeResult): string {
  let target = exchange.request.url;
  try {
    const url = new URL(exchange.request.url);
    target = `${url.pathname}${url.search}`;
  } catch {
    // keep the URL as recorded
  }
  return `${exchange.request.method} ${target}`;
}

export function percent(a: number, b: number): string {
  return b === 0 ? '—' : `${Math.round((100 * a) / b)}%`;
}
