import type { VerifyResult } from '../../src/conformance/results.js';

/**
 * What two runs of the same suites against targets in the same state must share: every
 * scenario's and step's outcome and message, the checks each exchange ran and how they came out,
 * and the tallies. Not the times, nor the ids a run makes up (its {{run}}, the tokens it gets).
 */
export function reportShape(run: VerifyResult): unknown {
  return {
    ok: run.ok,
    summary: run.summary,
    unmet: run.unmet,
    scenarios: run.scenarios.map((s) => ({
      file: s.file,
      status: s.status,
      steps: s.steps.map((t) => ({
        index: t.index,
        status: t.status,
        message: t.message,
        exchanges: t.exchanges.map((e) => [
          e.variant,
          e.response?.status,
          e.checks.map((c) => `${c.check}:${c.status}`),
        ]),
      })),
    })),
  };
}
