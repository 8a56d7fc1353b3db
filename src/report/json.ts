import { SCHEMA_VERSION, type VerifyResult } from '../conformance/results.js';
import type { CompatibilityReport } from './merge.js';

/** The JSON report: the run as `runVerify` returns it (schema in reports/README.md). */
export function toJson(result: VerifyResult | CompatibilityReport): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export class ReportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportFormatError';
  }
}

/**
 * Reads a verify run's JSON report back, refusing files of another kind or of a schema version not
 * in `supported`; an older version is read as the current one (what it lacks is empty).
 */
export function parseVerifyJson(text: string, file: string, supported: readonly number[]): VerifyResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportFormatError(`${file}: not JSON (${(error as Error).message})`);
  }
  const v = value as Partial<VerifyResult> | null;
  if (!v || typeof v !== 'object' || !Array.isArray(v.scenarios) || !v.target || !v.summary) {
    throw new ReportFormatError(
      `${file}: not an understudy verify report (expected the JSON that \`understudy verify --format json\` writes)`,
    );
  }
  if (typeof v.schemaVersion !== 'number' || !supported.includes(v.schemaVersion)) {
    throw new ReportFormatError(
      `${file}: schemaVersion ${String(v.schemaVersion)}, this understudy reads ${supported.join(' and ')}`,
    );
  }
  return upgrade(v as VerifyResult);
}

/** Version 1 knew no unmet preconditions and no --read-only. */
function upgrade(run: VerifyResult): VerifyResult {
  // A version-1 run arrives typed as the current one: the guards below are the upgrade.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  if (run.schemaVersion === SCHEMA_VERSION) return run;
  return {
    ...run,
    schemaVersion: SCHEMA_VERSION,
    readOnly: run.readOnly ?? false,
    summary: {
      ...run.summary,
      scenarios: { ...run.summary.scenarios, unmet: run.summary.scenarios.unmet ?? 0 },
      steps: { ...run.summary.steps, unmet: run.summary.steps.unmet ?? 0 },
      skippedWrites: run.summary.skippedWrites ?? 0,
    },
    unmet: run.unmet ?? {},
  };
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
}
