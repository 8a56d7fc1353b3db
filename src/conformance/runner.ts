import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSpec, type LoadedSpec } from '../spec/load.js';
import { PACKAGE_ROOT, SCENARIOS_DIR } from '../spec/paths.js';
import { compileValidators, type OperationValidators } from '../spec/validators.js';
import { VENDORS, type Vendor } from '../spec/vendors.js';
import { AUTH_PROFILES, AuthError, AuthSession, pointerGet } from './auth.js';
import { ResponseBody, runChecks } from './checks/index.js';
import { coverage } from './coverage.js';
import { loadCredentials, type Credentials } from './credentials.js';
import { isUnreachable, send, type HttpRequest, type HttpResponse, type SendResult } from './http.js';
import { interpolate, MissingVariableError, type Variables } from './interpolate.js';
import { loadScenarios, ScenarioError, type LoadedScenario, type LoadedStep } from './load-scenarios.js';
import { recordRequest, recordResponse, redactor } from './record.js';
import { buildRequest, type RequestParts } from './request.js';
import {
  CHECK_NAMES,
  SCHEMA_VERSION,
  emptyOutcomes,
  type CheckName,
  type ExchangeResult,
  type Outcome,
  type ScenarioResult,
  type StepResult,
  type Tally,
  type Variant,
  type VerifyResult,
} from './results.js';
import { statusList } from './scenario-schema.js';

/** Where and as whom `verify` and `fuzz` send their requests. */
export interface TargetOptions {
  /** Base URL serving every selected vendor (the understudy mock, or a real deployment). */
  target?: string;
  /** Base URL per vendor, where vendors are served apart (one Prism per spec). Wins over `target`. */
  targets?: Partial<Record<Vendor, string>>;
  /** Label of the target in reports; default: the URL. */
  targetName?: string;
  vendors?: readonly Vendor[];
  credentials?: Credentials;
  /** Per-request timeout. */
  timeoutMs?: number;
}

export interface VerifyOptions extends TargetOptions {
  scenariosDir?: string;
  /** Stop after the first scenario that fails. */
  bail?: boolean;
  /** Only scenarios whose vendor, name or file matches (a case-insensitive regular expression). */
  grep?: string;
  progress?: Progress;
}

export interface Progress {
  start?(total: number): void;
  scenarioStart?(scenario: LoadedScenario, index: number, total: number): void;
  scenarioEnd?(result: ScenarioResult, index: number, total: number): void;
}

/** The target does not answer at all: a usage problem (exit 2), not a broken contract. */
export class TargetUnreachableError extends Error {
  constructor(readonly url: string, reason: string) {
    super(`cannot reach ${url}: ${reason}. Is the target running? (For the understudy mock: npm start)`);
    this.name = 'TargetUnreachableError';
  }
}

export class VerifyUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyUsageError';
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;

interface RunContext {
  spec: LoadedSpec;
  validators: Map<string, OperationValidators>;
  baseUrl: string;
  credentials: Credentials;
  timeoutMs: number;
  runId: string;
}

/** Runs the scenario suites against a target and returns the results (nothing is printed or written). */
export async function runVerify(options: VerifyOptions): Promise<VerifyResult> {
  const started = Date.now();
  const vendors = [...(options.vendors ?? VENDORS)];
  const urls: Record<string, string> = {};
  for (const vendor of vendors) {
    const url = options.targets?.[vendor] ?? options.target;
    if (!url) throw new VerifyUsageError(`no target for ${vendor}: pass --target http://host:port`);
    try {
      new URL(url);
    } catch {
      throw new VerifyUsageError(`target '${url}' is not a URL (expected e.g. http://127.0.0.1:4010)`);
    }
    urls[vendor] = url.replace(/\/+$/, '');
  }
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
    throw new VerifyUsageError(grep ? `--grep '${options.grep}' matches no scenario` : `no scenarios for ${vendors.join(', ')} in ${options.scenariosDir ?? SCENARIOS_DIR}`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  for (const url of new Set(Object.values(urls))) await probe(url, timeoutMs);

  const specs = vendors.map((v) => loadSpec(v));
  const validators = compileValidators(specs);
  const credentials = options.credentials ?? loadCredentials();
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const results: ScenarioResult[] = [];
  options.progress?.start?.(selected.length);
  let stop = false;
  for (const [i, scenario] of selected.entries()) {
    if (stop) {
      results.push(skippedScenario(scenario, 'not run: --bail stopped the run after a failure'));
      continue;
    }
    options.progress?.scenarioStart?.(scenario, i, selected.length);
    const ctx: RunContext = { spec: loadSpec(scenario.vendor), validators, baseUrl: urls[scenario.vendor]!, credentials, timeoutMs, runId };
    const result = await runScenario(ctx, scenario);
    results.push(result);
    options.progress?.scenarioEnd?.(result, i, selected.length);
    if (options.bail && (result.status === 'failed' || result.status === 'error')) stop = true;
  }
  return summarise(results, {
    vendors,
    urls,
    targetName: options.targetName ?? [...new Set(Object.values(urls))].join(', '),
    started,
    coverage: coverage(selected, vendors),
  });
}

async function probe(url: string, timeoutMs: number): Promise<void> {
  const sent = await send({ method: 'GET', url, headers: {} }, Math.min(timeoutMs, 5_000));
  if (sent.error && isUnreachable(sent.error)) throw new TargetUnreachableError(url, sent.error.code === 'ECONNREFUSED' ? 'connection refused' : sent.error.message);
}

async function runScenario(ctx: RunContext, loaded: LoadedScenario): Promise<ScenarioResult> {
  const started = Date.now();
  const credentials = ctx.credentials[loaded.vendor];
  const vars: Variables = new Map<string, unknown>([['run', ctx.runId]]);
  for (const [key, value] of Object.entries(credentials)) vars.set(`credentials.${key}`, value);
  for (const key of AUTH_PROFILES[loaded.vendor].variables ?? []) if (credentials[key] !== undefined) vars.set(key, credentials[key]);
  const session = new AuthSession(ctx.spec, credentials, ctx.baseUrl, (r) => send(r, ctx.timeoutMs));
  const steps: StepResult[] = [];
  let blocked: string | undefined;
  try {
    for (const [key, value] of Object.entries(loaded.scenario.variables ?? {})) vars.set(key, interpolate(value, vars));
  } catch (error) {
    blocked = (error as Error).message;
  }
  for (const step of loaded.steps) {
    if (blocked) {
      steps.push(stepShell(step, 'skipped', blocked));
      continue;
    }
    const result = await runStep(ctx, session, step, vars);
    steps.push(result);
    if (result.status === 'error') blocked = `not run: step ${step.index + 1} (${step.op.operationId}) errored`;
  }
  return {
    vendor: loaded.vendor,
    name: loaded.scenario.name,
    file: loaded.file,
    source: loaded.scenario.source,
    status: overall(steps.map((s) => s.status)),
    durationMs: Date.now() - started,
    steps,
  };
}

async function runStep(ctx: RunContext, session: AuthSession, step: LoadedStep, vars: Variables): Promise<StepResult> {
  const started = Date.now();
  const { op } = step;
  const autoPath = Object.fromEntries(
    (AUTH_PROFILES[ctx.spec.vendor].variables ?? []).filter((n) => vars.has(n) && op.parameters.some((p) => p.in === 'path' && p.name === n)).map((n) => [n, vars.get(n)]),
  );
  let parts: RequestParts;
  try {
    parts = {
      path: interpolate({ ...autoPath, ...step.path }, vars),
      query: interpolate(step.query, vars),
      headers: Object.fromEntries(Object.entries(interpolate(step.step.headers ?? {}, vars)).map(([k, v]) => [k, String(v)])),
      body: step.body ? { mediaType: step.body.mediaType, value: interpolate(step.body.value, vars) } : undefined,
    };
  } catch (error) {
    if (error instanceof MissingVariableError) return stepShell(step, 'skipped', `not run: ${error.message}`, started);
    throw error;
  }
  const secured = op.security.length > 0 && step.step.auth !== 'none';
  // Built late: the secrets include the login token, known only once the session has logged in.
  const redact = (): ((text: string) => string) => redactor(session.secrets());
  let authHeaders: Record<string, string> = {};
  if (secured) {
    try {
      authHeaders = await session.headers(op);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      const exchanges: ExchangeResult[] = error.exchange
        ? [{ variant: 'main', request: recordRequest(error.exchange.request, redact()), response: error.exchange.response && recordResponse(error.exchange.response, redact()), attempts: 1, checks: [] }]
        : [];
      return { ...stepShell(step, 'error', `authentication failed: ${error.message}`, started), exchanges };
    }
  }
  const exchanges: RawExchange[] = [];
  const main = await exchange(ctx, step, 'main', buildRequest(ctx.baseUrl, op, { ...parts, headers: { ...authHeaders, ...parts.headers } }), vars);
  exchanges.push(main);
  if (main.error === undefined && secured && step.step.replayAuth !== false) {
    exchanges.push(await exchange(ctx, step, 'no-credentials', buildRequest(ctx.baseUrl, op, parts), vars));
    const bad = await session.badHeaders(op);
    exchanges.push(await exchange(ctx, step, 'bad-credentials', buildRequest(ctx.baseUrl, op, { ...parts, headers: { ...bad, ...parts.headers } }), vars));
  }
  const clean = redact();
  const recorded: ExchangeResult[] = exchanges.map((e) => ({
    ...e,
    request: recordRequest(e.request, clean),
    response: e.response && recordResponse(e.response, clean),
  }));
  const errored = exchanges.find((e) => e.error !== undefined);
  const failed = exchanges.some((e) => e.checks.some((c) => c.status === 'failed'));
  return {
    ...stepShell(step, errored ? 'error' : failed ? 'failed' : 'passed', errored ? `no response${errored.variant === 'main' ? '' : ` (${errored.variant})`}: ${errored.error}` : undefined, started),
    exchanges: recorded,
  };
}

type RawExchange = Omit<ExchangeResult, 'request' | 'response'> & { request: HttpRequest; response?: HttpResponse };

async function exchange(ctx: RunContext, step: LoadedStep, variant: Variant, request: HttpRequest, vars: Variables): Promise<RawExchange> {
  let sent: SendResult = await send(request, ctx.timeoutMs);
  let attempts = 1;
  const poll = variant === 'main' ? step.step.poll : undefined;
  const again = statusList(poll?.whileStatus) ?? [];
  while (poll && sent.response && again.includes(sent.response.status) && attempts < (poll.times ?? 20)) {
    await sleep(poll.delayMs ?? 200);
    sent = await send(request, ctx.timeoutMs);
    attempts++;
  }
  if (!sent.response) {
    const reason = sent.error.code === 'ETIMEDOUT' ? `no answer within ${ctx.timeoutMs} ms` : `${sent.error.code}: ${sent.error.message}`;
    return { variant, request, error: reason, attempts, checks: [] };
  }
  const { response } = sent;
  const validators = ctx.validators.get(`${ctx.spec.vendor}:${step.op.operationId}`)!;
  const body = new ResponseBody(ctx.spec, step.op, validators, response);
  // A response other than the expected one holds nothing worth capturing: later steps that need
  // the value are skipped, rather than run with an error body in place of an id.
  const expected = !step.expectStatuses || step.expectStatuses.includes(response.status);
  const captureErrors = variant === 'main' && expected ? capture(step, response.headers, body, vars) : [];
  const checks = runChecks({ spec: ctx.spec, op: step.op, validators, step, variant, request, response, body, vars, captureErrors });
  return { variant, request, response, attempts, checks };
}

function capture(step: LoadedStep, headers: Record<string, string>, body: ResponseBody, vars: Variables): string[] {
  const errors: string[] = [];
  for (const [name, source] of Object.entries(step.step.capture ?? {})) {
    let value: unknown;
    if (source.startsWith('header:')) value = headers[source.slice(7).toLowerCase()];
    else {
      const read = body.read();
      value = read.error === undefined ? (source === 'body' ? read.value : pointerGet(read.value, source)) : undefined;
    }
    if (value === undefined) errors.push(`capture '${name}': nothing at ${source}`);
    else vars.set(name, value);
  }
  return errors;
}

function stepShell(step: LoadedStep, status: Outcome, message: string | undefined, started = Date.now()): StepResult {
  return {
    index: step.index,
    name: step.name,
    operationId: step.op.operationId,
    method: step.op.method.toUpperCase(),
    path: step.op.path,
    line: step.line,
    status,
    ...(message ? { message } : {}),
    exchanges: [],
    durationMs: Date.now() - started,
  };
}

function skippedScenario(loaded: LoadedScenario, message: string): ScenarioResult {
  return {
    vendor: loaded.vendor,
    name: loaded.scenario.name,
    file: loaded.file,
    source: loaded.scenario.source,
    status: 'skipped',
    durationMs: 0,
    steps: loaded.steps.map((s) => stepShell(s, 'skipped', message)),
  };
}

function overall(statuses: Outcome[]): Outcome {
  if (statuses.includes('error')) return 'error';
  if (statuses.includes('failed')) return 'failed';
  if (statuses.length > 0 && statuses.every((s) => s === 'skipped')) return 'skipped';
  return 'passed';
}

function summarise(
  scenarios: ScenarioResult[],
  meta: { vendors: Vendor[]; urls: Record<string, string>; targetName: string; started: number; coverage: VerifyResult['coverage'] },
): VerifyResult {
  const checks = Object.fromEntries(CHECK_NAMES.map((n) => [n, { passed: 0, failed: 0 }])) as Record<CheckName, Tally>;
  const steps = emptyOutcomes();
  const scenarioOutcomes = emptyOutcomes();
  const matrix: VerifyResult['matrix'] = {};
  for (const vendor of meta.vendors) {
    matrix[vendor] = Object.fromEntries(loadSpec(vendor).operations.map((o) => [o.operationId, {}]));
  }
  for (const scenario of scenarios) {
    scenarioOutcomes[scenario.status]++;
    for (const step of scenario.steps) {
      steps[step.status]++;
      const cell = ((matrix[scenario.vendor] ??= {})[step.operationId] ??= {});
      for (const e of step.exchanges) {
        for (const c of e.checks) {
          checks[c.check][c.status]++;
          (cell[c.check] ??= { passed: 0, failed: 0 })[c.status]++;
        }
      }
    }
  }
  const ok = scenarios.length > 0 && scenarioOutcomes.failed === 0 && scenarioOutcomes.error === 0 && scenarioOutcomes.skipped === 0;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'understudy', version: toolVersion() },
    target: { name: meta.targetName, urls: meta.urls },
    startedAt: new Date(meta.started).toISOString(),
    durationMs: Date.now() - meta.started,
    vendors: meta.vendors,
    ok,
    summary: { scenarios: scenarioOutcomes, steps, checks },
    coverage: meta.coverage,
    matrix,
    scenarios,
  };
}

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
