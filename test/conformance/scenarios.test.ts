// The CI gate on the suites themselves: every scenario file is valid, names its source, and
// together they cover every operation every spec specifies.
import { describe, expect, it } from 'vitest';
import { coverage, formatCoverage } from '../../src/conformance/coverage.js';
import { formatIssue, loadScenarios } from '../../src/conformance/load-scenarios.js';
import { SCENARIOS_DIR } from '../../src/spec/paths.js';
import { vendorNames } from '../../src/vendors/registry.js';

const { scenarios, issues } = loadScenarios(SCENARIOS_DIR);

describe('scenario suites', () => {
  it('every scenario file is valid', () => {
    expect(issues.map(formatIssue)).toEqual([]);
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it('every specified operation of every vendor has a scenario step', () => {
    const rows = coverage(scenarios, vendorNames());
    console.log(formatCoverage(rows));
    expect(Object.fromEntries(rows.map((r) => [r.vendor, r.operations.missing]))).toEqual(
      Object.fromEntries(vendorNames().map((v) => [v, []])),
    );
  });

  it('every example the documents hold is replayed', () => {
    const rows = coverage(scenarios, vendorNames());
    expect(rows.flatMap((r) => r.examples.missing.map((id) => `${r.vendor} ${id}`))).toEqual([]);
    expect(rows.every((r) => r.examples.present > 0)).toBe(true);
  });

  it('illustrative examples are replayed too, but for those the default mock cannot be driven to answer', () => {
    const rows = coverage(scenarios, vendorNames());
    // Examples the default mock cannot be driven to answer: a 403 needs a non-admin Polarity user,
    // 503s need an overloaded server, Boomi's 202 a slow result, its QUERY 410 a retired resource.
    const unreachable = [
      'polarity #/components/responses/Forbidden/content/application~1vnd.api+json/examples/forbidden',
      'polarity #/components/responses/ServiceUnavailable/content/application~1vnd.api+json/examples/unavailable',
      'boomi #/components/responses/Gone/content/application~1json/examples/gone',
      'boomi #/components/responses/ServiceUnavailable/content/application~1json/examples/rateLimited',
      'boomi #/components/responses/ListenerStatusPending/content/application~1json/examples/pending',
    ];
    expect(rows.flatMap((r) => (r.illustrative?.missing ?? []).map((id) => `${r.vendor} ${id}`)).sort()).toEqual(
      unreachable.sort(),
    );
  });

  it('every scenario names a seed file and section, or the public page it relies on', () => {
    for (const s of scenarios) expect(s.scenario.source, s.file).toMatch(/\d{3}_[0-9a-f]{16}\.txt|public:/);
  });

  it('scenarios hold no credentials: they come from the runner', () => {
    const secrets = ['MyPassword', 'dev-api-token', 'my-auth-token', 'password: admin'];
    for (const s of scenarios) {
      const text = JSON.stringify(s.scenario);
      for (const secret of secrets) expect(text, `${s.file} holds '${secret}'`).not.toContain(secret);
    }
  });
});
