import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeIssue, listIssues, type ValidationIssue } from '../spec/ajv.js';
import { BodySyntaxError, bodyKind, decodeBody, encodeBody } from '../spec/codec.js';
import type { OperationInfo } from '../spec/load.js';
import { parseUrlEncoded, UrlEncodedUtf8Error } from '../spec/urlencoded.js';
import { firstInvalidUtf8Byte } from '../spec/utf8.js';
import { FIRST_ISSUE_ONLY_BYTES, type OperationValidators } from '../spec/validators.js';
import { endSoon } from './batch.js';
import { corsHeaders, isPreflight, preflightStatus, type CorsPolicy, type CorsRequest } from './cors.js';
import { HttpError } from './errors.js';
import { lingerIfBodyArriving } from './linger.js';
import type { Faults } from './faults.js';
import { chooseResponseType, mediaTypeOf } from './negotiate.js';
import type { Router } from './router.js';
import type { LoadedVendor, PresentedCredentials, Principal, RequestOf } from './types.js';

export interface PipelineLimits {
  /** Slow clients are cut off: all headers within this time, the whole request within the next. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  maxUrlLength: number;
  maxJsonDepth: number;
  maxXmlDepth: number;
}

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
  changed(vendor: string): void;
  now(): Date;
}

/** What one request came to, for the journal. */
export interface Outcome {
  /** 0 when the connection was dropped on purpose (fault injection). */
  status: number;
  fault?: string;
  vendor?: string;
  operationId?: string;
  violations: string[];
  /** Whose violations: the request's (answered 400) or the mock's own response's (answered 500). */
  violationsIn?: 'request' | 'response';
}

/** A handler's result, seen without its operation's type (each handler is typed by its own). */
interface HandlerResult {
  status: number | string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Reply {
  status: number;
  body?: unknown;
  mediaType?: string;
  headers: Record<string, string>;
  /** The vendor's authentication refused the request (some vendors answer that without CORS headers). */
  authFailure?: boolean;
}

/**
 * The life of one request, for every vendor:
 * route → [CORS preflight] → negotiate Accept → authenticate → read body → validate → handler →
 * write (with the vendor's CORS headers) → [check response].
 * Any stage may throw an HttpError; it is answered in the vendor's own error format.
 */
export async function handleRequest(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<Outcome> {
  const rawUrl = req.url ?? '/';
  const url = splitUrl(rawUrl);
  const method = (req.method ?? 'GET').toUpperCase();
  const cors = corsRequest(method, req);
  if (rawUrl.length > deps.limits.maxUrlLength) {
    const vendor = guessVendor(deps, url.pathname);
    const error = new HttpError(414, `URL of ${rawUrl.length} characters is longer than the limit of ${deps.limits.maxUrlLength}`);
    return send(deps, res, cors, vendor, undefined, errorReply(deps, vendor, undefined, error, req.headers.accept));
  }
  const match = deps.router.match(method, url.pathname);
  if (match.kind === 'not-found') {
    const vendor = guessVendor(deps, url.pathname);
    const error = new HttpError(404, `no operation is documented at ${url.pathname}`);
    return send(deps, res, cors, vendor, undefined, errorReply(deps, vendor, undefined, error, req.headers.accept));
  }
  if (match.kind === 'method-not-allowed') {
    const vendor = deps.vendors.get(match.sample.vendor)!;
    if (isPreflight(deps.cors, cors)) {
      // Answered before authentication, as browsers send preflights without credentials.
      const reply: Reply = { status: preflightStatus(deps.cors, vendor.module.cors), headers: {} };
      return send(deps, res, cors, vendor, undefined, reply, 'preflight');
    }
    const error = new HttpError(405, `${method} is not allowed on ${match.sample.path}: use ${match.allow.join(', ')}`, {
      headers: { Allow: match.allow.join(', ') },
    });
    return send(deps, res, cors, vendor, match.sample, errorReply(deps, vendor, undefined, error, req.headers.accept));
  }

  const { op } = match;
  const vendor = deps.vendors.get(op.vendor)!;
  const validators = deps.validators.get(`${op.vendor}:${op.operationId}`)!;
  const successTypes = responseTypes(op);
  const fault = deps.faults.decide(op.vendor, op.operationId, header(req, 'prefer'));
  // A rejection's issues, spelled once for the error body and the journal alike.
  let rejected: string[] | undefined;
  let authFailed = false;
  try {
    if (fault) {
      if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault.drop) {
        req.socket.destroy();
        return { status: 0, vendor: op.vendor, operationId: op.operationId, violations: [], fault: fault.label };
      }
      if (fault.status) throw new HttpError(fault.status, `understudy: injected fault (${fault.label})`);
    }
    const responseType = successTypes.length > 0 ? chooseResponseType(req.headers.accept, successTypes) : undefined;
    if (successTypes.length > 0 && !responseType) {
      throw new HttpError(406, `Accept '${req.headers.accept}' is not served here: use ${successTypes.join(' or ')}`);
    }

    const params = validators.params({ path: match.params, query: queryObject(url.search), header: req.headers as never });

    let principal: Principal | undefined;
    if (op.security.length > 0) {
      try {
        principal = vendor.module.authenticate(presentedCredentials(vendor, op, req), { state: vendor.state, op, path: params.value.path, headers: req.headers, options: vendor.options, now: deps.now });
      } catch (error) {
        authFailed = true;
        throw error;
      }
    }

    const { body, mediaType, bytes = 0 } = hasNoBody(validators, req) ? NO_BODY : await readBody(deps, vendor, op, validators, req);
    const firstIssueOnly = bytes > FIRST_ISSUE_ONLY_BYTES;
    const verdict = mediaType ? validators.split(mediaType, body, firstIssueOnly) : undefined;
    const issues: ValidationIssue[] = [...params.issues, ...(verdict?.whole ?? [])];
    if (issues.length > 0) {
      rejected = listIssues(issues);
      if (firstIssueOnly) rejected.push(`(a body over ${FIRST_ISSUE_ONLY_BYTES / 1024} KiB is checked up to its first issue)`);
      throw new HttpError(400, rejected.join('; '), { issues });
    }

    const origin = `http://${req.headers.host ?? 'localhost'}`;
    const request: RequestOf<unknown> = {
      query: params.value.query as never,
      path: params.value.path as never,
      header: params.value.header as Record<string, string | undefined>,
      body: body as never,
      mediaType,
      principal,
      origin,
      baseUrl: origin + match.base,
      ...(verdict && verdict.entities.size > 0 ? { refused: refusedEntities(verdict.entities) } : {}),
    };
    const handler = vendor.module.handlers[op.operationId];
    if (!handler) throw new HttpError(501, `${op.operationId} has no handler in this mock`);
    const result: HandlerResult = await handler(request, {
      state: vendor.state,
      op,
      changed: () => deps.changed(op.vendor),
      now: deps.now,
    });
    const status = Number(result.status);
    if (method !== 'GET' && method !== 'HEAD' && status < 400) deps.changed(op.vendor);
    const offered = documentedTypes(op, validators.responseKey(status) ?? '');
    const replyType = result.body === undefined ? undefined : (chooseResponseType(req.headers.accept, offered) ?? offered[0]);
    const reply: Reply = { status, body: result.body, mediaType: replyType, headers: { ...(result.headers ?? {}) } };
    const violations = deps.validateResponses ? checkResponse(validators, reply) : [];
    if (violations.length > 0) {
      const error = new HttpError(500, `understudy: the mock's response violates specs/${op.vendor}.yaml: ${violations.join('; ')}`);
      const outcome = send(deps, res, cors, vendor, op, errorReply(deps, vendor, op, error, req.headers.accept));
      return { ...outcome, violations, violationsIn: 'response' };
    }
    if (fault?.preferenceApplied) reply.headers['Preference-Applied'] = fault.preferenceApplied;
    const outcome = send(deps, res, cors, vendor, op, reply);
    if (fault) outcome.fault = fault.label;
    return outcome;
  } catch (error) {
    const httpError = error instanceof HttpError ? error : internalError(error);
    const reply = errorReply(deps, vendor, op, httpError, req.headers.accept);
    reply.authFailure = authFailed;
    if (fault?.preferenceApplied) reply.headers['Preference-Applied'] = fault.preferenceApplied;
    const outcome = send(deps, res, cors, vendor, op, reply);
    if (fault) outcome.fault = fault.label;
    const issues = httpError.status !== 400 ? [] : (rejected ?? listIssues(httpError.options.issues ?? []));
    return issues.length > 0 ? { ...outcome, violations: issues, violationsIn: 'request' } : outcome;
  }
}

function refusedEntities(entities: Map<string, ValidationIssue[]>): Map<string, string[]> {
  return new Map([...entities].map(([pointer, issues]) => [pointer, listIssues(issues)]));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function corsRequest(method: string, req: IncomingMessage): CorsRequest {
  const origin = header(req, 'origin');
  // Without an Origin no browser is asking: nothing more to read.
  if (origin === undefined) return { method };
  return { method, origin, requestMethod: header(req, 'access-control-request-method'), requestHeaders: header(req, 'access-control-request-headers') };
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
  if (rawUrl.charCodeAt(0) === 47 && rawUrl.charCodeAt(1) !== 47 && !rawUrl.includes('/.') && !rawUrl.includes('\\') && !rawUrl.includes('#')) {
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
  if (!byStatus) typesByStatus.set(op, (byStatus = new Map()));
  let types = byStatus.get(key);
  if (!types) byStatus.set(key, (types = Object.keys(op.responses[key]?.content ?? {})));
  return types;
}

function queryObject(search: string): Record<string, string | string[]> {
  if (search.length <= 1) return {};
  let pairs: Array<[string, string]>;
  try {
    pairs = parseUrlEncoded(search.slice(1));
  } catch (error) {
    if (!(error instanceof UrlEncodedUtf8Error)) throw error;
    const field = error.field ?? '(a parameter name)';
    const issue = { in: 'query' as const, field, pointer: `/${field}`, message: 'is not UTF-8 once percent-decoded' };
    throw new HttpError(400, describeIssue(issue), { issues: [issue] });
  }
  // A null prototype: `constructor` or `__proto__` as a parameter name is an unknown parameter like
  // any other (ignored), never an inherited value or a prototype.
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of pairs) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return { ...out };
}

/** Reads each credential the operation's security schemes name, as the spec describes the scheme. */
function presentedCredentials(vendor: LoadedVendor, op: OperationInfo, req: IncomingMessage): PresentedCredentials {
  const credentials: PresentedCredentials = { apiKeys: {}, authorization: req.headers.authorization };
  for (const requirement of op.security) {
    for (const name of Object.keys(requirement)) {
      const scheme = vendor.spec.securitySchemes[name];
      if (!scheme) continue;
      if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) {
        const value = req.headers[scheme.name.toLowerCase()];
        credentials.apiKeys[name] = Array.isArray(value) ? value[0] : value;
      } else if (scheme.type === 'http' && req.headers.authorization) {
        const [kind, value = ''] = req.headers.authorization.split(' ', 2);
        if (scheme.scheme?.toLowerCase() === 'basic' && kind?.toLowerCase() === 'basic') {
          const decoded = Buffer.from(value, 'base64').toString('utf8');
          const colon = decoded.indexOf(':');
          if (colon > 0) credentials.basic = { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        } else if (scheme.scheme?.toLowerCase() === 'bearer' && kind?.toLowerCase() === 'bearer' && value) {
          credentials.bearer = value;
        }
      }
    }
  }
  return credentials;
}

interface ReadBody {
  body: unknown;
  mediaType?: string;
  /** The body's size in bytes. */
  bytes?: number;
}

const NO_BODY: ReadBody = { body: undefined };

/**
 * No body announced on an operation that takes none: nothing to read or wait for (Node discards the
 * empty request stream itself once the response is sent).
 */
function hasNoBody(validators: OperationValidators, req: IncomingMessage): boolean {
  return validators.requestMediaTypes.length === 0 && req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined;
}

async function readBody(
  deps: PipelineDeps,
  vendor: LoadedVendor,
  op: OperationInfo,
  validators: OperationValidators,
  req: IncomingMessage,
): Promise<ReadBody> {
  const accepted = validators.requestMediaTypes;
  const bytes = await readBytes(req, deps.limits.maxBodyBytes);
  if (accepted.length === 0) return { body: undefined };
  // Refused, not repaired: replacing bad bytes with U+FFFD made `u8-\x80` and `u8-\xe2\x82` one name.
  if (!isUtf8(bytes)) {
    throw new HttpError(400, `request body is not valid UTF-8 (the first bad byte is at offset ${firstInvalidUtf8Byte(bytes)}): send UTF-8 text`);
  }
  const text = bytes.toString('utf8');
  if (text.length === 0) {
    if (op.requestBody?.required) throw new HttpError(400, `a request body is required (${accepted.join(' or ')})`);
    return { body: undefined };
  }
  // A body without Content-Type is read as the operation's only (or first) documented type.
  const declared = mediaTypeOf(req.headers['content-type']);
  const mediaType = declared === undefined ? accepted[0]! : (accepted.find((t) => t === declared) ?? curlDefault(declared, accepted, text));
  if (!mediaType) throw new HttpError(415, `Content-Type '${declared}' is not accepted here: use ${accepted.join(' or ')}`);
  const schema = op.requestBody?.content[mediaType]?.schema;
  try {
    const body = decodeBody(mediaType, text, schema, vendor.spec.schema, {
      maxJsonDepth: deps.limits.maxJsonDepth,
      xml: { maxDepth: deps.limits.maxXmlDepth },
    });
    return { body, mediaType, bytes: bytes.length };
  } catch (error) {
    if (error instanceof BodySyntaxError) throw new HttpError(400, error.message, error.issue ? { issues: [error.issue] } : {});
    throw error;
  }
}

/**
 * `curl -d '{...}'` labels a JSON body `application/x-www-form-urlencoded`; vendors' own curl examples
 * (Moogsoft's PUT) are written that way. An operation that takes only JSON reads such a body as JSON.
 */
function curlDefault(declared: string, accepted: string[], text: string): string | undefined {
  if (declared !== 'application/x-www-form-urlencoded' || accepted.includes(declared)) return undefined;
  const json = accepted.find((t) => bodyKind(t) === 'json');
  return json && /^\s*[[{]/.test(text) ? json : undefined;
}

function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new HttpError(413, `request body of ${declared} bytes is larger than the limit of ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, `request body is larger than the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
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
      const prefix = op.path.split('{')[0]!;
      let n = 0;
      while (n < prefix.length && n < pathname.length && prefix[n] === pathname[n]) n++;
      if (n > 1 && (!best || n > best.length)) best = { vendor, length: n };
    }
  }
  return best?.vendor;
}

function errorReply(deps: PipelineDeps, vendor: LoadedVendor | undefined, op: OperationInfo | undefined, error: HttpError, accept: string | undefined): Reply {
  const headers = { ...(vendor?.module.errorHeaders?.(error) ?? {}), ...(error.options.headers ?? {}) };
  if (!vendor) {
    return { status: error.status, body: { error: error.message, status: error.status }, mediaType: 'application/json', headers };
  }
  const documented = op ? documentedTypes(op, String(error.status)) : [];
  const offered = documented.length > 0 ? documented : (deps.errorMediaTypes.get(vendor.module.vendor) ?? ['application/json']);
  // An Accept that no documented type satisfies (the 406 itself) gets JSON where there is JSON: the
  // most readable fallback, and what validators such as Prism's can check. No Accept at all gets
  // the vendor's default, the first documented type.
  const mediaType = chooseResponseType(accept, offered) ?? offered.find((t) => bodyKind(t) === 'json') ?? offered[0]!;
  return { status: error.status, body: vendor.module.errorBody(error), mediaType, headers };
}

function send(
  deps: PipelineDeps,
  res: ServerResponse,
  cors: CorsRequest,
  vendor: LoadedVendor | undefined,
  op: OperationInfo | undefined,
  reply: Reply,
  answer: 'preflight' | 'response' = 'response',
): Outcome {
  if (cors.origin !== undefined && vendor) {
    Object.assign(reply.headers, corsHeaders(deps.cors, vendor.module.cors, cors, reply.authFailure ? 'auth-failure' : answer));
  }
  let payload = '';
  if (reply.body !== undefined && reply.mediaType) {
    const schema = op?.responses[String(reply.status)]?.content?.[reply.mediaType]?.schema
      ?? (vendor ? { $ref: `#/components/schemas/${vendor.module.errorSchema}` } : undefined);
    const deref = vendor?.spec.schema ?? ((s) => s ?? {});
    payload = encodeBody(reply.mediaType, reply.body, schema, deref);
    const kind = bodyKind(reply.mediaType);
    reply.headers['Content-Type'] = kind === 'text' || kind === 'xml' || kind === 'json' ? `${reply.mediaType}; charset=utf-8` : reply.mediaType;
  }
  reply.headers['Content-Length'] = String(Buffer.byteLength(payload));
  lingerIfBodyArriving(res.req, res, reply.status, reply.headers);
  res.writeHead(reply.status, reply.headers);
  endSoon(res, payload);
  void deps;
  return { status: reply.status, vendor: vendor?.module.vendor, operationId: op?.operationId, violations: [] };
}
