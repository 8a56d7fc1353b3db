// Shared by the hardening proofs: the mock's whole state as one hash, and GroundWork calls.
import { createHash } from 'node:crypto';
import type { RunningMock } from '../helpers/mock.js';

/**
 * JSON with object keys sorted at every level (by UTF-16 code units, `Array.prototype.sort`'s
 * default), so equal states serialise equally. Built in one string, without an entry array per
 * object: a state's hash is taken before and after every hostile payload.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${text}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let text = '{';
    for (const key of Object.keys(record).sort()) {
      const v = record[key];
      if (v === undefined) continue;
      text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
    }
    return `${text}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** sha256 of the canonical JSON of `GET /__admin/state`. */
export async function stateHash(m: RunningMock): Promise<string> {
  const res = await fetch(`${m.url}/__admin/state`);
  if (res.status !== 200) throw new Error(`GET /__admin/state answered ${res.status}`);
  return createHash('sha256')
    .update(canonicalJson(await res.json()))
    .digest('hex');
}

export const GW = { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'understudy-hardening' };
export const AGENT = 'a4ca80e0-e855-43ee-86d8-f4e499f0a824';

export interface Answer {
  status: number;
  text: string;
  json(): any;
}

/** One GroundWork request with the demo token; a string body is sent as is. */
export async function gw(
  m: RunningMock,
  method: string,
  path: string,
  body?: string | object,
  type = 'application/json',
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${m.url}${path}`, {
    method,
    headers: { ...GW, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': type }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}
