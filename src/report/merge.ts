import {
  CHECK_NAMES,
  SCHEMA_VERSION,
  type CheckName,
  type Coverage,
  type Tally,
  type VerifyResult,
} from '../conformance/results.js';

/**
 * Several verify runs (several targets) as one compatibility matrix: for each vendor and
 * operation, how each target fared on each check. The runs are kept whole for drill-down.
 */
export interface CompatibilityReport {
  schemaVersion: typeof SCHEMA_VERSION;
  kind: 'compatibility';
  generatedAt: string;
  checks: readonly CheckName[];
  targets: TargetSummary[];
  /** vendor → its operations, in spec order, across every run. */
  operations: Record<string, string[]>;
  /** vendor → operationId → one entry per target (same order as `targets`). */
  matrix: Record<string, Record<string, Array<Partial<Record<CheckName, Tally>> | null>>>;
  /** vendor → operationId → per target, the steps not run for an unmet precondition (`null`: vendor not run). */
  unmet: Record<string, Record<string, Array<number | null>>>;
  runs: VerifyResult[];
}

export interface TargetSummary {
  name: string;
  urls: Record<string, string>;
  startedAt: string;
  ok: boolean;
  vendors: string[];
  checks: Record<CheckName, Tally>;
  scenarios: VerifyResult['summary']['scenarios'];
  coverage: Coverage[];
  readOnly: boolean;
  skippedWrites: number;
}

export function mergeRuns(runs: VerifyResult[]): CompatibilityReport {
  const operations: Record<string, string[]> = {};
  for (const run of runs) {
    for (const [vendor, ops] of Object.entries(run.matrix)) {
      const list = (operations[vendor] ??= []);
      for (const op of Object.keys(ops)) if (!list.includes(op)) list.push(op);
    }
  }
  const matrix: CompatibilityReport['matrix'] = {};
  const unmet: CompatibilityReport['unmet'] = {};
  for (const [vendor, ops] of Object.entries(operations)) {
    matrix[vendor] = Object.fromEntries(ops.map((op) => [op, runs.map((run) => run.matrix[vendor]?.[op] ?? null)]));
    unmet[vendor] = Object.fromEntries(
      ops.map((op) => [op, runs.map((run) => (run.matrix[vendor] ? (run.unmet[vendor]?.[op] ?? 0) : null))]),
    );
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'compatibility',
    generatedAt: new Date().toISOString(),
    checks: CHECK_NAMES,
    targets: runs.map((run) => ({
      name: run.target.name,
      urls: run.target.urls,
      startedAt: run.startedAt,
      ok: run.ok,
      vendors: run.vendors,
      checks: run.summary.checks,
      scenarios: run.summary.scenarios,
      coverage: run.coverage,
      readOnly: run.readOnly,
      skippedWrites: run.summary.skippedWrites,
    })),
    operations,
    matrix,
    unmet,
    runs,
  };
}

/** A cell's verdict: every check passed, some failed, or nothing ran there. */
export function cellVerdict(cell: Partial<Record<CheckName, Tally>> | null | undefined): 'pass' | 'fail' | 'none' {
  if (!cell) return 'none';
  const tallies = Object.values(cell);
  if (tallies.length === 0) return 'none';
  return tallies.some((t) => t.failed > 0) ? 'fail' : 'pass';
}

export function checkVerdict(tally: Tally | undefined): 'pass' | 'fail' | 'none' {
  if (!tally || tally.passed + tally.failed === 0) return 'none';
  return tally.failed > 0 ? 'fail' : 'pass';
}
