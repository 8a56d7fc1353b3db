// Every report format, from real runs: one that passes, one that breaks the contract.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportAction } from '../../src/commands/report.js';
import { READABLE_SCHEMA_VERSIONS, SCHEMA_VERSION, type VerifyResult } from '../../src/conformance/results.js';
import { toHtml } from '../../src/report/html.js';
import { parseVerifyJson, toJson } from '../../src/report/json.js';
import { toJunit } from '../../src/report/junit.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { mergeRuns } from '../../src/report/merge.js';
import { writeReports } from '../../src/report/write.js';
import { UNMET_SCENARIOS, fakeRun } from './fixture.js';

let good: VerifyResult;
let broken: VerifyResult;
/** Passes, but two steps need an integration the fake does not have: a precondition not met. */
let unmet: VerifyResult;

beforeAll(async () => {
  good = await fakeRun('vendor A');
  broken = await fakeRun('vendor <B>', 'wrong-type');
  unmet = await fakeRun('vendor C', undefined, UNMET_SCENARIOS);
});

/** What a second, independent XML parser (xmldom) finds wrong with the document; none when well-formed. */
function wellFormednessProblems(xml: string): string[] {
  const problems: string[] = [];
  try {
    new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) }).parseFromString(
      xml,
      'text/xml',
    );
  } catch {
    // A fatal error throws after onError has recorded it.
  }
  return problems;
}

describe('JUnit XML', () => {
  it('is well-formed, a suite per scenario and a case per step and check', () => {
    const xml = toJunit(broken);
    expect(wellFormednessProblems(xml)).toEqual([]);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testsuite' || name === 'testcase',
    }).parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        testsuite: Array<{
          name: string;
          testcase: Array<{ name: string; failure?: { type: string; message: string } }>;
        }>;
      };
    };
    expect(doc.testsuites.testsuite).toHaveLength(broken.scenarios.length);
    const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);
    expect(Number(doc.testsuites.tests)).toBe(cases.length);
    const failing = cases.filter((c) => c.failure);
    expect(Number(doc.testsuites.failures)).toBe(failing.length);
    expect(failing.map((c) => c.failure!.type)).toContain('response_schema_conformance');
    expect(failing.find((c) => c.failure!.type === 'response_schema_conformance')!.name).toMatch(
      /^step 1: getIntegrationStatus .*\[response_schema_conformance\]$/,
    );
  });

  it('has no failure for a passing run', () => {
    expect(toJunit(good)).not.toContain('<failure');
  });

  it('shows a precondition not met as a skipped case, with the reason', () => {
    const xml = toJunit(unmet);
    expect(xml).not.toContain('<failure');
    expect(xml).toContain(
      '<testcase classname="moogsoft.moogsoft.unmet" name="step 1: needs integration 7 [precondition]"',
    );
    expect(xml).toContain(
      '<skipped message="precondition not met: integration 7 is installed (GET /integrations/api/v1/integrations/{integrationId}/status answered 404)"/>',
    );
    expect(xml).toMatch(/<testsuites [^>]* failures="0" errors="0" skipped="3"/);
  });
});

describe('JSON', () => {
  it('round-trips with its schemaVersion, and refuses other files', () => {
    const text = toJson(broken);
    const back = parseVerifyJson(text, 'run.json', READABLE_SCHEMA_VERSIONS);
    expect(back.schemaVersion).toBe(SCHEMA_VERSION);
    expect(back.summary).toEqual(broken.summary);
    expect(() => parseVerifyJson('{"a":1}', 'x.json', READABLE_SCHEMA_VERSIONS)).toThrow(
      /not an understudy verify report/,
    );
    expect(() =>
      parseVerifyJson(
        text.replace(`"schemaVersion": ${SCHEMA_VERSION}`, '"schemaVersion": 99'),
        'y.json',
        READABLE_SCHEMA_VERSIONS,
      ),
    ).toThrow(/schemaVersion 99, this understudy reads 1 and 2/);
  });

  it('gives an unmet precondition a status of its own, and reads a version 1 report as one without any', () => {
    const back = parseVerifyJson(toJson(unmet), 'run.json', READABLE_SCHEMA_VERSIONS);
    expect(back.scenarios[0]!.steps.map((s) => s.status)).toEqual(['unmet', 'unmet', 'passed', 'skipped']);
    expect(back.summary.steps.unmet).toBe(2);
    expect(back.unmet).toEqual({ moogsoft: { getIntegrationStatus: 1, updateIntegrationStatus: 1 } });
    const v1 = JSON.parse(toJson(good)) as Record<string, unknown> & {
      summary: Record<string, Record<string, number>>;
    };
    v1.schemaVersion = 1;
    delete v1.unmet;
    delete v1.readOnly;
    delete v1.summary.skippedWrites;
    delete v1.summary.steps!.unmet;
    delete v1.summary.scenarios!.unmet;
    const read = parseVerifyJson(JSON.stringify(v1), 'v1.json', READABLE_SCHEMA_VERSIONS);
    expect(read).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      readOnly: false,
      unmet: {},
      summary: { skippedWrites: 0, steps: { unmet: 0 }, scenarios: { unmet: 0 } },
    });
  });

  it('never carries a credential', () => {
    const text = toJson(good);
    for (const secret of [
      'MyPassword',
      'my-auth-token',
      'fake-gwos-token',
      Buffer.from('John.Doe:MyPassword').toString('base64'),
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('"Authorization": "Basic ***"');
  });
});

describe('Markdown', () => {
  it('gives the verdict, the per-vendor table, the matrix and the failures', () => {
    const md = toMarkdown(broken);
    expect(md).toMatch(/^## understudy verify — ❌ \d+ failed check/);
    expect(md).toContain('| moogsoft | ❌ 0/1 |');
    expect(md).toMatch(/\| moogsoft \| `getIntegrationStatus` \| ❌ response_schema_conformance \|/);
    expect(md).toMatch(
      /`response_schema_conformance` \(checking precondition 'documented'\): response field 'global\.integration_config_id' must be integer \(at `\/global\/integration_config_id`\)/,
    );
    expect(md).toContain('vendor &lt;B>');
    expect(toMarkdown(good)).toMatch(/^## understudy verify — ✅ every check passed/);
  });

  it('lists preconditions not met apart from failures, and marks them in the matrix', () => {
    const md = toMarkdown(unmet);
    expect(md).toMatch(/^## understudy verify — ✅ every check passed · ⊘ 2 step\(s\) not run: precondition not met/);
    expect(md).toContain('| moogsoft | ✅ 0/1 |');
    expect(md).toContain('| moogsoft | `getIntegrationStatus` | ✅ ⊘ 1 |');
    expect(md).toContain('| moogsoft | `updateIntegrationStatus` | ⊘ 1 |');
    expect(md).toContain('### Preconditions not met — not failures');
    expect(md).toContain(
      '- **moogsoft** `moogsoft/unmet.yaml` steps 1, 2: precondition not met: integration 7 is installed',
    );
    expect(md).not.toContain('### Failures');
  });
});

describe('HTML', () => {
  it('is one self-contained page: nothing fetched, everything escaped', () => {
    const html = toHtml(mergeRuns([good, broken]));
    expect(html).not.toMatch(/<link|<script src|src="http|href="http|@import|url\(/);
    expect(html).toContain('vendor &lt;B&gt;');
    expect(html).not.toContain('vendor <B>');
  });

  it('links each failing matrix cell to its failure, with request and response', () => {
    const html = toHtml(mergeRuns([good, broken]));
    const links = [...html.matchAll(/<td class="cell fail"[^>]*><a href="#([^"]+)">/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const id of links) expect(html).toContain(`id="${id}"`);
    const failure = html.slice(html.indexOf(`id="${links[0]}"`));
    expect(failure).toMatch(/GET http:\/\/vendor-b-\.understudy\.test\/integrations\/api\/v1\/integrations\/6\/status/);
    expect(failure).toMatch(/HTTP 200/);
  });
});

describe('HTML, preconditions not met', () => {
  it('shows them apart: a marked count in the matrix, a section of their own, never among the failures', () => {
    const html = toHtml(unmet);
    expect(html).toMatch(
      /<td class="counts pass">\d+✓ <a class="unmet" href="#unmet" title="1 step\(s\) not run: precondition not met">⊘1<\/a><\/td>/,
    );
    expect(html).toContain('<section id="unmet"><h2>Preconditions not met (1) — not failures</h2>');
    expect(html).toContain('<section><h2>Failures</h2><p>None.</p></section>');
    expect(html).toContain('<span class="badge unmet">precondition not met</span>');
    expect(html).toContain(
      '✓ every check passed · <a class="unmet" href="#unmet">⊘ 2 step(s) not run: precondition not met</a>',
    );
    expect(html).toContain('.badge.unmet{background:var(--unmet);color:#fff}'); // readable: the badge's text is not the badge's colour
  });
});

describe('merge (understudy report)', () => {
  it('puts several targets in one matrix', () => {
    const report = mergeRuns([good, broken]);
    expect(report.targets.map((t) => [t.name, t.ok])).toEqual([
      ['vendor A', true],
      ['vendor <B>', false],
    ]);
    const cell = report.matrix.moogsoft!.getIntegrationStatus!;
    expect(cell[0]!.response_schema_conformance).toMatchObject({ failed: 0 });
    expect(cell[1]!.response_schema_conformance!.failed).toBeGreaterThan(0);
    expect(toMarkdown(report)).toContain('| moogsoft | `getIntegrationStatus` | ✅ | ❌ response_schema_conformance |');
  });

  it("keeps each target's preconditions not met apart in the merged matrix", () => {
    const report = mergeRuns([good, unmet]);
    expect(report.unmet.moogsoft!.getIntegrationStatus).toEqual([0, 1]);
    expect(report.unmet.groundwork!.getHost).toEqual([0, null]); // the second target did not run GroundWork
    expect(report.targets[1]!.scenarios.unmet).toBe(1);
    expect(toMarkdown(report)).toContain('| moogsoft | `getIntegrationStatus` | ✅ | ✅ ⊘ 1 |');
  });

  it('writes md, html and json from verify JSON files, and refuses what is not one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-report-'));
    const files = [good, broken].map((run, i) => writeReports(run, dir, ['json'], `run${i}`)[0]!);
    const out = join(dir, 'out');
    expect(reportAction(files, { reportDir: out, name: 'compatibility', format: 'md,html,json' })).toBe(0);
    const merged = JSON.parse(readFileSync(join(out, 'compatibility.json'), 'utf8')) as {
      kind: string;
      targets: unknown[];
    };
    expect(merged.kind).toBe('compatibility');
    expect(merged.targets).toHaveLength(2);
    expect(readFileSync(join(out, 'compatibility.md'), 'utf8')).toContain('understudy compatibility');
    writeFileSync(join(dir, 'bad.json'), '{"nope": true}');
    expect(reportAction([join(dir, 'bad.json')], { reportDir: out, name: 'x', format: 'md' })).toBe(2);
  });
});
