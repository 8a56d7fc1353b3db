import { loadSpec } from '../spec/load.js';
import type { Vendor } from '../vendors/types.js';
import { exampleIndex } from './examples.js';
import type { LoadedScenario } from './load-scenarios.js';
import type { Coverage } from './results.js';

/** specs/README.md: an example not taken from a vendor document says "Illustrative" in its summary. */
export function isIllustrative(summary: string | undefined): boolean {
  return /illustrative/i.test(summary ?? '');
}

/**
 * What the suites exercise, per vendor: operations with at least one step among those the spec
 * specifies, and spec examples replayed (by definition, see examples.ts) among those present —
 * the documented ones, and separately those the spec added as illustrations.
 */
export function coverage(scenarios: LoadedScenario[], vendors: readonly Vendor[]): Coverage[] {
  return vendors.map((vendor) => {
    const spec = loadSpec(vendor);
    const index = exampleIndex(spec);
    const steps = scenarios.filter((s) => s.vendor === vendor).flatMap((s) => s.steps);
    const operations = new Set(steps.map((s) => s.op.operationId));
    const replayed = new Set(steps.flatMap((s) => s.examples));
    const missingOps = spec.operations.map((o) => o.operationId).filter((id) => !operations.has(id));
    const tally = (illustrative: boolean) => {
      const ids = [...index.all.values()].filter((e) => isIllustrative(e.summary) === illustrative).map((e) => e.id);
      const missing = ids.filter((id) => !replayed.has(id));
      return { replayed: ids.length - missing.length, present: ids.length, missing };
    };
    return {
      vendor,
      operations: {
        covered: spec.operations.length - missingOps.length,
        specified: spec.operations.length,
        missing: missingOps,
      },
      examples: tally(false),
      illustrative: tally(true),
    };
  });
}

export function formatCoverage(rows: Coverage[]): string {
  const pct = (a: number, b: number): string => (b === 0 ? '—' : `${Math.round((100 * a) / b)}%`);
  const lines = ['coverage      operations          documented examples    illustrative examples'];
  for (const c of rows) {
    const operations = `${`${c.operations.covered}/${c.operations.specified}`.padStart(7)} ${pct(c.operations.covered, c.operations.specified).padStart(5)}`;
    const examples = `${`${c.examples.replayed}/${c.examples.present}`.padStart(7)} ${pct(c.examples.replayed, c.examples.present).padStart(5)}`;
    const illustrative = c.illustrative ? `${c.illustrative.replayed}/${c.illustrative.present}`.padStart(7) : '';
    lines.push(`  ${c.vendor.padEnd(11)} ${operations}     ${examples}       ${illustrative}`);
  }
  return lines.join('\n');
}
