import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadedSpec } from '../spec/load.js';
import type { OperationValidators } from '../spec/validators.js';
import { AuthError, AuthSession } from './auth.js';
import { capture } from './capture.js';
import { ResponseBody, runChecks, type CheckContext } from './checks/index.js';
import { expectedState } from './checks/expected-state.js';
import type { Credentials } from './credentials.js';
import type { HttpRequest, HttpResponse, SendResult, Sender } from './http.js';
import { interpolate, MissingVariableError, type Variables } from './interpolate.js';
import type { LoadedPrecondition, LoadedScenario, LoadedStep } from './load-scenarios.js';
import { recordRequest, recordResponse, redactor } from './record.js';
import { buildRequest, type RequestParts } from './request.js';
import type { ExchangeResult, Outcome, ScenarioResult, StepResult, Variant } from './results.js';
import { statusList } from './scenario-schema.js';
import { vendorDescriptor } from '../vendors/registry.js';
import { present } from '../common/present.js';

export interface RunContext {
  spec: LoadedSpec;
  validators: Map<string, OperationValidators>;
  baseUrl: string;
  credentials: Credentials;
  timeoutMs: number;
  /** What sends each request (`send` over a socket, or the caller's door). */
  send: Sender;
  runId: string;
  /** Skip every step that changes state (--read-only). */
  readOnly: boolean;
  /** Counts across the run. */
  stats: { skippedWrites: number };
  /**
   * Sent with every request but not recorded in the report (`verify --concurrency`'s session
   * header: a concurrent run's report reads as a serial one's).
   */
  sessionHeaders?: Record<string, string>;
}

/** What the report says before an unmet precondition's reason. */
export const UNMET = 'precondition not met';

type RawExchange = Omit<ExchangeResult, 'request' | 'response'> & {
  request: HttpRequest;
  response?: HttpResponse;
  unmetBecause?: string;
};

type Verdict = { state: 'met' } | { state: 'unmet' | 'failed' | 'error'; reason: string };

const MET: Verdict = { state: 'met' };

/** One scenario: its steps in order, their preconditions when first needed, then its cleanup. */
export async function runScenario(ctx: RunContext, loaded: LoadedScenario): Promise<ScenarioResult> {
  const started = Date.now();
  const credentials = ctx.credentials[loaded.vendor] ?? {};
  const vars: Variables = new Map<string, unknown>([['run', ctx.runId]]);
  for (const [key, value] of Object.entries(credentials)) vars.set(`credentials.${key}`, value);
  for (const key of vendorDescriptor(loaded.vendor).auth.variables ?? [])
    if (credentials[key] !== undefined) vars.set(key, credentials[key]);
  const session = new AuthSession(ctx.spec, credentials, ctx.baseUrl, (r) => sendIn(ctx, r));
  // Variables that will never be set, and why: a step that captures them was not run.
  const pending = new Map<string, string>();
  const preconditions = new Preconditions(ctx, loaded, session, vars, pending);
  const steps: StepResult[] = [];
  const notRun = (step: LoadedStep, status: Outcome, message: string, exchanges: RawExchange[] = []): void => {
    for (const name of Object.keys(step.step.capture ?? {})) if (!pending.has(name)) pending.set(name, message);
    steps.push({ ...stepShell(step, status, message), exchanges: record(exchanges, session) });
  };
  let blocked: string | undefined;
  try {
    for (const [key, value] of Object.entries(loaded.scenario.variables ?? {})) vars.set(key, interpolate(value, vars));
  } catch (error) {
    blocked = (error as Error).message;
  }
  let skippedWrite: LoadedStep | undefined;
  for (const step of loaded.steps.filter((s) => s.phase === 'main')) {
    if (blocked) {
      notRun(step, 'skipped', blocked);
      continue;
    }
    if (ctx.readOnly && skippedWrite) {
      // What the skipped change would have made is not there to read.
      notRun(
        step,
        'unmet',
        `${UNMET}: follows step ${skippedWrite.index + 1} (${skippedWrite.op.operationId}), a change --read-only skipped`,
      );
      continue;
    }
    if (ctx.readOnly && !step.readOnly) {
      ctx.stats.skippedWrites++;
      skippedWrite = step;
      notRun(step, 'skipped', readOnlySkip(step));
      continue;
    }
    const probes: RawExchange[] = [];
    const { verdict, fresh } = await preconditions.check([...loaded.requires, ...step.requires], probes);
    if (verdict.state !== 'met') {
      if (verdict.state === 'unmet') notRun(step, 'unmet', verdict.reason, probes);
      else if (fresh) notRun(step, verdict.state, verdict.reason, probes);
      else notRun(step, 'skipped', `not run: ${verdict.reason}`);
      if (verdict.state === 'error') blocked = `not run: step ${step.index + 1} (${step.op.operationId}) errored`;
      continue;
    }
    const result = await runStep(ctx, session, step, vars, probes, pending);
    steps.push(result);
    if (result.status === 'unmet' || result.status === 'skipped') {
      for (const name of Object.keys(step.step.capture ?? {}))
        if (!pending.has(name)) pending.set(name, result.message ?? result.status);
    }
    if (result.status === 'error') blocked = `not run: step ${step.index + 1} (${step.op.operationId}) errored`;
  }
  for (const step of loaded.steps.filter((s) => s.phase === 'cleanup')) {
    if (ctx.readOnly && !step.readOnly) {
      ctx.stats.skippedWrites++;
      notRun(step, 'skipped', readOnlySkip(step));
      continue;
    }
    const needed = [...loaded.requires, ...step.requires].find((name) => preconditions.verdict(name)?.state !== 'met');
    if (needed) {
      notRun(
        step,
        'skipped',
        `nothing to clean up: precondition '${needed}' was ${preconditions.verdict(needed) ? 'not met' : 'never checked'}`,
      );
      continue;
    }
    steps.push(await runStep(ctx, session, step, vars, [], pending));
  }
  await session.close();
  return {
    vendor: loaded.vendor,
    name: loaded.scenario.name,
    file: loaded.file,
    source: loaded.scenario.source,
    status: overall(steps),
    durationMs: Date.now() - started,
    steps,
  };
}

function readOnlySkip(step: LoadedStep): string {
  return `--read-only: ${step.op.operationId} (${step.op.method.toUpperCase()}) changes state`;
}

/**
 * The scenario's preconditions, each checked once, when a step first needs it: the verdict then
 * stands for the rest of the scenario (a step may well change what a precondition looked at).
 */
class Preconditions {
  private readonly verdicts = new Map<string, Verdict>();

  constructor(
    private readonly ctx: RunContext,
    private readonly loaded: LoadedScenario,
    private readonly session: AuthSession,
    private readonly vars: Variables,
    private readonly pending: Map<string, string>,
  ) {}

  verdict(name: string): Verdict | undefined {
    return this.verdicts.get(name);
  }

  /** The worst verdict among `names`; `fresh` when it was reached now (its requests are in `probes`). */
  async check(names: string[], probes: RawExchange[]): Promise<{ verdict: Verdict; fresh: boolean }> {
    let worst: { verdict: Verdict; fresh: boolean } = { verdict: MET, fresh: false };
    for (const name of names) {
      const fresh = !this.verdicts.has(name);
      const verdict = await this.one(name, probes);
      if (rank(verdict) > rank(worst.verdict)) worst = { verdict, fresh };
    }
    return worst;
  }

  private async one(name: string, probes: RawExchange[]): Promise<Verdict> {
    const known = this.verdicts.get(name);
    if (known) return known;
    const pre = present(this.loaded.preconditions.get(name), `precondition ${name}`);
    const { verdict: before } = await this.check(pre.requires, probes);
    const verdict = before.state === 'met' ? await this.probe(pre, probes) : before;
    this.verdicts.set(name, verdict);
    if (verdict.state !== 'met') {
      for (const capture of Object.keys(pre.step.step.capture ?? {}))
        if (!this.pending.has(capture)) this.pending.set(capture, verdict.reason);
    }
    return verdict;
  }

  private async probe(pre: LoadedPrecondition, probes: RawExchange[]): Promise<Verdict> {
    const { step } = pre;
    let parts: RequestParts;
    try {
      parts = requestParts(this.ctx, step, this.vars);
    } catch (error) {
      if (!(error instanceof MissingVariableError)) throw error;
      return {
        state: 'unmet',
        reason: this.pending.get(error.variable) ?? `${UNMET}: ${pre.description} (${error.message})`,
      };
    }
    let auth: Record<string, string> = {};
    if (step.op.security.length > 0 && step.step.auth !== 'none') {
      try {
        auth = await this.session.headers(step.op);
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        return { state: 'error', reason: `authentication failed: ${error.message}` };
      }
    }
    const sent = await exchange(
      this.ctx,
      step,
      'precondition',
      buildRequest(this.ctx.baseUrl, step.op, { ...parts, headers: { ...auth, ...parts.headers } }),
      this.vars,
    );
    // The path as the spec writes it: the values in it may be tokens, different every run.
    const line = `${step.op.method.toUpperCase()} ${step.op.path}`;
    sent.precondition = { name: pre.name, description: pre.description, operationId: step.op.operationId, met: false };
    probes.push(sent);
    if (sent.error !== undefined)
      return {
        state: 'error',
        reason: `no response to the request checking precondition '${pre.name}': ${sent.error}`,
      };
    const broken = sent.checks.filter((c) => c.status === 'failed').map((c) => c.check);
    if (broken.length > 0) {
      return {
        state: 'failed',
        reason: `the request checking precondition '${pre.name}' (${line}) broke the contract: ${broken.join(', ')}`,
      };
    }
    if (sent.unmetBecause !== undefined)
      return { state: 'unmet', reason: `${UNMET}: ${pre.description} (${line} ${sent.unmetBecause})` };
    sent.precondition.met = true;
    return MET;
  }
}

function rank(verdict: Verdict): number {
  return { met: 0, unmet: 1, failed: 2, error: 3 }[verdict.state];
}

function requestParts(ctx: RunContext, step: LoadedStep, vars: Variables): RequestParts {
  const { op } = step;
  const autoPath = Object.fromEntries(
    (vendorDescriptor(ctx.spec.vendor).auth.variables ?? [])
      .filter((n) => vars.has(n) && op.parameters.some((p) => p.in === 'path' && p.name === n))
      .map((n) => [n, vars.get(n)]),
  );
  return {
    path: interpolate({ ...autoPath, ...step.path }, vars),
    query: interpolate(step.query, vars),
    ...(step.url !== undefined ? { url: interpolate(step.url, vars) } : {}),
    headers: Object.fromEntries(
      Object.entries(interpolate(step.step.headers ?? {}, vars)).map(([k, v]) => [k, String(v)]),
    ),
    body: step.body ? { ...step.body, value: interpolate(step.body.value, vars) } : undefined,
  };
}

async function runStep(
  ctx: RunContext,
  session: AuthSession,
  step: LoadedStep,
  vars: Variables,
  probes: RawExchange[],
  pending: Map<string, string>,
): Promise<StepResult> {
  const started = Date.now();
  const { op } = step;
  let parts: RequestParts;
  try {
    parts = requestParts(ctx, step, vars);
  } catch (error) {
    if (!(error instanceof MissingVariableError)) throw error;
    const why = pending.get(error.variable);
    const shell = (status: Outcome, message: string): StepResult => ({
      ...stepShell(step, status, message, started),
      exchanges: record(probes, session),
    });
    if (step.phase === 'cleanup')
      return shell('skipped', `nothing to clean up: {{${error.variable}}} was never set${why ? ` (${why})` : ''}`);
    if (why?.startsWith(UNMET)) return shell('unmet', why);
    return shell('skipped', `not run: ${error.message}`);
  }
  const secured = op.security.length > 0 && step.step.auth !== 'none';
  let authHeaders: Record<string, string> = {};
  if (secured) {
    try {
      authHeaders = await session.headers(op);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      const clean = redactor(session.secrets());
      const exchanges: ExchangeResult[] = error.exchange
        ? [
            {
              variant: 'main',
              request: recordRequest(error.exchange.request, clean),
              response: error.exchange.response && recordResponse(error.exchange.response, clean),
              attempts: 1,
              checks: [],
            },
          ]
        : [];
      return {
        ...stepShell(step, 'error', `authentication failed: ${error.message}`, started),
        exchanges: [...record(probes, session), ...exchanges],
      };
    }
  }
  const exchanges: RawExchange[] = [...probes];
  const main = await exchange(
    ctx,
    step,
    'main',
    buildRequest(ctx.baseUrl, op, { ...parts, headers: { ...authHeaders, ...parts.headers } }),
    vars,
  );
  exchanges.push(main);
  if (main.error === undefined && secured && step.step.replayAuth !== false) {
    exchanges.push(await exchange(ctx, step, 'no-credentials', buildRequest(ctx.baseUrl, op, parts), vars));
    const bad = await session.badHeaders(op);
    exchanges.push(
      await exchange(
        ctx,
        step,
        'bad-credentials',
        buildRequest(ctx.baseUrl, op, { ...parts, headers: { ...bad, ...parts.headers } }),
        vars,
      ),
    );
  }
  const errored = exchanges.find((e) => e.error !== undefined);
  const failed = exchanges.some((e) => e.checks.some((c) => c.status === 'failed'));
  return {
    ...stepShell(
      step,
      errored ? 'error' : failed ? 'failed' : 'passed',
      errored ? `no response${errored.variant === 'main' ? '' : ` (${errored.variant})`}: ${errored.error}` : undefined,
      started,
    ),
    exchanges: record(exchanges, session),
  };
}

/** Exchanges as the report keeps them: credentials (and the login token, known late) redacted. */
function record(exchanges: RawExchange[], session: AuthSession): ExchangeResult[] {
  if (exchanges.length === 0) return [];
  const clean = redactor(session.secrets());
  return exchanges.map(({ unmetBecause: _unmet, ...e }) => ({
    ...e,
    request: recordRequest(e.request, clean),
    response: e.response && recordResponse(e.response, clean),
  }));
}

/** Sends as the context says: its session headers added to this copy, the recorded request left as it was. */
function sendIn(ctx: RunContext, request: HttpRequest): Promise<SendResult> {
  const extra = ctx.sessionHeaders;
  return ctx.send(extra ? { ...request, headers: { ...request.headers, ...extra } } : request, ctx.timeoutMs);
}

async function exchange(
  ctx: RunContext,
  step: LoadedStep,
  variant: Variant,
  request: HttpRequest,
  vars: Variables,
): Promise<RawExchange> {
  let sent: SendResult = await sendIn(ctx, request);
  let attempts = 1;
  const first = variant === 'main' || variant === 'precondition';
  const poll = first ? step.step.poll : undefined;
  const again = statusList(poll?.whileStatus) ?? [];
  while (poll && sent.response && again.includes(sent.response.status) && attempts < (poll.times ?? 20)) {
    await sleep(poll.delayMs ?? 200);
    sent = await sendIn(ctx, request);
    attempts++;
  }
  if (!sent.response) {
    const reason =
      sent.error.code === 'ETIMEDOUT'
        ? `no answer within ${ctx.timeoutMs} ms`
        : `${sent.error.code}: ${sent.error.message}`;
    return { variant, request, error: reason, attempts, checks: [] };
  }
  const { response } = sent;
  const validators = present(
    ctx.validators.get(`${ctx.spec.vendor}:${step.op.operationId}`),
    `validators of ${step.op.operationId}`,
  );
  const body = new ResponseBody(ctx.spec, step.op, validators, response);
  // A response other than the expected one holds nothing worth capturing: later steps that need
  // the value are skipped, rather than run with an error body in place of an id.
  const expected = !step.expectStatuses || step.expectStatuses.includes(response.status);
  const captureErrors = first && expected ? capture(step.step.capture, response.headers, body, vars) : [];
  const checkContext: CheckContext = {
    spec: ctx.spec,
    op: step.op,
    validators,
    step,
    variant,
    request,
    response,
    body,
    vars,
    captureErrors,
  };
  const checks = runChecks(checkContext);
  if (variant !== 'precondition') return { variant, request, response, attempts, checks };
  // A precondition's expectation says whether the target holds the data: not a check of the contract.
  const unmet = expected ? expectedState.run(checkContext)?.message : undefined;
  return {
    variant,
    request,
    response,
    attempts,
    checks,
    unmetBecause: !expected ? `answered ${response.status}` : unmet && `answered ${response.status}: ${unmet}`,
  };
}

function stepShell(step: LoadedStep, status: Outcome, message: string | undefined, started = Date.now()): StepResult {
  return {
    index: step.index,
    name: step.name,
    operationId: step.op.operationId,
    method: step.op.method.toUpperCase(),
    path: step.op.path,
    line: step.line,
    ...(step.phase === 'cleanup' ? { phase: 'cleanup' as const } : {}),
    status,
    ...(message ? { message } : {}),
    exchanges: [],
    durationMs: Date.now() - started,
  };
}

export function skippedScenario(loaded: LoadedScenario, message: string): ScenarioResult {
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

/**
 * A scenario errored or failed if a step did; it was skipped if none of its main steps ran; it is
 * `unmet` if the rest passed but a step lacked the data it needs.
 */
function overall(steps: StepResult[]): Outcome {
  const statuses = steps.map((s) => s.status);
  if (statuses.includes('error')) return 'error';
  if (statuses.includes('failed')) return 'failed';
  const main = steps.filter((s) => s.phase !== 'cleanup');
  if (main.length > 0 && main.every((s) => s.status === 'skipped')) return 'skipped';
  if (statuses.includes('unmet')) return 'unmet';
  return 'passed';
}
