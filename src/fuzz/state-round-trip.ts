// The modules, not their functions: a request is made through whatever node:http holds at the time
// (nock, in the fuzzer's own tests, stands in for it).
import http from 'node:http';
import https from 'node:https';
import { send, type Sender } from '../conformance/http.js';
import type { FuzzCheckResult } from './checks.js';

/**
 * state_round_trip: whatever a mock accepted must survive its own state file. After every accepted
 * request that can change state, the fuzzer reads the whole state (`GET /__admin/state`), loads it
 * back (`PUT /__admin/state`) and reads it again: the load must succeed and the second text must be
 * the first. The text `GET /__admin/state` answers is the text `--state-file` writes (one serializer)
 * and `PUT /__admin/state` is the load a start on that file performs, so this is a restart on the
 * state file, without restarting. (1e400 was accepted as Infinity, written as null, and the next
 * start refused the file.)
 *
 * The dumps are compared as bytes and decoded only to say where they differ: a dump is the whole
 * state of every vendor (some 170 kB of fixtures), read twice after every accepted write. A dump
 * byte for byte the same as one that already came back unchanged from a load is not loaded again:
 * the load reads nothing but the text, so it would come back unchanged again.
 *
 * Only an understudy mock has an admin API: against another target (a real vendor, Prism) the check
 * is not made, and the run says why. A mock started with an admin token needs it (`--admin-token`,
 * or UNDERSTUDY_ADMIN_TOKEN).
 */
export interface StateRoundTrip {
  check(): Promise<FuzzCheckResult>;
}

export type StateRoundTripProbe =
  { kind: 'checked'; roundTrip: StateRoundTrip } | { kind: 'not-checked'; reason: string };

/**
 * Asks the target, through the run's `sender`, whether it is an understudy mock whose admin API this
 * run may use. (A door that does not reach the admin API, as an in-process mock's core, gets the
 * check left out.)
 */
export async function probeStateRoundTrip(
  baseUrl: string,
  adminToken: string | undefined,
  timeoutMs: number,
  sender: Sender = send,
): Promise<StateRoundTripProbe> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(adminToken ? { Authorization: `Bearer ${adminToken}` } : {}),
  };
  const health = await sender({ method: 'GET', url: `${baseUrl}/__admin/health`, headers }, timeoutMs);
  const status = health.response?.status;
  if (status === 401)
    return {
      kind: 'not-checked',
      reason:
        `${baseUrl} is an understudy mock with an admin token: pass --admin-token ` +
        '(or set UNDERSTUDY_ADMIN_TOKEN) to check that its state survives its state file',
    };
  let body: unknown;
  try {
    body = status === 200 && health.response ? JSON.parse(health.response.text) : undefined;
  } catch {
    body = undefined;
  }
  const vendors = (body as { vendors?: unknown } | undefined)?.vendors;
  if (!Array.isArray(vendors))
    return {
      kind: 'not-checked',
      reason:
        `${baseUrl} has no understudy admin API (GET /__admin/health answered ${status ?? health.error?.message}): ` +
        "only an understudy mock's state file can be checked",
    };
  const admin: AdminApi = { baseUrl, headers, timeoutMs, survived: undefined };
  return { kind: 'checked', roundTrip: { check: () => roundTrip(admin) } };
}

interface AdminApi {
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** The last dump that came back unchanged from a load. */
  survived: Buffer | undefined;
}

interface RawResponse {
  status: number;
  body: Buffer;
}

/** One admin request, its answer as bytes (no decoding, no parsing: the dumps are large). */
function adminRequest(admin: AdminApi, method: string, body?: Buffer): Promise<RawResponse | Error> {
  const url = new URL(`${admin.baseUrl}/__admin/state`);
  const headers = { ...admin.headers, ...(body ? { 'Content-Type': 'application/json' } : {}) };
  return new Promise((resolve) => {
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      { method, headers, timeout: admin.timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', resolve);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', resolve);
    req.end(body);
  });
}

async function roundTrip(admin: AdminApi): Promise<FuzzCheckResult> {
  const read = async (): Promise<Buffer | FuzzCheckResult> => {
    const sent = await adminRequest(admin, 'GET');
    if (!(sent instanceof Error) && sent.status === 200) return sent.body;
    return failed(
      `GET /__admin/state answered ${sent instanceof Error ? sent.message : sent.status}`,
      200,
      sent instanceof Error ? 'no answer' : sent.status,
    );
  };
  const first = await read();
  if (!Buffer.isBuffer(first)) return first;
  if (admin.survived?.equals(first)) return { check: 'state_round_trip', status: 'passed' };
  const loaded = await adminRequest(admin, 'PUT', first);
  if (loaded instanceof Error || loaded.status !== 200) {
    const why = loaded instanceof Error ? loaded.message : `${loaded.status} ${adminError(loaded.body.toString())}`;
    return failed(
      `the state this request left cannot be loaded back, so a restart on the state file would fail: PUT /__admin/state answered ${why}`,
      'the mock loads its own state',
      why,
    );
  }
  const second = await read();
  if (!Buffer.isBuffer(second)) return second;
  // The same state, member for member: the order of an object's members is how it was built (a
  // record made by a request, or read from a file) and says nothing about the state.
  if (second.equals(first)) {
    admin.survived = first;
    return { check: 'state_round_trip', status: 'passed' };
  }
  const at = firstDifference(JSON.parse(first.toString()), JSON.parse(second.toString()));
  if (at) return failed(`dump → load → dump is not the same state: it differs at ${at.path}`, at.before, at.after);
  return { check: 'state_round_trip', status: 'passed' };
}

/** The admin API's `{"error": …}` message, or the start of a text that is not one. */
function adminError(text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error === 'string') return error;
  } catch {
    // not the admin API's JSON: the text itself says what happened
  }
  return text.slice(0, 300);
}

function failed(message: string, expected: unknown, actual: unknown): FuzzCheckResult {
  return { check: 'state_round_trip', status: 'failed', message, expected, actual };
}

/**
 * The JSON path of the first place two values differ, with what each holds there (shortened), or
 * undefined when they are the same value: arrays in order, objects as sets of members.
 */
export function firstDifference(
  a: unknown,
  b: unknown,
  path = '$',
): { path: string; before: string; after: string } | undefined {
  const show = (v: unknown): string => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined for undefined, a function, a symbol
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 120 ? `${text.slice(0, 120)}…` : text;
  };
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return { path: `${path}[${i}]`, before: show(a[i]), after: show(b[i]) };
      const inner = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (inner) return inner;
    }
    return undefined;
  }
  if (
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      const inner = firstDifference(left[key], right[key], `${path}.${key}`);
      if (inner) return inner;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : { path, before: show(a), after: show(b) };
}
