import { describeIssue, listIssues, type ValidationIssue } from '../spec/ajv.js';
import { bodyKind, encodeBody, rememberedJsonBytes } from '../spec/codec.js';
import type { OperationInfo } from '../spec/spec-index.js';
import { FIRST_ISSUE_ONLY_BYTES, type BodyVerdict, type OperationValidators } from '../spec/validators.js';
import { corsHeaders, isPreflight, preflightStatus, type CorsPolicy, type CorsRequest } from '../mock/cors.js';
import { HttpError } from '../mock/errors.js';
import type { Faults } from '../mock/faults.js';
import { chooseResponseType } from '../mock/negotiate.js';
import type { Router } from '../mock/router.js';
import type { LoadedVendor, PresentedCredentials, Principal, RequestOf } from '../mock/types.js';
import { decodeBase64Text } from './base64.js';
import { Memo } from '../common/memo.js';
import {
  bodyBytes,
  decodeContentCoding,
  decodeRequestBody,
  heldBytes,
  NO_BODY,
  sharedQuery,
  type DecodedBody,
} from './body.js';
import { headerValue, type PlainReply, type PlainRequest, type RequestHeaders } from './http.js';
import type { StateScope } from './scope.js';
import { present } from '../common/present.js';

export interface PipelineLimits {
  /** Slow clients are cut off: all headers within this time, the whole request within the next (the server's). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  maxUrlLength: number;
  maxJsonDepth: number;
  maxXmlDepth: number;
}

export const DEFAULT_LIMITS: PipelineLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxBodyBytes: 1024 * 1024,
  maxUrlLength: 8192,
  maxJsonDepth: 64,
  maxXmlDepth: 64,
};

export interface PipelineDeps {
  router: Router;
  vendors: Map<string, LoadedVendor>;
  validators: Map<string, OperationValidators>;
  /** Media types each vendor answers errors in, derived from its spec (first is the default). */
  errorMediaTypes: Map<string, string[]>;
  limits: PipelineLimits;
  faults: Faults;
  /** `--cors`: vendor paths answer CORS as each vendor does (default), permissively, or not at all. */
  cors: CorsPolicy;
  /** Development and test mode: the mock's own responses are checked against the spec. */
  validateResponses: boolean;
  now: () => Date;
}

/** What the journal records of one request (a JournalEntry adds its id, time and latency). */
export interface JournalRecord {
  /** 0 when the connection was dropped on purpose (fault injection). */
  status: number;
  fault?: string;
  vendor?: string;
  operationId?: string;
  violations: string[];
  /** Whose violations: the request's (answered 400) or the mock's own response's (answered 500). */
  violationsIn?: 'request' | 'response';
}

export interface Handled {
  reply: PlainReply;
  outcome: JournalRecord;
}

/** A handler's result, seen without its operation's type (each handler is typed by its own). */
interface HandlerResult {
  status: number | string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Reply {
  status: number;
  body: unknown;
  mediaType: string | undefined;
  headers: Record<string, string>;
  /** The vendor's authentication refused the request (some vendors answer that without CORS headers). */
  authFailure: boolean;
}

/** Every Reply is made here, all fields set in one order: `send` then sees one shape of object. */
function replyOf(status: number, body: unknown, mediaType: string | undefined, headers: Record<string, string>): Reply {
  return { status, body, mediaType, headers, authFailure: false };
}

type FaultDecision = NonNullable<ReturnType<Faults['decide']>>;
type RouteFound = Extract<ReturnType<Router['match']>, { kind: 'found' }>;
type TypedParams = ReturnType<OperationValidators['params']>;

/**
 * One routed request on its way through the steps below: what routing found, and what each step
 * learns for the next (or for the error answer, should a later one throw). A class, all fields set
 * in the constructor, so every step's property reads see one shape.
 */
class Flight {
  readonly op: OperationInfo;
  readonly vendor: LoadedVendor;
  readonly validators: OperationValidators;
  readonly successTypes: string[];
  readonly fault: FaultDecision | undefined;
  /** A rejection's issues, spelled once for the error body and the journal alike. */
  rejected: string[] | undefined = undefined;
  authFailed = false;
  params: TypedParams | undefined = undefined;
  principal: Principal | undefined = undefined;

  constructor(
    readonly deps: PipelineDeps,
    readonly req: PlainRequest,
    readonly method: string,
    readonly accept: string | undefined,
    readonly cors: CorsRequest,
    readonly match: RouteFound,
    readonly search: string,
  ) {
    const { op } = match;
    this.op = op;
    this.vendor = present(deps.vendors.get(op.vendor), `vendor ${op.vendor}`);
    this.validators = validatorsOf(deps.validators, op);
    this.successTypes = responseTypes(op);
    this.fault = deps.faults.decide(
      op.vendor,
      op.operationId,
      headerValue(req.headers, 'prefer'),
      this.vendor.module.failureStatus,
    );
  }
}

/**
 * The life of one request, for every vendor:
 * route → [CORS preflight] → the states (shared, or the session's) → [fault] → negotiate Accept →
 * parameters and authentication → read body → validate → handler → reply [checked] → write (with the
 * vendor's CORS headers). Any step may throw an HttpError; it is answered in the vendor's own error
 * format. The vendors' states are the request's scope's (the one shared state unless a session chose
 * another). Each step is its own small function: V8 optimises a small function after fewer calls,
 * and sooner, than one long one (issue 19's ready-means-ready row).
 */
export async function handle(
  deps: PipelineDeps,
  req: PlainRequest,
  /** The states the request sees, or how to find them once it is routed (a session's may be refused: a 400). */
  scopeOf: StateScope | (() => StateScope),
): Promise<Handled> {
  const routed = route(deps, req);
  if (!(routed instanceof Flight)) return routed;
  const flight = routed;
  try {
    const scope = typeof scopeOf === 'function' ? scopeOf() : scopeOf;
    const state = scope.get(flight.op.vendor);
    const fault = flight.fault;
    if (fault) {
      if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      const dropped = injectFault(flight, fault);
      if (dropped) return dropped;
    }
    negotiate(flight);
    admit(flight, state);
    const validators = flight.validators;
    // Without a body (nothing sent) an operation that takes none has nothing to read or wait for.
    const noBody = req.body === undefined && validators.requestMediaTypes.length === 0;
    const read = noBody ? NO_BODY : readBody(deps, flight.vendor, flight.op, validators, req);
    const decoded = read instanceof Promise ? await read : read;
    const verdict = validate(flight, decoded);
    // A refusal is answered from here, not thrown: a throw costs V8 a message object and its location.
    if (verdict instanceof HttpError) return failed(flight, verdict);
    const returned = callHandler(flight, scope, state, decoded, verdict);
    // Most handlers answer at once: awaiting their plain result would still cost a turn of the microtask queue.
    const result: HandlerResult = returned instanceof Promise ? await returned : returned;
    return answer(flight, scope, result);
  } catch (error) {
    return failed(flight, error);
  }
}

/** Routing, and what is answered before any operation runs: 414, 404, 405 and CORS preflights. */
function route(deps: PipelineDeps, req: PlainRequest): Flight | Handled {
  const rawUrl = req.url;
  const url = splitUrl(rawUrl);
  const method = req.method.toUpperCase();
  const headers = req.headers;
  const accept = headerValue(headers, 'accept');
  const cors = corsRequest(method, headers);
  if (rawUrl.length > deps.limits.maxUrlLength) {
    const vendor = guessVendor(deps, url.pathname);
    const error = new HttpError(
      414,
      `URL of ${rawUrl.length} characters is longer than the limit of ${deps.limits.maxUrlLength}`,
    );
    return send(deps, cors, vendor, undefined, errorReply(deps, vendor, undefined, error, accept));
  }
  const match = deps.router.match(method, url.pathname);
  if (match.kind === 'found') return new Flight(deps, req, method, accept, cors, match, url.search);
  if (match.kind === 'not-found') {
    const vendor = guessVendor(deps, url.pathname);
    const error = new HttpError(404, `no operation is documented at ${url.pathname}`);
    return send(deps, cors, vendor, undefined, errorReply(deps, vendor, undefined, error, accept));
  }
  const vendor = present(deps.vendors.get(match.sample.vendor), `vendor ${match.sample.vendor}`);
  if (isPreflight(deps.cors, cors, vendor.module.cors)) {
    // Answered before authentication, as browsers send preflights without credentials.
    const reply = replyOf(preflightStatus(deps.cors, vendor.module.cors), undefined, undefined, {});
    return send(deps, cors, vendor, undefined, reply, 'preflight');
  }
  const error = new HttpError(405, `${method} is not allowed on ${match.sample.path}: use ${match.allow.join(', ')}`, {
    headers: { Allow: match.allow.join(', ') },
  });
  return send(deps, cors, vendor, match.sample, errorReply(deps, vendor, undefined, error, accept));
}

/** An injected fault after its latency: a dropped connection (answered here), or a status (thrown). */
function injectFault(flight: Flight, fault: FaultDecision): Handled | undefined {
  const { op } = flight;
  if (fault.drop) {
    return {
      reply: { status: 0, headers: {}, body: '', drop: true },
      outcome: { status: 0, vendor: op.vendor, operationId: op.operationId, violations: [], fault: fault.label },
    };
  }
  if (fault.status) throw new HttpError(fault.status, `understudy: injected fault (${fault.label})`);
  return undefined;
}

/** Accept against the operation's success media types: none served is a 406. */
function negotiate(flight: Flight): void {
  const { successTypes, accept } = flight;
  if (successTypes.length > 0 && !chooseResponseType(accept, successTypes)) {
    throw new HttpError(406, `Accept '${accept}' is not served here: use ${successTypes.join(' or ')}`);
  }
}

/** Typed parameters (their issues are reported with the body's), then the vendor's authentication. */
function admit(flight: Flight, state: unknown): void {
  const { req, op, vendor, deps } = flight;
  const headers = req.headers;
  const params = flight.validators.params({
    path: flight.match.params,
    query: sharedQuery(flight.search),
    header: headers,
  });
  flight.params = params;
  if (op.security.length === 0) return;
  try {
    flight.principal = vendor.module.authenticate(presentedCredentials(vendor, op, headers), {
      state,
      op,
      path: params.value.path,
      headers,
      options: vendor.options,
      now: deps.now,
    });
  } catch (error) {
    flight.authFailed = true;
    throw error;
  }
}

/** The parameters' and the body's issues: any that refuses the whole request is a 400 (returned). */
function validate(flight: Flight, decoded: DecodedBody): BodyVerdict | HttpError | undefined {
  const params = present(flight.params, 'parameters');
  const { body, mediaType, bytes } = decoded;
  const firstIssueOnly = bytes > FIRST_ISSUE_ONLY_BYTES;
  const verdict = mediaType ? flight.validators.split(mediaType, body, firstIssueOnly) : undefined;
  // Most requests have no issue: the list is only made when there are some.
  if (params.issues.length > 0 || (verdict !== undefined && verdict.whole.length > 0)) {
    const issues: ValidationIssue[] = [...params.issues, ...(verdict?.whole ?? [])];
    const rejected = listIssues(issues);
    flight.rejected = rejected;
    if (firstIssueOnly)
      rejected.push(`(a body over ${FIRST_ISSUE_ONLY_BYTES / 1024} KiB is checked up to its first issue)`);
    return new HttpError(400, rejected.join('; '), { issues });
  }
  return verdict;
}

/** The operation's handler, given the request as its type reads it. */
function callHandler(
  flight: Flight,
  scope: StateScope,
  state: unknown,
  decoded: DecodedBody,
  verdict: BodyVerdict | undefined,
): HandlerResult | Promise<HandlerResult> {
  const { op, req, deps } = flight;
  const params = present(flight.params, 'parameters');
  const origin = `http://${headerValue(req.headers, 'host') ?? 'localhost'}`;
  const request: RequestOf<unknown> = {
    query: params.value.query as never,
    path: params.value.path as never,
    header: params.value.header as Record<string, string | undefined>,
    body: decoded.body as never,
    mediaType: decoded.mediaType,
    principal: flight.principal,
    origin,
    baseUrl: origin + flight.match.base,
    // Always set (undefined when nothing is refused), so that every request object has one shape.
    refused: verdict && verdict.entities.size > 0 ? refusedEntities(verdict.entities) : undefined,
  };
  const handler = flight.vendor.module.handlers[op.operationId];
  if (!handler) throw new HttpError(501, `${op.operationId} has no handler in this mock`);
  return handler(request, {
    state,
    op,
    changed: () => scope.changed(op.vendor),
    now: deps.now,
  });
}

/** The handler's result as the answer: its media type, checked against the spec in development mode, then sent. */
function answer(flight: Flight, scope: StateScope, result: HandlerResult): Handled {
  const { deps, op, vendor, validators, fault, method, accept } = flight;
  const status = Number(result.status);
  if (method !== 'GET' && method !== 'HEAD' && status < 400) scope.changed(op.vendor);
  const offered = documentedTypes(op, validators.responseKey(status) ?? '');
  const replyType = result.body === undefined ? undefined : (chooseResponseType(accept, offered) ?? offered[0]);
  const reply = replyOf(status, result.body, replyType, result.headers ? { ...result.headers } : {});
  const violations = deps.validateResponses ? checkResponse(validators, reply) : [];
  if (violations.length > 0) {
    const error = new HttpError(
      500,
      `understudy: the mock's response violates specs/${op.vendor}.yaml: ${violations.join('; ')}`,
    );
    const handled = send(deps, flight.cors, vendor, op, errorReply(deps, vendor, op, error, accept));
    handled.outcome.violations = violations;
    handled.outcome.violationsIn = 'response';
    return handled;
  }
  if (fault?.preferenceApplied) reply.headers['Preference-Applied'] = fault.preferenceApplied;
  const handled = send(deps, flight.cors, vendor, op, reply);
  if (fault) handled.outcome.fault = fault.label;
  return handled;
}

/** Any step's error, answered in the vendor's format (a bug's as a 500, never a stack trace). */
function failed(flight: Flight, error: unknown): Handled {
  const { deps, op, vendor, fault } = flight;
  const httpError = error instanceof HttpError ? error : internalError(error);
  const reply = errorReply(deps, vendor, op, httpError, flight.accept);
  reply.authFailure = flight.authFailed;
  if (fault?.preferenceApplied) reply.headers['Preference-Applied'] = fault.preferenceApplied;
  const handled = send(deps, flight.cors, vendor, op, reply);
  if (fault) handled.outcome.fault = fault.label;
  const issues = httpError.status !== 400 ? [] : (flight.rejected ?? listIssues(httpError.options.issues ?? []));
  if (issues.length > 0) {
    handled.outcome.violations = issues;
    handled.outcome.violationsIn = 'request';
  }
  return handled;
}

function refusedEntities(entities: Map<string, ValidationIssue[]>): Map<string, string[]> {
  return new Map([...entities].map(([pointer, issues]) => [pointer, listIssues(issues)]));
}

function corsRequest(method: string, headers: RequestHeaders): CorsRequest {
  const origin = headerValue(headers, 'origin');
  // Without an Origin no browser is asking: nothing more to read.
  if (origin === undefined) return { method };
  return {
    method,
    origin,
    requestMethod: headerValue(headers, 'access-control-request-method'),
    requestHeaders: headerValue(headers, 'access-control-request-headers'),
  };
}

function internalError(error: unknown): HttpError {
  // A bug in a handler must still be answered in the vendor's format, never as a stack trace.
  console.error('understudy: unexpected error', error);
  return new HttpError(500, 'understudy: internal error in the mock (see its console)');
}

/**
 * Path and query (`search`, with its leading `?`, as URL spells it) of a request target. The common
 * origin-form (`/api/hosts?query=…`) is split by hand: WHATWG URL parsing was an eighth of a simple
 * GET. Anything URL would normalise (dot segments, `//`, backslashes, a fragment, absolute-form)
 * still goes through it, so routing sees the same path.
 */
export function splitUrl(rawUrl: string): { pathname: string; search: string } {
  if (
    rawUrl.charCodeAt(0) === 47 &&
    rawUrl.charCodeAt(1) !== 47 &&
    !rawUrl.includes('/.') &&
    !rawUrl.includes('\\') &&
    !rawUrl.includes('#')
  ) {
    const q = rawUrl.indexOf('?');
    return q < 0 ? { pathname: rawUrl, search: '' } : { pathname: rawUrl.slice(0, q), search: rawUrl.slice(q) };
  }
  try {
    const url = new URL(rawUrl, 'http://mock');
    return { pathname: url.pathname, search: url.search };
  } catch {
    // `//` or `//:x` (an empty or bad authority): no operation lives there; a 404, not a crash.
    return { pathname: rawUrl, search: '' };
  }
}

const byOperation = new WeakMap<Map<string, OperationValidators>, Map<OperationInfo, OperationValidators>>();

/**
 * An operation's validators, found by the operation itself (an identity lookup): spelling the key
 * `vendor:operationId` for every request made a new string to hash each time.
 */
function validatorsOf(all: Map<string, OperationValidators>, op: OperationInfo): OperationValidators {
  let ops = byOperation.get(all);
  if (!ops) byOperation.set(all, (ops = new Map([...all.values()].map((v) => [v.op, v]))));
  return ops.get(op) ?? present(all.get(`${op.vendor}:${op.operationId}`), `validators of ${op.operationId}`);
}

const successTypesOf = new WeakMap<OperationInfo, string[]>();

/** Media types of the operation's 2xx responses, worked out once per operation. */
function responseTypes(op: OperationInfo): string[] {
  let cached = successTypesOf.get(op);
  if (cached) return cached;
  const types = new Set<string>();
  for (const [status, response] of Object.entries(op.responses)) {
    if (status.startsWith('2')) for (const type of Object.keys(response.content ?? {})) types.add(type);
  }
  successTypesOf.set(op, (cached = [...types]));
  return cached;
}

const typesByStatus = new WeakMap<OperationInfo, Map<string, string[]>>();

/** Media types documented for one response of an operation, worked out once (and the same array each time). */
function documentedTypes(op: OperationInfo, key: string): string[] {
  let byStatus = typesByStatus.get(op);
  if (!byStatus) typesByStatus.set(op, (byStatus = new Map<string, string[]>()));
  let types = byStatus.get(key);
  if (!types) byStatus.set(key, (types = Object.keys(op.responses[key]?.content ?? {})));
  return types;
}

/** How one security scheme of an operation is read from a request, worked out once per operation. */
type SchemeRead = { kind: 'apiKey'; name: string; header: string } | { kind: 'basic' } | { kind: 'bearer' };

const schemeReadsOf = new WeakMap<OperationInfo, SchemeRead[]>();

function schemeReads(vendor: LoadedVendor, op: OperationInfo): SchemeRead[] {
  let reads = schemeReadsOf.get(op);
  if (reads) return reads;
  reads = [];
  for (const requirement of op.security) {
    for (const name of Object.keys(requirement)) {
      const scheme = vendor.spec.securitySchemes[name];
      if (scheme?.type === 'apiKey' && scheme.in === 'header' && scheme.name) {
        reads.push({ kind: 'apiKey', name, header: scheme.name.toLowerCase() });
      } else if (scheme?.type === 'http') {
        const kind = scheme.scheme?.toLowerCase();
        if (kind === 'basic' || kind === 'bearer') reads.push({ kind });
      }
    }
  }
  schemeReadsOf.set(op, reads);
  return reads;
}

/** Reads each credential the operation's security schemes name, as the spec describes the scheme. */
function presentedCredentials(vendor: LoadedVendor, op: OperationInfo, headers: RequestHeaders): PresentedCredentials {
  const authorization = headerValue(headers, 'authorization');
  const credentials: PresentedCredentials = { apiKeys: {}, authorization };
  for (const read of schemeReads(vendor, op)) {
    if (read.kind === 'apiKey') {
      const value = headers[read.header];
      credentials.apiKeys[read.name] = Array.isArray(value) ? value[0] : value;
      continue;
    }
    if (!authorization) continue;
    const { scheme, value } = authorizationParts(authorization);
    if (read.kind === 'basic' && scheme === 'basic') {
      const basic = basicCredentials(value);
      if (basic) credentials.basic = basic;
    } else if (read.kind === 'bearer' && scheme === 'bearer' && value) {
      credentials.bearer = value;
    }
  }
  return credentials;
}

/** An Authorization header's scheme (lower case) and the word after it, as `split(' ', 2)` reads them. */
interface AuthorizationParts {
  readonly scheme: string;
  readonly value: string;
}

/** Of each kind of credential text, at most this many are remembered (then the memory starts afresh). */
const MAX_REMEMBERED_CREDENTIALS = 64;
/** Longer credential texts are read every time. */
const MAX_REMEMBERED_CREDENTIAL_LENGTH = 1024;
/** Authorization headers read recently, by their text: a client sends the same one on every request. */
const authorizations = new Memo<string, AuthorizationParts>(
  MAX_REMEMBERED_CREDENTIALS,
  MAX_REMEMBERED_CREDENTIAL_LENGTH,
);

/**
 * Splitting the header and lower-casing its scheme made three strings and an array on every request
 * (a twentieth of a Polarity list's own work); a header seen before is found by its text instead.
 */
function authorizationParts(text: string): AuthorizationParts {
  return authorizations.remember(text, splitAuthorization);
}

function splitAuthorization(text: string): AuthorizationParts {
  const [scheme = '', value = ''] = text.split(' ', 2);
  return Object.freeze({ scheme: scheme.toLowerCase(), value });
}

type BasicCredentials = Readonly<NonNullable<PresentedCredentials['basic']>>;

/** Basic credentials decoded recently, by their Base64 text: a client sends the same ones on every request. */
const basics = new Memo<string, BasicCredentials | null>(MAX_REMEMBERED_CREDENTIALS, MAX_REMEMBERED_CREDENTIAL_LENGTH);

/**
 * `user:password` from Basic's Base64 (undefined without a colon after a non-empty user). Decoding
 * them (Base64, then UTF-8) on every request was a tenth of a Moogsoft or Boomi GET's own work; the
 * decoded pair is frozen, as every request that sends the same text shares it.
 */
function basicCredentials(text: string): BasicCredentials | undefined {
  return basics.remember(text, decodeBasic) ?? undefined;
}

function decodeBasic(text: string): BasicCredentials | null {
  const decoded = decodeBase64Text(text);
  const colon = decoded.indexOf(':');
  return colon > 0 ? Object.freeze({ user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }) : null;
}

/** The body decoded: at once when the request holds its bytes (no reader, no Content-Encoding). */
function readBody(
  deps: PipelineDeps,
  vendor: LoadedVendor,
  op: OperationInfo,
  validators: OperationValidators,
  req: PlainRequest,
): DecodedBody | Promise<DecodedBody> {
  const { body } = req;
  if (typeof body === 'function' || headerValue(req.headers, 'content-encoding') !== undefined)
    return readBodyLater(deps, vendor, op, validators, req);
  const bytes = heldBytes(body, deps.limits.maxBodyBytes);
  return decodeRequestBody(bytes, headerValue(req.headers, 'content-type'), vendor.spec, op, validators, deps.limits);
}

async function readBodyLater(
  deps: PipelineDeps,
  vendor: LoadedVendor,
  op: OperationInfo,
  validators: OperationValidators,
  req: PlainRequest,
): Promise<DecodedBody> {
  // Read even when the operation takes no body, so that an oversize one is still a 413.
  const sent = await bodyBytes(req.body, deps.limits.maxBodyBytes);
  const coding = headerValue(req.headers, 'content-encoding');
  const bytes =
    coding === undefined
      ? sent
      : await decodeContentCoding(
          sent,
          coding,
          vendor.spec.document['x-content-encodings'] ?? [],
          deps.limits.maxBodyBytes,
        );
  return decodeRequestBody(bytes, headerValue(req.headers, 'content-type'), vendor.spec, op, validators, deps.limits);
}

/** Development mode: a response that breaks the spec is the mock's bug, reported as such. */
function checkResponse(validators: OperationValidators, reply: Reply): string[] {
  const key = validators.responseKey(reply.status);
  if (!key) return [`status ${reply.status} is not documented for ${validators.op.operationId}`];
  if (reply.body === undefined || !reply.mediaType) return [];
  return validators.response(reply.status, reply.mediaType, reply.body).map(describeIssue);
}

function guessVendor(deps: PipelineDeps, pathname: string): LoadedVendor | undefined {
  const mounted = deps.router.mountedVendor(pathname);
  if (mounted) return deps.vendors.get(mounted);
  // An unknown path is answered in the format of the vendor whose paths it shares the longest prefix with.
  let best: { vendor: LoadedVendor; length: number } | undefined;
  for (const vendor of deps.vendors.values()) {
    for (const op of vendor.spec.operations) {
      const prefix = op.path.split('{', 1)[0] ?? '';
      let n = 0;
      while (n < prefix.length && n < pathname.length && prefix[n] === pathname[n]) n++;
      if (n > 1 && (!best || n > best.length)) best = { vendor, length: n };
    }
  }
  return best?.vendor;
}

function errorReply(
  deps: PipelineDeps,
  vendor: LoadedVendor | undefined,
  op: OperationInfo | undefined,
  error: HttpError,
  accept: string | undefined,
): Reply {
  const headers = { ...(vendor?.module.errorHeaders?.(error) ?? {}), ...(error.options.headers ?? {}) };
  if (!vendor) {
    return replyOf(error.status, { error: error.message, status: error.status }, 'application/json', headers);
  }
  const documented = op ? documentedTypes(op, String(error.status)) : [];
  const offered =
    documented.length > 0 ? documented : (deps.errorMediaTypes.get(vendor.module.vendor) ?? ['application/json']);
  // An Accept that no documented type satisfies (the 406 itself) gets JSON where there is JSON: the
  // most readable fallback, and what validators such as Prism's can check. No Accept at all gets
  // the vendor's default, the first documented type.
  const mediaType =
    chooseResponseType(accept, offered) ??
    offered.find((t) => bodyKind(t) === 'json') ??
    offered[0] ??
    'application/json';
  return replyOf(error.status, vendor.module.errorBody(error), mediaType, headers);
}

/** The answer written out: CORS headers, the body encoded by its media type and schema. */
function send(
  deps: PipelineDeps,
  cors: CorsRequest,
  vendor: LoadedVendor | undefined,
  op: OperationInfo | undefined,
  reply: Reply,
  answer: 'preflight' | 'response' = 'response',
): Handled {
  if (cors.origin !== undefined && vendor) {
    Object.assign(
      reply.headers,
      corsHeaders(deps.cors, vendor.module.cors, cors, reply.authFailure ? 'auth-failure' : answer),
    );
  }
  let payload = '';
  let bytes: Uint8Array | undefined;
  if (reply.body !== undefined && reply.mediaType) {
    const schema =
      op?.responses[String(reply.status)]?.content?.[reply.mediaType]?.schema ??
      (vendor ? { $ref: `#/components/schemas/${vendor.module.errorSchema}` } : undefined);
    const deref = vendor?.spec.schema ?? ((s) => s ?? {});
    payload = encodeBody(reply.mediaType, reply.body, schema, deref);
    const kind = bodyKind(reply.mediaType);
    if (kind === 'json') bytes = rememberedJsonBytes(reply.body);
    reply.headers['Content-Type'] =
      kind === 'text' || kind === 'xml' || kind === 'json' ? withCharset(reply.mediaType) : reply.mediaType;
  }
  return {
    reply: bytes
      ? { status: reply.status, headers: reply.headers, body: payload, bytes }
      : { status: reply.status, headers: reply.headers, body: payload },
    outcome: { status: reply.status, vendor: vendor?.module.vendor, operationId: op?.operationId, violations: [] },
  };
}

/** Content-Type values with their charset, by media type (the few a spec names): one string each. */
const charsetTypes = new Memo<string, string>(64);

/**
 * `<media type>; charset=utf-8`, the same string each time: spelled per answer, it was a new string
 * that node:http then flattened to check the header.
 */
function withCharset(mediaType: string): string {
  return charsetTypes.remember(mediaType, spellCharset);
}

const spellCharset = (mediaType: string): string => `${mediaType}; charset=utf-8`;
