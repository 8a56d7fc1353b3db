// Shared by the GroundWork mock tests: requests in JSON, XML or form, responses read back through
// the spec (XML decoded by the same mapping the mock writes with), the spec's own examples, and a
// normaliser for what legitimately differs between runs (ids, clock times, server origin).
import { Router } from '../../src/mock/router.js';
import { decodeBody, encodeBody } from '../../src/spec/codec.js';
import { loadSpec } from '../../src/spec/load.js';
import type { RunningMock } from '../helpers/mock.js';

export const spec = loadSpec('groundwork');
export const JSON_TYPE = 'application/json';
export const XML = 'application/xml';
export const FORM = 'application/x-www-form-urlencoded';
export const DEMO_TOKEN = 'understudy-demo-token';
export const AUTH = { 'GWOS-API-TOKEN': DEMO_TOKEN, 'GWOS-APP-NAME': 'understudy-tests' };
export const AGENT = 'a4ca80e0-e855-43ee-86d8-f4e499f0a824';

const router = new Router();
router.addSpec(spec);

function operation(operationId: string) {
  const op = spec.byOperationId.get(operationId);
  if (!op) throw new Error(`no operation ${operationId} in specs/groundwork.yaml`);
  return op;
}

/** A request body example from the spec (XML and form examples are strings, JSON ones values). */
export function requestExample(operationId: string, mediaType: string, name: string): unknown {
  const example = operation(operationId).requestBody?.content[mediaType]?.examples?.[name];
  if (!example) throw new Error(`${operationId} has no ${mediaType} request example '${name}'`);
  return example.value;
}

export function requestExampleNames(operationId: string, mediaType: string): string[] {
  return Object.keys(operation(operationId).requestBody?.content[mediaType]?.examples ?? {});
}

/** A response example, decoded to its JSON shape (XML through the spec's mapping). */
export function responseExample(operationId: string, status: number, mediaType: string, name: string): unknown {
  const media = operation(operationId).responses[String(status)]?.content?.[mediaType];
  const example = media?.examples?.[name];
  if (!media || !example) throw new Error(`${operationId} has no ${status} ${mediaType} example '${name}'`);
  return mediaType === XML
    ? decodeBody(XML, String(example.value), media.schema, spec.schema)
    : structuredClone(example.value);
}

/** A body built by a test, in the media type under test (XML written through the spec's mapping). */
export function encodeRequest(operationId: string, mediaType: string, value: unknown): unknown {
  if (mediaType !== XML) return value;
  return encodeBody(XML, value, operation(operationId).requestBody?.content[XML]?.schema, spec.schema);
}

export function parameterExample(operationId: string, parameter: string, name: string): string {
  const example = operation(operationId).parameters.find((p) => p.name === parameter)?.examples?.[name];
  if (!example) throw new Error(`${operationId} has no example '${name}' for parameter ${parameter}`);
  return String(example.value);
}

export function parameterExampleNames(operationId: string, parameter: string): string[] {
  return Object.keys(operation(operationId).parameters.find((p) => p.name === parameter)?.examples ?? {});
}

export interface Reply {
  status: number;
  contentType: string;
  text: string;
  /** JSON parsed, or XML decoded through the schema of the operation's response for this status. */
  body: any;
}

export interface CallOptions {
  accept?: string;
  /** A string is sent as is (XML, form); anything else as JSON. */
  body?: unknown;
  type?: string;
  headers?: Record<string, string>;
  /** Send the demo token (default true). */
  auth?: boolean;
}

export async function call(m: RunningMock, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {
    accept: options.accept ?? JSON_TYPE,
    ...(options.auth === false ? {} : AUTH),
    ...options.headers,
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.type ?? (typeof options.body === 'string' ? XML : JSON_TYPE);
  }
  const res = await fetch(`${m.url}${path}`, { method, headers, body });
  const text = await res.text();
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!;
  return { status: res.status, contentType, text, body: decode(method, path, res.status, contentType, text) };
}

function decode(method: string, path: string, status: number, contentType: string, text: string): unknown {
  if (text === '') return undefined;
  if (contentType === JSON_TYPE) return JSON.parse(text);
  if (contentType !== XML) return text;
  const match = router.match(method, new URL(path, 'http://x').pathname);
  const media = match.kind === 'found' ? match.op.responses[String(status)]?.content?.[XML] : undefined;
  const schema = media?.schema ?? { $ref: '#/components/schemas/Error' };
  return decodeBody(XML, text, schema, spec.schema);
}

const PLUGIN_TIME = /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} [AP]M/g;
const VOLATILE = new Set([
  'id',
  'hostStatusId',
  'lastCheckTime',
  'nextCheckTime',
  'lastStateChange',
  'LastStateChange',
]);

/**
 * What stays when the run-dependent parts go: ids, clock times (checked separately), the server's
 * origin in locations (and their `%3F`, read as the `?` it stands for), and empty property maps
 * (XML cannot tell an empty `<properties/>` from none).
 */
export function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (VOLATILE.has(key)) continue;
    if (key === 'properties' && v && typeof v === 'object' && Object.keys(v).length === 0) continue;
    if (key === 'lastPlugInOutput' && typeof v === 'string') out[key] = v.replace(PLUGIN_TIME, '<time>');
    else if (key === 'location' && typeof v === 'string')
      out[key] = v.replace(/^https?:\/\/[^/]+(\/foundation-webapp|\/monitor)?/, '').replace('%3F', '?');
    else out[key] = stable(v);
  }
  return out;
}

/** Every GroundWork timestamp attribute in the vendor's spelling, `2016-01-04T23:42:30.468-0700`. */
export const GW_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;

export async function adminState(m: RunningMock): Promise<GroundworkDumpView> {
  const res = await fetch(`${m.url}/__admin/state`);
  return ((await res.json()) as { groundwork: GroundworkDumpView }).groundwork;
}

export interface GroundworkDumpView {
  hosts: Array<{
    hostName: string;
    monitorStatus: string;
    hostGroups: string[];
    services: Array<{ description: string; monitorStatus: string }>;
  }>;
  devices: Array<{ id: number; identification: string; displayName?: string }>;
  hostGroups: Array<{ name: string }>;
  hostCategories: Array<{ name: string }>;
  serviceGroups: Array<{ name: string }>;
  serviceCategories: Array<{ name: string }>;
  events: Array<{
    entityType: string;
    hostName: string;
    serviceDescription?: string;
    previousStatus: string;
    status: string;
    message?: string;
  }>;
  notifications: Array<{ entityType: string; hostName: string; notificationType: string; status: string }>;
}

/** A controllable clock for the mock (`now` option), so times can be asserted exactly. */
export function testClock(start: string) {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (iso: string) => {
      current = new Date(iso);
    },
    advance: (ms: number) => {
      current = new Date(current.getTime() + ms);
    },
  };
}
