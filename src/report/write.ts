import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifyResult } from '../conformance/results.js';
import { toHtml } from './html.js';
import { toJson } from './json.js';
import { toJunit } from './junit.js';
import { toMarkdown } from './markdown.js';
import type { CompatibilityReport } from './merge.js';

export const REPORT_FORMATS = ['junit', 'json', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const FILE: Record<ReportFormat, string> = { junit: 'junit.xml', json: 'json', md: 'md', html: 'html' };

export function parseFormats(list: string): ReportFormat[] {
  const names = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!(REPORT_FORMATS as readonly string[]).includes(name))
      throw new Error(`unknown report format '${name}': choose from ${REPORT_FORMATS.join(', ')}`);
  }
  return names as ReportFormat[];
}

/** Writes `<dir>/<name>.<ext>` for each format and returns the paths written. */
export function writeReports(
  report: VerifyResult | CompatibilityReport,
  dir: string,
  formats: readonly ReportFormat[],
  name: string,
): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    let text: string;
    if (format === 'junit') {
      if ('kind' in report) continue; // JUnit describes one run; a merged matrix has no test cases of its own
      text = toJunit(report);
    } else if (format === 'json') text = toJson(report);
    else if (format === 'md') text = toMarkdown(report);
    else text = toHtml(report);
    const path = join(dir, `${name}.${FILE[format]}`);
    writeFileSync(path, text);
    written.push(path);
  }
  return written;
}
