import type {
  CheckName,
  CheckResult,
  ExchangeResult,
  ScenarioResult,
  StepResult,
  VerifyResult,
} from '../conformance/results.js';

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
      // A step skipped in a scenario that failed was skipped for that failure (an earlier error);
      // elsewhere it was skipped by choice (--read-only) or had nothing to clean up.
      const brokenScenario = scenario.status === 'failed' || scenario.status === 'error';
      if (step.status === 'error' || (step.status === 'skipped' && brokenScenario && step.phase !== 'cleanup')) {
        out.push({
          vendor: scenario.vendor,
          scenario,
          step,
          exchange: step.exchanges[0],
          message: step.message ?? step.status,
        });
      }
      for (const exchange of step.exchanges) {
        for (const result of exchange.checks) {
          if (result.status !== 'failed') continue;
          out.push({
            vendor: scenario.vendor,
            scenario,
            step,
            check: result.check,
            exchange,
            result,
            message: result.message ?? 'failed',
          });
        }
      }
    }
  }
  return out;
}

/** A step not run because the target lacks data it needs: reported apart, never as a failure. */
export interface UnmetItem {
  vendor: string;
  scenario: ScenarioResult;
  step: StepResult;
  message: string;
}

export function unmetOf(run: VerifyResult): UnmetItem[] {
  return run.scenarios.flatMap((scenario) =>
    scenario.steps
      .filter((step) => step.status === 'unmet')
      .map((step) => ({ vendor: scenario.vendor, scenario, step, message: step.message ?? 'precondition not met' })),
  );
}

/**
 * The unmet steps of a run, one line per distinct reason (a precondition several steps need is
 * one line), with the steps it held back.
 */
export function unmetReasons(
  run: VerifyResult,
): Array<{ vendor: string; file: string; message: string; steps: number[] }> {
  const out = new Map<string, { vendor: string; file: string; message: string; steps: number[] }>();
  for (const item of unmetOf(run)) {
    const key = `${item.scenario.file}\n${item.message}`;
    const entry = out.get(key) ?? { vendor: item.vendor, file: item.scenario.file, message: item.message, steps: [] };
    entry.steps.push(item.step.index + 1);
    out.set(key, entry);
  }
  return [...out.values()];
}

export function variantLabel(exchange: ExchangeResult | undefined): string {
  if (!exchange || exchange.variant === 'main') return '';
  if (exchange.variant === 'precondition') return ` (checking precondition '${exchange.precondition?.name ?? ''}')`;
  return exchange.variant === 'no-credentials'
    ? ' (replayed without credentials)'
    : ' (replayed with wrong credentials)';
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
