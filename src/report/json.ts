import type { VerifyResult } from '../conformance/results.js';
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

/** Reads a verify run's JSON report back, refusing files of another kind or schema version. */
export function parseVerifyJson(text: string, file: string, supported: number): VerifyResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportFormatError(`${file}: not JSON (${(error as Error).message})`);
  }
  const v = value as Partial<VerifyResult> | null;
  if (!v || typeof v !== 'object' || !Array.isArray(v.scenarios) || !v.target || !v.summary) {
    throw new ReportFormatError(`${file}: not an understudy verify report (expected the JSON that \`understudy verify --format json\` writes)`);
  }
  if (v.schemaVersion !== supported) {
    throw new ReportFormatError(`${file}: schemaVersion ${String(v.schemaVersion)}, this understudy reads ${supported}`);
  }
  return v as VerifyResult;
}
