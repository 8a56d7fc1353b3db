import { exampleIndex } from '../conformance/examples.js';
import type { HttpRequest } from '../conformance/http.js';
import { buildUrl } from '../conformance/request.js';
import { describeIssue } from '../spec/ajv.js';
import { BodySyntaxError, bodyKind, decodeBody } from '../spec/codec.js';
import type { OperationInfo } from '../spec/load.js';
import type { JsonSchema } from '../spec/openapi.js';
import type { OperationValidators } from '../spec/validators.js';
import { writeXmlDocument } from '../spec/xml.js';
import type { OperationModel, VendorModel } from './model-types.js';
import { vendorDescriptor } from '../vendors/registry.js';

/**
 * What the fuzzer knows of one vendor and one operation, all read from the spec: parameters,
 * accepted and answered media types, security, examples, and the validators that decide whether a
 * request is valid (the oracle below).
 */

/** Limits a request may exceed on purpose ("oversized"). Defaults: what the understudy mock documents. */
export interface FuzzLimits {
  maxBodyBytes: number;
  maxUrlLength: number;
  maxJsonDepth: number;
  maxXmlDepth: number;
}

export const DEFAULT_FUZZ_LIMITS: FuzzLimits = {
  maxBodyBytes: 1024 * 1024,
  maxUrlLength: 8192,
  maxJsonDepth: 64,
  maxXmlDepth: 64,
};

export function operationModel(
  vendor: VendorModel,
  op: OperationInfo,
  validators: OperationValidators,
  all: readonly OperationInfo[],
): OperationModel {
  const acceptTypes = new Set<string>();
  for (const [status, response] of Object.entries(op.responses)) {
    if (status.startsWith('2')) for (const type of Object.keys(response.content ?? {})) acceptTypes.add(type);
  }
  const credentialHeaders = Object.keys(op.security[0] ?? {})
    .map((name) => vendor.spec.securitySchemes[name])
    .flatMap((s) => (s?.type === 'apiKey' && s.in === 'header' && s.name ? [s.name] : []));
  return {
    vendor,
    op,
    validators,
    pathParams: op.parameters.filter((p) => p.in === 'path'),
    queryParams: op.parameters.filter((p) => p.in === 'query'),
    headerParams: op.parameters.filter((p) => p.in === 'header'),
    bodyTypes: validators.requestMediaTypes,
    bodyRequired: op.requestBody?.required === true,
    acceptTypes: [...acceptTypes],
    secured: op.security.length > 0,
    credentialHeaders,
    examples: exampleIndex(vendor.spec).byOperation.get(op.operationId),
    pathMethods: all.filter((o) => o.vendor === op.vendor && o.path === op.path).map((o) => o.method.toUpperCase()),
  };
}

/** Path parameters filled from credentials (Boomi's accountId), as the verify runner does. */
export function credentialPathValue(model: OperationModel, name: string): string | undefined {
  const variables = vendorDescriptor(model.vendor.vendor).auth.variables ?? [];
  return variables.includes(name) ? model.vendor.credentials[name] : undefined;
}

/** A request before encoding: what generation and mutation work on. */
export interface Draft {
  method: string;
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  /** Accept, Content-Type and any header parameters (credentials are added when sent). */
  headers: Record<string, string>;
  /** `value` is encoded by `mediaType`; `text`, when set, is sent as it is (broken or oversized bodies). */
  body?: { mediaType: string; value?: unknown; text?: string };
}

/** The request as the target will read it (text everywhere), minus credentials. */
export interface WireRequest {
  method: string;
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string;
}

export function header(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  const lower = name.toLowerCase();
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== lower));
}

export function encodeDraftBody(model: OperationModel, body: NonNullable<Draft['body']>): string {
  if (body.text !== undefined) return body.text;
  const schema = model.op.requestBody?.content[body.mediaType]?.schema;
  switch (bodyKind(body.mediaType)) {
    case 'xml':
      return writeXml(model, body.value, schema);
    case 'form': {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries((body.value ?? {}) as Record<string, unknown>)) {
        for (const item of Array.isArray(v) ? v : [v])
          if (item !== undefined) form.append(k, typeof item === 'object' ? JSON.stringify(item) : String(item));
      }
      return form.toString();
    }
    case 'text':
      return typeof body.value === 'string' ? body.value : JSON.stringify(body.value ?? '');
    default:
      return JSON.stringify(body.value);
  }
}

function writeXml(model: OperationModel, value: unknown, schema: JsonSchema | undefined): string {
  return writeXmlDocument(value, schema, model.vendor.spec.schema);
}

export function toWire(model: OperationModel, draft: Draft): WireRequest {
  return {
    method: draft.method,
    path: draft.path,
    query: draft.query,
    headers: draft.headers,
    ...(draft.body ? { body: encodeDraftBody(model, draft.body) } : {}),
  };
}

/** The HTTP request for a wire request, with credentials (and any header overrides) on top. */
export function toHttp(model: OperationModel, wire: WireRequest, credentials: Record<string, string>): HttpRequest {
  const url = buildUrl(model.vendor.baseUrl, model.op, { path: wire.path, query: wire.query, headers: {} });
  return {
    method: wire.method,
    url,
    headers: { ...credentials, ...wire.headers },
    ...(wire.body !== undefined ? { body: wire.body } : {}),
  };
}

export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** Whether a request is valid by the spec, and if not, why. */
export interface Verdict {
  valid: boolean;
  reasons: string[];
  /** Statuses HTTP prescribes for a limit the request goes past (413 body, 414 URL). */
  protocolStatuses: number[];
}

/**
 * The oracle: decides validity exactly as the spec does, through the same validators and codec
 * the mock and `verify` use (ajv over the operation's parameter and body schemas; JSON, XML and
 * form read by the spec's mapping), plus the documented size limits. A request counts as valid
 * or invalid only by this verdict, so every "invalid" request the fuzzer sends is one the spec
 * itself refuses.
 */
export function judge(model: OperationModel, wire: WireRequest, limits: FuzzLimits): Verdict {
  const reasons: string[] = [];
  const protocolStatuses: number[] = [];
  const lowered = Object.fromEntries(Object.entries(wire.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const params = model.validators.params({ path: { ...wire.path }, query: { ...wire.query }, header: lowered });
  reasons.push(...params.issues.map(describeIssue));
  const url = buildUrl('http://h', model.op, { path: wire.path, query: wire.query, headers: {} });
  if (url.length - 'http://h'.length > limits.maxUrlLength) {
    reasons.push(`URL longer than ${limits.maxUrlLength} characters`);
    protocolStatuses.push(414);
  }
  if (model.bodyTypes.length > 0) {
    if (Buffer.byteLength(wire.body ?? '') > limits.maxBodyBytes) protocolStatuses.push(413);
    reasons.push(...judgeBody(model, wire, limits));
  }
  return { valid: reasons.length === 0, reasons, protocolStatuses };
}

function judgeBody(model: OperationModel, wire: WireRequest, limits: FuzzLimits): string[] {
  const text = wire.body ?? '';
  if (text.length === 0)
    return model.bodyRequired ? [`a request body is required (${model.bodyTypes.join(' or ')})`] : [];
  if (Buffer.byteLength(text) > limits.maxBodyBytes) return [`body larger than ${limits.maxBodyBytes} bytes`];
  const declared = mediaTypeOf(header(wire.headers, 'content-type'));
  const mediaType = declared === undefined ? model.bodyTypes[0] : model.bodyTypes.find((t) => t === declared);
  if (!mediaType) return [`Content-Type ${declared} is not accepted (${model.bodyTypes.join(', ')})`];
  let value: unknown;
  try {
    value = decodeBody(mediaType, text, model.op.requestBody?.content[mediaType]?.schema, model.vendor.spec.schema, {
      maxJsonDepth: limits.maxJsonDepth,
      xml: { maxDepth: limits.maxXmlDepth },
    });
  } catch (error) {
    if (error instanceof BodySyntaxError) return [error.message];
    throw error;
  }
  // An entity of a per-entity batch that breaks its schema is that entity's failure in a 200, not a
  // refusal of the request: only what the vendor refuses as a whole makes the request invalid.
  return model.validators.split(mediaType, value).whole.map(describeIssue);
}

/**
 * Whether path values keep the request on its operation: a value equal to a literal segment of
 * another template at the same place (`/api/hosts/filter` for `/api/hosts/{hostName}`) addresses
 * that other operation, and `.`/`..` are resolved away by URL normalisation.
 */
export function addressesOperation(
  op: OperationInfo,
  path: Record<string, string>,
  all: readonly OperationInfo[],
): boolean {
  const template = op.path.split('/');
  const concrete = template.map((segment) => {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    return name === undefined ? segment : (path[name] ?? '');
  });
  for (const [i, segment] of template.entries()) {
    if (/^\{.+\}$/.test(segment) && ['', '.', '..'].includes(concrete[i] ?? '')) return false;
  }
  for (const other of all) {
    if (other.path === op.path) continue;
    const segments = other.path.split('/');
    if (segments.length !== template.length) continue;
    let matches = true;
    let moreSpecific = false;
    for (const [i, segment] of segments.entries()) {
      const literal = !/^\{.+\}$/.test(segment);
      if (literal && segment !== concrete[i]) {
        matches = false;
        break;
      }
      if (literal && /^\{.+\}$/.test(template[i] ?? '')) moreSpecific = true;
    }
    if (matches && moreSpecific) return false;
  }
  return true;
}
