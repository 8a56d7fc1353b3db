import { loadSpec } from '../spec/load.js';
import { SCENARIOS_DIR } from '../spec/paths.js';
import { serverValidators } from '../spec/precompiled.js';
import { vendorNames } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';
import { coverage } from './coverage.js';
import { loadCredentials } from './credentials.js';
import { requireCredentials } from './required-credentials.js';
import { send, type Sender } from './http.js';
import { loadScenarios, ScenarioError, type LoadedScenario } from './load-scenarios.js';
import {
  CHECK_NAMES,
  SCHEMA_VERSION,
  emptyOutcomes,
  type CheckName,
  type ScenarioResult,
  type Tally,
  type VerifyResult,
} from './results.js';
import { runScenario, skippedScenario, type RunContext } from './scenario-run.js';
import { probeTargets, targetUrls, type TargetOptions } from './target.js';
import { toolVersion } from '../common/tool-version.js';
import { present } from '../common/present.js';

export interface VerifyOptions extends TargetOptions {
  scenariosDir?: string;
  /** Stop after the first scenario that fails. */
  bail?: boolean;
  /** Only scenarios whose vendor, name or file matches (a case-insensitive regular expression). */
  grep?: string;
  /** Run only the steps that change nothing on the target (a production vendor). */
  readOnly?: boolean;
  /**
   * Suites run at once (default 1). Above 1 each suite runs in its own test session of the target
   * (the understudy mock), so that suites never see each other's changes; a target without
   * sessions (a real vendor) is refused, as its one state would be shared.
   */
  concurrency?: number;
  /** The admin token of the target, to end the sessions a concurrent run made (default: UNDERSTUDY_ADMIN_TOKEN). */
  adminToken?: string;
  /**
   * What sends each request and waits for its answer (default: over a socket). Tests pass a door to
   * an in-process mock; the CLI always sends over the network.
   */
  send?: Sender;
  progress?: Progress;
}

export interface Progress {
  start?(total: number): void;
  scenarioStart?(scenario: LoadedScenario, index: number, total: number): void;
  scenarioEnd?(result: ScenarioResult, index: number, total: number): void;
}

export class VerifyUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyUsageError';
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Runs the scenario suites against a target and returns the results (nothing is printed or written). */
export async function runVerify(options: VerifyOptions): Promise<VerifyResult> {
  const started = Date.now();
  const vendors = [...(options.vendors ?? vendorNames())];
  const urls = targetUrls(options, vendors, (message) => new VerifyUsageError(message));
  const { scenarios: loaded, issues } = loadScenarios(options.scenariosDir ?? SCENARIOS_DIR, vendors);
  if (issues.length > 0) throw new ScenarioError(issues);
  let grep: RegExp | undefined;
  try {
    grep = options.grep ? new RegExp(options.grep, 'i') : undefined;
  } catch (error) {
    throw new VerifyUsageError(`--grep: ${(error as Error).message}`);
  }
  const selected = loaded.filter((s) => !grep || grep.test(`${s.vendor} ${s.scenario.name} ${s.file}`));
  if (selected.length === 0) {
    throw new VerifyUsageError(
      grep
        ? `--grep '${options.grep}' matches no scenario`
        : `no scenarios for ${vendors.join(', ')} in ${options.scenariosDir ?? SCENARIOS_DIR}`,
    );
  }
  // What the suites need from the credentials is known without the target: said first.
  const credentials = options.credentials ?? loadCredentials();
  requireCredentials(credentials, selected);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sender = options.send ?? send;
  await probeTargets(urls, timeoutMs, sender);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new VerifyUsageError(`--concurrency ${concurrency}: a whole number, at least 1`);
  const adminToken = options.adminToken ?? process.env.UNDERSTUDY_ADMIN_TOKEN;
  if (concurrency > 1) {
    for (const url of new Set(Object.values(urls)))
      await requireSessions(sender, url, timeoutMs, concurrency, adminToken);
  }

  const specs = vendors.map((v) => loadSpec(v));
  // The validators `npm run build` wrote ahead, as the mock uses them (ajv compiles only what the
  // build did not write for the spec as it is now): compiling them here was a quarter of a run's CPU.
  const validators = serverValidators(specs);
  const stats = { skippedWrites: 0 };
  const readOnly = options.readOnly === true;
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  // Filled by index, so a concurrent run's report lists the suites in the serial order.
  const results: ScenarioResult[] = new Array<ScenarioResult>(selected.length);
  options.progress?.start?.(selected.length);
  let stop = false;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < selected.length) {
      const i = next++;
      const scenario = present(selected[i], `scenario ${i}`);
      if (stop) {
        results[i] = skippedScenario(scenario, 'not run: --bail stopped the run after a failure');
        continue;
      }
      options.progress?.scenarioStart?.(scenario, i, selected.length);
      const session = concurrency > 1 ? `verify-${runId}-${i}` : undefined;
      const baseUrl = present(urls[scenario.vendor], `the target of ${scenario.vendor}`);
      const ctx: RunContext = {
        spec: loadSpec(scenario.vendor),
        validators,
        baseUrl,
        credentials,
        timeoutMs,
        send: sender,
        runId,
        readOnly,
        stats,
        ...(session ? { sessionHeaders: { [SESSION_HEADER]: session } } : {}),
      };
      const result = await runScenario(ctx, scenario);
      if (session) await endSession(sender, baseUrl, session, timeoutMs, adminToken);
      results[i] = result;
      options.progress?.scenarioEnd?.(result, i, selected.length);
      if (options.bail && (result.status === 'failed' || result.status === 'error')) stop = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, selected.length) }, worker));
  return summarise(results, {
    vendors,
    urls,
    targetName: options.targetName ?? [...new Set(Object.values(urls))].join(', '),
    started,
    coverage: coverage(exercised(selected, results), vendors),
    readOnly,
    skippedWrites: stats.skippedWrites,
  });
}

/**
 * The scenarios cut to the steps this run sent: a run's coverage counts what it replayed against
 * the target, not what a precondition not met, --read-only or --bail held back.
 */
function exercised(selected: LoadedScenario[], results: ScenarioResult[]): LoadedScenario[] {
  return selected.map((scenario, i) => {
    const sent = new Set(
      (results[i]?.steps ?? [])
        .filter((s) => s.status === 'passed' || s.status === 'failed' || s.status === 'error')
        .map((s) => s.index),
    );
    return { ...scenario, steps: scenario.steps.filter((s) => sent.has(s.index)) };
  });
}

/** The session header `verify --concurrency` sends (the mock reads it case-insensitively). */
const SESSION_HEADER = 'X-Understudy-Session';

/** The understudy mock's admin API is at the root of its origin, whatever path the target URL has. */
function adminUrl(target: string, path: string): string {
  return new URL(path, target).toString();
}

function adminHeaders(token: string | undefined): Record<string, string> {
  return token ? { 'X-Admin-Token': token } : {};
}

/**
 * A concurrent run needs isolated states: the target must say it has sessions (the understudy
 * mock's /__admin/health does), and keep at least as many live as run at once.
 */
async function requireSessions(
  sender: Sender,
  url: string,
  timeoutMs: number,
  concurrency: number,
  token?: string,
): Promise<void> {
  const health = adminUrl(url, '/__admin/health');
  const sent = await sender({ method: 'GET', url: health, headers: adminHeaders(token) }, Math.min(timeoutMs, 5_000));
  const refuse = (why: string) =>
    new VerifyUsageError(
      `--concurrency ${concurrency} runs each suite in its own test session, and ${url} ${why}; ` +
        'against a target without sessions (a real vendor) suites would share its one state: run without --concurrency',
    );
  if (!sent.response) throw refuse(`did not answer ${health} (${sent.error.message})`);
  if (sent.response.status === 401)
    throw refuse(`needs its admin token for ${health}: set UNDERSTUDY_ADMIN_TOKEN to check its sessions`);
  let sessions: { max?: unknown } | undefined;
  try {
    sessions = (JSON.parse(sent.response.text) as { sessions?: { max?: unknown } }).sessions;
  } catch {
    sessions = undefined;
  }
  if (sent.response.status !== 200 || !sessions) throw refuse(`does not offer sessions (GET ${health})`);
  if (typeof sessions.max === 'number' && sessions.max < concurrency)
    throw refuse(`keeps at most ${sessions.max} sessions live (--max-sessions): raise it or lower --concurrency`);
}

/** Best effort: a session left behind ends at the target's idle TTL anyway. */
async function endSession(
  sender: Sender,
  url: string,
  session: string,
  timeoutMs: number,
  token?: string,
): Promise<void> {
  await sender(
    { method: 'DELETE', url: adminUrl(url, `/__admin/sessions/${session}`), headers: adminHeaders(token) },
    Math.min(timeoutMs, 5_000),
  );
}

function summarise(
  scenarios: ScenarioResult[],
  meta: {
    vendors: Vendor[];
    urls: Record<string, string>;
    targetName: string;
    started: number;
    coverage: VerifyResult['coverage'];
    readOnly: boolean;
    skippedWrites: number;
  },
): VerifyResult {
  const checks = Object.fromEntries(CHECK_NAMES.map((n) => [n, { passed: 0, failed: 0 }])) as Record<CheckName, Tally>;
  const steps = emptyOutcomes();
  const scenarioOutcomes = emptyOutcomes();
  const matrix: VerifyResult['matrix'] = {};
  const unmet: VerifyResult['unmet'] = {};
  for (const vendor of meta.vendors) {
    matrix[vendor] = Object.fromEntries(loadSpec(vendor).operations.map((o) => [o.operationId, {}]));
  }
  for (const scenario of scenarios) {
    scenarioOutcomes[scenario.status]++;
    for (const step of scenario.steps) {
      steps[step.status]++;
      if (step.status === 'unmet') {
        const byOp = (unmet[scenario.vendor] ??= {});
        byOp[step.operationId] = (byOp[step.operationId] ?? 0) + 1;
      }
      for (const e of step.exchanges) {
        // A precondition's request is tallied under the operation it sent.
        const cell = ((matrix[scenario.vendor] ??= {})[e.precondition?.operationId ?? step.operationId] ??= {});
        for (const c of e.checks) {
          checks[c.check][c.status]++;
          (cell[c.check] ??= { passed: 0, failed: 0 })[c.status]++;
        }
      }
    }
  }
  // An unmet precondition is the target's data, not its contract, and a step --read-only skipped
  // was skipped by choice: the run is ok. (--bail skips only after a failure.)
  const ok = scenarios.length > 0 && scenarioOutcomes.failed === 0 && scenarioOutcomes.error === 0;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'understudy', version: toolVersion() },
    target: { name: meta.targetName, urls: meta.urls },
    startedAt: new Date(meta.started).toISOString(),
    durationMs: Date.now() - meta.started,
    vendors: meta.vendors,
    ok,
    readOnly: meta.readOnly,
    summary: { scenarios: scenarioOutcomes, steps, checks, skippedWrites: meta.skippedWrites },
    coverage: meta.coverage,
    matrix,
    unmet,
    scenarios,
  };
}
