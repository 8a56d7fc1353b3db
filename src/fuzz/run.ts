import { setTimeout as sleep } from 'node:timers/promises';
import { AuthError, AuthSession } from '../conformance/auth.js';
import { ResponseBody } from '../conformance/checks/context.js';
import { defaultCredentials, envName, loadCredentials, secretsOf } from '../conformance/credentials.js';
import type { VendorCredentials } from '../vendors/types.js';
import { send, type HttpRequest, type HttpResponse, type SendResult, type Sender } from '../conformance/http.js';
import type { LoadedStep } from '../conformance/load-scenarios.js';
import { recordRequest, recordResponse, redactor } from '../conformance/record.js';
import { probeTargets, targetUrls, type TargetOptions } from '../conformance/target.js';
import type { Variant } from '../conformance/results.js';
import { loadSpec, type OperationInfo } from '../spec/load.js';
import { serverValidators } from '../spec/precompiled.js';
import { vendorNames } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';
import { Planner, type FuzzCase, type LifecycleCase, type SimpleCase } from './cases.js';
import { noResponseResult, runFuzzChecks, type FuzzCheckResult } from './checks.js';
import type { CaseKind, FuzzFacts } from './types.js';
import { curlCommand, type Placeholder } from './curl.js';
import { lifecyclesFor } from './lifecycles.js';
import { DEFAULT_FUZZ_LIMITS, judge, operationModel, toHttp, toWire, type Draft, type FuzzLimits } from './model.js';
import type { OperationModel, VendorModel } from './model-types.js';
import {
  ResultCollector,
  type CaseRecord,
  type FuzzExchange,
  type FuzzRunFacts,
  type FuzzRunResult,
} from './results.js';
import { SchemaArbitraries } from './schema-arbitrary.js';
import { probeStateRoundTrip, type StateRoundTrip, type StateRoundTripProbe } from './state-round-trip.js';
import { vendorDescriptor } from '../vendors/registry.js';
import { present } from '../common/present.js';

export interface FuzzOptions extends TargetOptions {
  /** Same seed, same request sequence. Default: drawn at random (and reported). */
  seed?: number;
  /** Stop once this many requests were sent (a case may send several). Default 1000. */
  requests?: number;
  /** Stop after this many seconds. */
  timeSeconds?: number;
  /** Only these case kinds (e.g. INVALID_KINDS). */
  kinds?: readonly CaseKind[];
  /** Only operations whose `vendor operationId` matches (case-insensitive regular expression). */
  operations?: string;
  /** Limits an "oversized" request goes past; 0 turns that kind of oversize off. */
  limits?: Partial<FuzzLimits>;
  /** Run this one case of the sequence only (reproducing a failure). */
  caseIndex?: number;
  progress?: FuzzProgress;
  /** Sees every request as it is sent (logins included), e.g. to compare two runs. */
  onRequest?(request: HttpRequest, vendor: Vendor): void;
  /** The admin token of an understudy target started with one, for state_round_trip. */
  adminToken?: string;
  /**
   * What sends each request and waits for its answer (default: over a socket), as for verify. Tests
   * pass a door to an in-process mock; the CLI always sends over the network.
   */
  send?: Sender;
}

export interface FuzzProgress {
  start?(info: { seed: number; requests: number; timeSeconds?: number; operations: number }): void;
  update?(state: { requests: number; cases: number; failures: number; elapsedMs: number }): void;
  end?(): void;
}

export class FuzzUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FuzzUsageError';
  }
}

export const DEFAULT_REQUESTS = 1000;
export const DEFAULT_FUZZ_TIMEOUT_MS = 10_000;
/** Cases in a row that could not be generated before the run gives up. */
const MAX_EMPTY_CASES = 2000;

interface VendorRuntime {
  model: VendorModel;
  session: AuthSession;
  /** state_round_trip on this vendor's target, when it is an understudy mock. */
  roundTrip?: StateRoundTrip;
  /** Sends and counts. */
  // A function property: handed on unbound (`send: runtime.send`).
  send: (request: HttpRequest) => Promise<SendResult>;
  placeholders(): Placeholder[];
  secrets(): string[];
}

/** Runs the fuzzer against a target and returns the results (nothing is printed or written). */
export async function runFuzz(options: FuzzOptions): Promise<FuzzRunResult> {
  const started = Date.now();
  const settings = fuzzSettings(options);
  const { vendors, urls, seed, maxRequests, timeoutMs, limits } = settings;
  const sender = options.send ?? send;
  await probeTargets(urls, timeoutMs, sender);
  const roundTrips = new Map<string, StateRoundTripProbe>();
  for (const url of new Set(Object.values(urls)))
    roundTrips.set(url, await probeStateRoundTrip(url, options.adminToken, timeoutMs, sender));

  const counts = { total: 0, byVendor: Object.fromEntries(vendors.map((v) => [v, 0])) as Record<string, number> };
  const { runtimes, allOps } = vendorRuntimes(options, settings, roundTrips, (vendor, request) => {
    counts.total++;
    counts.byVendor[vendor] = (counts.byVendor[vendor] ?? 0) + 1;
    options.onRequest?.(request, vendor);
    return sender(request, timeoutMs);
  });
  const vendorModels = [...runtimes.values()].map((r) => r.model);
  if (vendorModels.every((v) => v.operations.length === 0))
    throw new FuzzUsageError(`--operation '${options.operations}' matches no operation`);
  const planner = new Planner({
    seed,
    vendors: vendorModels,
    lifecycles: vendorModels.flatMap((vendor) => lifecyclesFor(vendor).map((lifecycle) => ({ lifecycle, vendor }))),
    generation: { limits, allOps },
    kinds: options.kinds,
  });

  options.progress?.start?.({
    seed,
    requests: maxRequests,
    timeSeconds: options.timeSeconds,
    operations: planner.operationCount,
  });
  const collector = new ResultCollector(vendors, vendorModels);
  const stoppedBy = await sendCases(options, settings, planner, runtimes, collector, () => counts.total, started);
  options.progress?.end?.();
  return collector.build({
    seed,
    started,
    urls,
    targetName: options.targetName ?? [...new Set(Object.values(urls))].join(', '),
    requests: counts,
    stoppedBy,
    limits: { requests: maxRequests, timeSeconds: options.timeSeconds },
    loginHints: [...runtimes.values()].flatMap((r) => loginHint(r)),
    notChecked: [...roundTrips.values()].flatMap((p) => (p.kind === 'not-checked' ? [p.reason] : [])),
  });
}

interface FuzzSettings {
  vendors: Vendor[];
  urls: Record<Vendor, string>;
  /** Only the operations whose `vendor operationId` matches. */
  filter?: RegExp;
  seed: number;
  maxRequests: number;
  timeoutMs: number;
  limits: FuzzLimits;
}

/** The options checked and defaulted, before anything is sent: a mistake is a FuzzUsageError. */
function fuzzSettings(options: FuzzOptions): FuzzSettings {
  const vendors = [...(options.vendors ?? vendorNames())];
  const urls = targetUrls(options, vendors, (message) => new FuzzUsageError(message));
  let filter: RegExp | undefined;
  try {
    filter = options.operations ? new RegExp(options.operations, 'i') : undefined;
  } catch (error) {
    throw new FuzzUsageError(`--operation: ${(error as Error).message}`);
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new FuzzUsageError(`seed must be a whole number, got ${seed}`);
  return {
    vendors,
    urls,
    ...(filter ? { filter } : {}),
    seed,
    maxRequests: options.requests ?? DEFAULT_REQUESTS,
    timeoutMs: options.timeoutMs ?? DEFAULT_FUZZ_TIMEOUT_MS,
    limits: { ...DEFAULT_FUZZ_LIMITS, ...(options.limits ?? {}) },
  };
}

/** Each vendor's model of its spec (the filtered operations), its login session and its counted sender. */
function vendorRuntimes(
  options: FuzzOptions,
  { vendors, urls, filter }: FuzzSettings,
  roundTrips: Map<string, StateRoundTripProbe>,
  countedSend: (vendor: Vendor, request: HttpRequest) => Promise<SendResult>,
): { runtimes: Map<Vendor, VendorRuntime>; allOps: OperationInfo[] } {
  const specs = vendors.map((v) => loadSpec(v));
  // The validators the build wrote (as the mock's and verify's), not compiled by ajv for every run.
  const validators = serverValidators(specs);
  const credentials = options.credentials ?? loadCredentials();
  const allOps = specs.flatMap((s) => s.operations);
  const runtimes = new Map<Vendor, VendorRuntime>();
  for (const spec of specs) {
    const model: VendorModel = {
      vendor: spec.vendor,
      spec,
      baseUrl: present(urls[spec.vendor], `the target of ${spec.vendor}`),
      credentials: credentials[spec.vendor] ?? {},
      operations: [],
      arbitraries: {
        json: new SchemaArbitraries({ deref: spec.schema, wire: 'json', maxDepth: 4 }),
        text: new SchemaArbitraries({ deref: spec.schema, wire: 'text', maxDepth: 4 }),
      },
    };
    for (const op of spec.operations) {
      if (filter && !filter.test(`${spec.vendor} ${op.operationId}`)) continue;
      model.operations.push(
        operationModel(
          model,
          op,
          present(validators.get(`${spec.vendor}:${op.operationId}`), `validators of ${op.operationId}`),
          allOps,
        ),
      );
    }
    const send = (request: HttpRequest) => countedSend(spec.vendor, request);
    const session = new AuthSession(spec, model.credentials, model.baseUrl, send);
    const probed = roundTrips.get(model.baseUrl);
    runtimes.set(spec.vendor, {
      model,
      session,
      ...(probed?.kind === 'checked' ? { roundTrip: probed.roundTrip } : {}),
      send,
      secrets: () => session.secrets(),
      placeholders: () => placeholdersFor(spec.vendor, model.credentials, session),
    });
  }
  return { runtimes, allOps };
}

/** Sends case after case until a bound is reached; says which one stopped the run. */
async function sendCases(
  options: FuzzOptions,
  { maxRequests, limits }: FuzzSettings,
  planner: Planner,
  runtimes: Map<Vendor, VendorRuntime>,
  collector: ResultCollector,
  sent: () => number,
  started: number,
): Promise<FuzzRunFacts['stoppedBy']> {
  let empty = 0;
  // The time bound is for sending cases: it starts once the specs are loaded and the target probed,
  // so a short bound on a slow machine still sends cases instead of ending during set-up.
  const deadline = options.timeSeconds !== undefined ? Date.now() + options.timeSeconds * 1000 : Infinity;
  for (let i = options.caseIndex ?? 0; ; i++) {
    if (options.caseIndex !== undefined && i > options.caseIndex) return 'case';
    if (sent() >= maxRequests) return 'requests';
    if (Date.now() >= deadline) return 'time';
    const fuzzCase = planner.caseAt(i);
    if (!fuzzCase) {
      if (++empty > MAX_EMPTY_CASES) return 'exhausted';
      continue;
    }
    empty = 0;
    const vendor = fuzzCase.kind === 'use-after-free' ? fuzzCase.vendor.vendor : fuzzCase.model.vendor.vendor;
    const runtime = present(runtimes.get(vendor), `the runtime of ${vendor}`);
    collector.add(
      fuzzCase.kind === 'use-after-free'
        ? await runLifecycle(runtime, fuzzCase, limits)
        : await runSimple(runtime, fuzzCase),
    );
    options.progress?.update?.({
      requests: sent(),
      cases: collector.cases,
      failures: collector.failedCases,
      elapsedMs: Date.now() - started,
    });
  }
}

function isDemo(vendor: Vendor, credentials: VendorCredentials): boolean {
  const demo = defaultCredentials(vendor);
  const keys = new Set([...Object.keys(demo), ...Object.keys(credentials)]);
  return [...keys].every((k) => demo[k] === credentials[k]);
}

/** Secrets as the variables understudy reads them from; the demo credentials stay readable. */
function placeholdersFor(vendor: Vendor, credentials: VendorCredentials, session: AuthSession): Placeholder[] {
  const own = new Set(secretsOf(credentials));
  const out: Placeholder[] = [];
  if (!isDemo(vendor, credentials)) {
    for (const key of ['password', 'token']) {
      const value = credentials[key];
      if (value) out.push({ value, env: envName(vendor, key) });
    }
  }
  // A token obtained by logging in belongs to this run only: it is never shown.
  for (const secret of session.secrets())
    if (!own.has(secret)) out.push({ value: secret, env: envName(vendor, 'token') });
  return out;
}

/** How to set the token variable a replay needs, for vendors whose token comes from logging in. */
function loginHint(runtime: VendorRuntime): string[] {
  const { model, session } = runtime;
  const login = vendorDescriptor(model.vendor).auth.login;
  const own = new Set(secretsOf(model.credentials));
  if (!login || model.credentials.token || !session.secrets().some((s) => !own.has(s))) return [];
  const op = model.spec.byOperationId.get(login.operation);
  if (!op) return [];
  const placeholders = isDemo(model.vendor, model.credentials)
    ? []
    : [{ value: model.credentials.password ?? '', env: envName(model.vendor, 'password') }];
  const fill = (template: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(template).map(([k, v]) => [
        k,
        v.replace(/\{\{(\w+)\}\}/g, (_, name: string) => model.credentials[name] ?? ''),
      ]),
    );
  const mediaType = Object.keys(op.requestBody?.content ?? {})[0] ?? 'application/json';
  const body = login.form ? new URLSearchParams(fill(login.form)).toString() : JSON.stringify(fill(login.json ?? {}));
  const curl = curlCommand(
    { method: 'POST', url: `${model.baseUrl}${op.path}`, headers: { 'Content-Type': mediaType }, body },
    placeholders,
  ).replace(' -i', '');
  const extract =
    login.token === 'body'
      ? ''
      : ` | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8"))${login.token
          .split('/')
          .slice(1)
          .map((k) => `[${JSON.stringify(k)}]`)
          .join('')}'`;
  return [`export ${envName(model.vendor, 'token')}=$(${curl}${extract})`];
}

function stubStep(model: OperationModel, draft: Draft, index: number): LoadedStep {
  return {
    index,
    name: `fuzz case ${index}`,
    line: index,
    // No expected status: every 5xx is a server error here.
    step: { operation: model.op.operationId, expect: { status: [] } },
    op: model.op,
    path: draft.path,
    query: draft.query,
    examples: [],
    requires: [],
    readOnly: model.op.readOnly,
    phase: 'main',
  };
}

interface ExchangeInput {
  runtime: VendorRuntime;
  model: OperationModel;
  draft: Draft;
  credentials: Record<string, string>;
  variant: Variant;
  facts: FuzzFacts;
  index: number;
  send: (request: HttpRequest) => Promise<SendResult>;
  pollWhile?: number[];
}

async function exchange(input: ExchangeInput): Promise<FuzzExchange> {
  const { model, draft, facts } = input;
  const request = toHttp(model, toWire(model, draft), input.credentials);
  let sent = await input.send(request);
  let attempts = 1;
  while (input.pollWhile && sent.response && input.pollWhile.includes(sent.response.status) && attempts < 10) {
    await sleep(50);
    sent = await input.send(request);
    attempts++;
  }
  if (!sent.response) {
    const reason = sent.error.code === 'ETIMEDOUT' ? 'no answer in time' : `${sent.error.code}: ${sent.error.message}`;
    return { variant: input.variant, request, attempts, error: reason, checks: [noResponseResult(reason)], facts };
  }
  const response: HttpResponse = sent.response;
  const spec = model.vendor.spec;
  const checks: FuzzCheckResult[] = runFuzzChecks({
    spec,
    op: model.op,
    validators: model.validators,
    step: stubStep(model, draft, input.index),
    variant: input.variant,
    request,
    response,
    body: new ResponseBody(spec, model.op, model.validators, response),
    vars: new Map(),
    captureErrors: [],
    fuzz: facts,
  });
  // Whatever the target accepted must survive its own state file; reads cannot change state.
  const method = request.method.toUpperCase();
  if (
    input.runtime.roundTrip &&
    response.status >= 200 &&
    response.status < 300 &&
    method !== 'GET' &&
    method !== 'HEAD'
  ) {
    checks.push(await input.runtime.roundTrip.check());
  }
  return { variant: input.variant, request, response, attempts, checks, facts };
}

async function credentialsFor(
  runtime: VendorRuntime,
  model: OperationModel,
  auth: SimpleCase['auth'],
): Promise<Record<string, string>> {
  if (!model.secured || auth === 'none') return {};
  try {
    if (auth === 'bad') return await runtime.session.badHeaders(model.op);
    const headers = await runtime.session.headers(model.op);
    if (auth === 'valid') return headers;
    return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== auth.drop.toLowerCase()));
  } catch (error) {
    if (error instanceof AuthError) throw new FuzzUsageError(`${model.vendor.vendor}: ${error.message}`);
    throw error;
  }
}

function variantOf(auth: SimpleCase['auth']): Variant {
  return auth === 'none' ? 'no-credentials' : auth === 'bad' ? 'bad-credentials' : 'main';
}

function finish(
  runtime: VendorRuntime,
  fuzzCase: FuzzCase,
  exchanges: FuzzExchange[],
  started: number,
  extra: Partial<CaseRecord> = {},
  extraSecrets: string[] = [],
): CaseRecord {
  const failed = exchanges.some((e) => e.checks.some((c) => c.status === 'failed'));
  const placeholders = [
    ...runtime.placeholders(),
    ...extraSecrets.map((value) => ({ value, env: envName(runtime.model.vendor, 'token') })),
  ];
  const redact = redactor([...runtime.secrets(), ...extraSecrets]);
  return {
    fuzzCase,
    vendor: runtime.model.vendor,
    status: failed ? 'failed' : 'passed',
    durationMs: Date.now() - started,
    exchanges: exchanges.map((e) => ({
      ...e,
      // Bodies can be large (oversized cases): past this point only the recorded, clipped copy stays.
      request: { method: e.request.method, url: e.request.url, headers: e.request.headers },
      ...(e.response ? { response: { ...e.response, text: '' } } : {}),
      recorded: {
        variant: e.variant,
        request: recordRequest(e.request, redact),
        ...(e.response ? { response: recordResponse(e.response, redact) } : {}),
        ...(e.error ? { error: e.error } : {}),
        attempts: e.attempts,
        checks: e.checks,
      },
      curl: failed ? curlCommand(e.request, placeholders) : undefined,
    })),
    ...extra,
  };
}

async function runSimple(runtime: VendorRuntime, c: SimpleCase): Promise<CaseRecord> {
  const started = Date.now();
  const credentials = await credentialsFor(runtime, c.model, c.auth);
  const facts: FuzzFacts = {
    kind: c.kind,
    description: c.description,
    ...(c.valid !== undefined ? { valid: c.valid } : {}),
    ...(c.reasons ? { reasons: c.reasons } : {}),
    ...(c.protocolStatuses ? { protocolStatuses: c.protocolStatuses } : {}),
    ...(c.documentedMethods ? { documentedMethods: c.documentedMethods } : {}),
    ...(c.droppedHeader ? { droppedHeader: c.droppedHeader } : {}),
  };
  const result = await exchange({
    runtime,
    model: c.model,
    draft: c.draft,
    credentials,
    variant: variantOf(c.auth),
    facts,
    index: c.index,
    send: runtime.send,
  });
  return finish(runtime, c, [result], started);
}

async function runLifecycle(runtime: VendorRuntime, c: LifecycleCase, limits: FuzzLimits): Promise<CaseRecord> {
  const started = Date.now();
  const send = runtime.send;
  const exchanges: FuzzExchange[] = [];
  let inconclusive: string | undefined;
  for (const [k, step] of c.lifecycle.steps.entries()) {
    const model = runtime.model.operations.find((o) => o.op.operationId === step.operationId);
    if (!model) {
      inconclusive = `${step.operationId} is not fuzzed in this run`;
      break;
    }
    const request = step.request(c.vars);
    const draft: Draft = {
      method: model.op.method.toUpperCase(),
      path: request.path ?? {},
      query: request.query ?? {},
      headers: {},
    };
    if (model.acceptTypes[0]) draft.headers.Accept = model.acceptTypes[0];
    if (request.body) {
      draft.body = request.body;
      draft.headers['Content-Type'] = request.body.mediaType;
    }
    const verdict = judge(model, toWire(model, draft), limits);
    const facts: FuzzFacts = {
      kind: 'use-after-free',
      description: `${c.lifecycle.name}, step ${k + 1} of ${c.lifecycle.steps.length}`,
      valid: verdict.valid,
      role: step.role,
      ...(step.gone ? { gone: step.gone } : {}),
    };
    const credentials = request.credentials ?? (await credentialsFor(runtime, model, 'valid'));
    const result = await exchange({
      runtime,
      model,
      draft,
      credentials,
      variant: 'main',
      facts,
      index: c.index,
      send,
      ...(step.pollWhile ? { pollWhile: step.pollWhile } : {}),
    });
    exchanges.push(result);
    if (step.role === 'gone') break;
    const status = result.response?.status;
    if (status === undefined || status < 200 || status >= 300) {
      inconclusive = `step ${k + 1} (${step.operationId}) answered ${status ?? result.error}; nothing to use after free`;
      break;
    }
    if (step.capture && result.response && !step.capture(result.response, c.vars)) {
      inconclusive = `step ${k + 1} (${step.operationId}): its answer lacks what the next steps need`;
      break;
    }
  }
  const tokens = [...c.vars.entries()].filter(([k]) => k === 'token').map(([, v]) => v);
  return finish(runtime, c, exchanges, started, inconclusive ? { inconclusive } : {}, tokens);
}
