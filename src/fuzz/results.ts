import type { HttpRequest, HttpResponse } from '../conformance/http.js';
import {
  CHECK_NAMES,
  SCHEMA_VERSION,
  emptyOutcomes,
  type Coverage,
  type ExchangeResult,
  type Outcome,
  type ScenarioResult,
  type StepResult,
  type Tally,
  type Variant,
  type VerifyResult,
} from '../conformance/results.js';
import type { Vendor } from '../vendors/types.js';
import type { FuzzCase } from './cases.js';
import { FUZZ_CHECK_NAMES, type FuzzCheckName, type FuzzCheckResult } from './checks.js';
import type { CaseKind, FuzzFacts } from './types.js';
import type { VendorModel } from './model-types.js';
import { present } from '../common/present.js';
import { toolVersion } from '../common/tool-version.js';

/**
 * A fuzz run in the shape of a verify run (src/conformance/results.ts), so the same report writers
 * take it: a "scenario" per operation (and per use-after-free lifecycle), a step per failing case
 * with its exchanges in full, and one step per case kind summing up the cases that passed (with the
 * first one's exchange as a sample). Summary and matrix count every exchange of every case. The
 * fuzz-specific facts (seed, requests per vendor, failures as curl commands) are under `fuzz`.
 */

/** An exchange as the runner saw it (the raw request and response are not kept past the case). */
export interface FuzzExchange {
  variant: Variant;
  request: HttpRequest;
  response?: HttpResponse;
  error?: string;
  attempts: number;
  checks: FuzzCheckResult[];
  facts: FuzzFacts;
}

export type FuzzExchangeResult = Omit<ExchangeResult, 'checks'> & { checks: FuzzCheckResult[] };

export interface CaseRecord {
  fuzzCase: FuzzCase;
  vendor: Vendor;
  status: 'passed' | 'failed';
  durationMs: number;
  exchanges: Array<FuzzExchange & { recorded: FuzzExchangeResult; curl?: string }>;
  /** A lifecycle that could not get as far as the use after free, and why. */
  inconclusive?: string;
}

export interface FuzzFailure {
  check: FuzzCheckName;
  vendor: string;
  operationId: string;
  case: number;
  kind: CaseKind;
  description: string;
  message: string;
  status?: number;
  /** The request again, credentials as `$UNDERSTUDY_…` variables (or the demo ones). */
  curl: string;
}

export interface FuzzRunFacts {
  seed: number;
  stoppedBy: 'requests' | 'time' | 'case' | 'exhausted';
  limits: { requests: number; timeSeconds?: number };
  requests: { total: number; byVendor: Record<string, number> };
  requestsPerSecond: number;
  cases: { total: number; failed: number; byKind: Partial<Record<CaseKind, number>>; byVendor: Record<string, number> };
  /** Every check, with how many exchanges passed and failed it. */
  checks: Record<FuzzCheckName, Tally>;
  failures: FuzzFailure[];
  failuresTotal: number;
  inconclusive: string[];
  inconclusiveTotal: number;
  /** Commands that set the token variables the curl lines use, for vendors that log in. */
  loginHints: string[];
  /** Why state_round_trip was not checked on a target (not an understudy mock, no admin token). */
  notChecked: string[];
}

type FuzzMatrix = Record<string, Record<string, Partial<Record<FuzzCheckName, Tally>>>>;

/** verify's result with the fuzzer's check names, plus `fuzz`. */
export interface FuzzRunResult extends Omit<VerifyResult, 'summary' | 'matrix' | 'scenarios'> {
  summary: {
    scenarios: Record<Outcome, number>;
    steps: Record<Outcome, number>;
    checks: Record<FuzzCheckName, Tally>;
    skippedWrites: number;
  };
  matrix: FuzzMatrix;
  scenarios: Array<
    Omit<ScenarioResult, 'steps'> & {
      steps: Array<Omit<StepResult, 'exchanges'> & { exchanges: FuzzExchangeResult[] }>;
    }
  >;
  fuzz: FuzzRunFacts;
}

/**
 * The run for the shared report writers. They read check names as data (tallies, failure lists);
 * the columns of the HTML matrix and the JUnit test cases list `CHECK_NAMES`, verify's names.
 */
export function asVerifyResult(result: FuzzRunResult): VerifyResult {
  return result as unknown as VerifyResult;
}

const MAX_FAILURES_LISTED = 200;
/** Failing cases kept whole (with their exchanges); beyond that they are only counted. */
const MAX_KEPT_FAILING_CASES = 500;
const MAX_INCONCLUSIVE_LISTED = 20;

interface RunMeta {
  seed: number;
  started: number;
  urls: Record<string, string>;
  targetName: string;
  requests: { total: number; byVendor: Record<string, number> };
  stoppedBy: FuzzRunFacts['stoppedBy'];
  limits: FuzzRunFacts['limits'];
  loginHints: string[];
  notChecked: string[];
}

/** A tally for every fuzz check, and for every verify check too (readers of verify results index by those). */
function emptyTallies(): Record<FuzzCheckName, Tally> {
  const names = new Set<string>([...CHECK_NAMES, ...FUZZ_CHECK_NAMES]);
  return Object.fromEntries([...names].map((n) => [n, { passed: 0, failed: 0 }])) as Record<FuzzCheckName, Tally>;
}

function scenarioKey(record: CaseRecord): { key: string; name: string; file: string; source: string } {
  const c = record.fuzzCase;
  if (c.kind === 'use-after-free') {
    return {
      key: `${record.vendor} ${c.lifecycle.name}`,
      name: `use_after_free ${c.lifecycle.name}`,
      file: `fuzz/${record.vendor}/${c.lifecycle.name}`,
      source: c.lifecycle.description,
    };
  }
  const op = c.model.op;
  return {
    key: `${record.vendor} ${op.operationId}`,
    name: `fuzz ${op.operationId}`,
    file: `fuzz/${record.vendor}/${op.operationId}`,
    source: op.source,
  };
}

function operationOf(record: CaseRecord, index: number): { operationId: string; method: string; path: string } {
  const c = record.fuzzCase;
  if (c.kind === 'use-after-free') {
    const step = present(c.lifecycle.steps[Math.min(index, c.lifecycle.steps.length - 1)], 'a lifecycle step');
    const op = present(c.vendor.spec.byOperationId.get(step.operationId), `operation ${step.operationId}`);
    return { operationId: op.operationId, method: op.method.toUpperCase(), path: op.path };
  }
  return { operationId: c.model.op.operationId, method: c.draft.method, path: c.model.op.path };
}

interface Group {
  meta: ReturnType<typeof scenarioKey>;
  vendor: string;
  failed: StepResult[];
  /** Passing cases by kind: how many, and the first one as the sample shown in reports. */
  passed: Map<CaseKind, { first: CaseRecord; count: number; durationMs: number }>;
  durationMs: number;
}

/**
 * Takes each case as it finishes and keeps only what the result needs: tallies, failing cases (up
 * to a cap) and one sample per kind of passing case, so a long run does not hold every exchange.
 */
export class ResultCollector {
  private readonly checks = emptyTallies();
  private readonly matrix: FuzzMatrix = {};
  private readonly byKind: Partial<Record<CaseKind, number>> = {};
  private readonly casesByVendor: Record<string, number>;
  private readonly failures: FuzzFailure[] = [];
  private failuresTotal = 0;
  private readonly inconclusive: string[] = [];
  private inconclusiveTotal = 0;
  private readonly steps = emptyOutcomes();
  private readonly covered = new Map<string, Set<string>>();
  private readonly groups = new Map<string, Group>();
  private keptFailingCases = 0;
  cases = 0;
  failedCases = 0;

  constructor(
    private readonly vendors: Vendor[],
    private readonly models: VendorModel[],
  ) {
    this.casesByVendor = Object.fromEntries(vendors.map((v) => [v, 0]));
    for (const model of models)
      this.matrix[model.vendor] = Object.fromEntries(model.spec.operations.map((o) => [o.operationId, {}]));
  }

  add(record: CaseRecord): void {
    const c = record.fuzzCase;
    this.cases++;
    this.byKind[c.kind] = (this.byKind[c.kind] ?? 0) + 1;
    this.casesByVendor[record.vendor] = (this.casesByVendor[record.vendor] ?? 0) + 1;
    this.steps[record.status]++;
    if (record.inconclusive) {
      this.inconclusiveTotal++;
      if (this.inconclusive.length < MAX_INCONCLUSIVE_LISTED)
        this.inconclusive.push(
          `case ${c.index} (${c.kind === 'use-after-free' ? c.lifecycle.name : c.kind}): ${record.inconclusive}`,
        );
    }
    for (const [i, e] of record.exchanges.entries()) {
      const { operationId } = operationOf(record, i);
      let seen = this.covered.get(record.vendor);
      if (!seen) this.covered.set(record.vendor, (seen = new Set()));
      seen.add(operationId);
      const cell = ((this.matrix[record.vendor] ??= {})[operationId] ??= {});
      for (const r of e.checks) {
        this.checks[r.check][r.status]++;
        (cell[r.check] ??= { passed: 0, failed: 0 })[r.status]++;
        if (r.status !== 'failed') continue;
        this.failuresTotal++;
        if (this.failures.length < MAX_FAILURES_LISTED && e.curl) {
          this.failures.push({
            check: r.check,
            vendor: record.vendor,
            operationId,
            case: c.index,
            kind: c.kind,
            description: e.facts.description,
            message: r.message ?? 'failed',
            ...(e.response ? { status: e.response.status } : {}),
            curl: e.curl,
          });
        }
      }
    }
    const meta = scenarioKey(record);
    let group = this.groups.get(meta.key);
    if (!group)
      this.groups.set(
        meta.key,
        (group = { meta, vendor: record.vendor, failed: [], passed: new Map(), durationMs: 0 }),
      );
    group.durationMs += record.durationMs;
    if (record.status === 'failed') {
      this.failedCases++;
      // Beyond the cap a failing case is counted in the tallies, not kept whole.
      if (++this.keptFailingCases > MAX_KEPT_FAILING_CASES) return;
      const failing = record.exchanges.findIndex((e) => e.checks.some((r) => r.status === 'failed'));
      const firstFailure = record.exchanges[failing]?.checks.find((r) => r.status === 'failed');
      group.failed.push({
        index: c.index,
        name: `case ${c.index} · ${c.kind}: ${c.description}`,
        ...operationOf(record, Math.max(0, failing)),
        line: c.index,
        status: 'failed',
        ...(firstFailure?.message ? { message: firstFailure.message } : {}),
        exchanges: record.exchanges.map((e) => e.recorded) as unknown as ExchangeResult[],
        durationMs: record.durationMs,
      });
      return;
    }
    const entry = group.passed.get(c.kind);
    if (entry) {
      entry.count++;
      entry.durationMs += record.durationMs;
    } else {
      group.passed.set(c.kind, { first: record, count: 1, durationMs: record.durationMs });
    }
  }

  build(meta: RunMeta): FuzzRunResult {
    const scenarios: FuzzRunResult['scenarios'] = [];
    const scenarioOutcomes = emptyOutcomes();
    for (const group of this.groups.values()) {
      const summarised: StepResult[] = [...group.passed.entries()].map(([kind, { first, count, durationMs }]) => ({
        index: first.fuzzCase.index,
        name: `${kind}: ${count} case${count === 1 ? '' : 's'} passed (first: case ${first.fuzzCase.index})`,
        ...operationOf(first, 0),
        line: first.fuzzCase.index,
        status: 'passed',
        exchanges: first.exchanges.slice(0, 1).map((e) => e.recorded) as unknown as ExchangeResult[],
        durationMs,
      }));
      const status: Outcome = group.failed.length > 0 ? 'failed' : 'passed';
      scenarioOutcomes[status]++;
      scenarios.push({
        vendor: group.vendor,
        name: group.meta.name,
        file: group.meta.file,
        source: group.meta.source,
        status,
        durationMs: group.durationMs,
        steps: [...group.failed, ...summarised].sort(
          (a, b) => a.index - b.index,
        ) as unknown as FuzzRunResult['scenarios'][number]['steps'],
      });
    }
    const order = (vendor: string) => this.vendors.indexOf(vendor);
    scenarios.sort((a, b) =>
      a.vendor === b.vendor ? a.file.localeCompare(b.file) : order(a.vendor) - order(b.vendor),
    );

    const coverage: Coverage[] = this.models.map((model) => {
      const seen = this.covered.get(model.vendor) ?? new Set<string>();
      const all = model.spec.operations.map((o) => o.operationId);
      return {
        vendor: model.vendor,
        operations: {
          covered: all.filter((id) => seen.has(id)).length,
          specified: all.length,
          missing: all.filter((id) => !seen.has(id)),
        },
        examples: { replayed: 0, present: 0, missing: [] },
      };
    });
    const durationMs = Date.now() - meta.started;
    return {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: 'understudy', version: toolVersion() },
      target: { name: meta.targetName, urls: meta.urls },
      startedAt: new Date(meta.started).toISOString(),
      durationMs,
      vendors: this.vendors,
      ok: this.cases > 0 && this.failedCases === 0,
      readOnly: false,
      summary: { scenarios: scenarioOutcomes, steps: this.steps, checks: this.checks, skippedWrites: 0 },
      coverage,
      matrix: this.matrix,
      unmet: {},
      scenarios,
      fuzz: {
        seed: meta.seed,
        stoppedBy: meta.stoppedBy,
        limits: meta.limits,
        requests: meta.requests,
        requestsPerSecond: durationMs > 0 ? Math.round((meta.requests.total * 1000) / durationMs) : 0,
        cases: { total: this.cases, failed: this.failedCases, byKind: this.byKind, byVendor: this.casesByVendor },
        checks: Object.fromEntries(FUZZ_CHECK_NAMES.map((n) => [n, this.checks[n]])) as Record<FuzzCheckName, Tally>,
        failures: this.failures,
        failuresTotal: this.failuresTotal,
        inconclusive: this.inconclusive,
        inconclusiveTotal: this.inconclusiveTotal,
        loginHints: meta.loginHints,
        notChecked: meta.notChecked,
      },
    };
  }
}
