import { mkdirSync } from 'node:fs';
import { writeAtomically } from '../common/atomic-file.js';
import { basename, dirname } from 'node:path';
import { stringify } from 'yaml';
import { ResponseBody } from '../conformance/checks/index.js';
import type { Scenario, ScenarioStep } from '../conformance/scenario-schema.js';
import { mediaTypeOf } from '../mock/negotiate.js';
import { bodyKind, parseForm } from '../spec/codec.js';
import { escapePointer, type LoadedSpec } from '../spec/load.js';
import type { OperationValidators } from '../spec/validators.js';
import { LearnedCredentials, PASSWORD_FIELD } from './credentials.js';
import type { ProxyExchange } from './types.js';
import { present } from '../common/present.js';

/**
 * Traffic → a scenario file `verify` replays (scenarios/README.md):
 *
 * - one step per documented exchange, in the order the requests arrived, `expect.status` being
 *   what came back; undocumented requests and ones without an answer are left out;
 * - credentials are never written: credential headers are dropped (the runner sends its own),
 *   credential values in paths, queries and bodies become `{{credentials.*}}` (and Boomi's account
 *   `{{accountId}}`, a path parameter the runner fills), and a last pass over the text replaces
 *   any secret left with `***`;
 * - a login is dropped (the runner logs in itself), unless its token is used later outside the
 *   credential headers (a validate-token form): then it is kept, with `{{credentials.*}}` fields
 *   and a capture of the token;
 * - a value that first appears in an answer and is then sent in a later request (a token, a
 *   generated id) becomes a `capture` on the step that answered it and `{{name}}` where it is sent;
 *   a value the client sent before (a host name it created) stays a literal;
 * - the same request repeated while it answered 202 ("not yet", Boomi's pending token) is one
 *   step with `poll: { whileStatus: 202 }`.
 */

export interface RecordMeta {
  spec: LoadedSpec;
  validators: Map<string, OperationValidators>;
  upstream: string;
  startedAt: Date;
  /** The scenario's name (default: from the file name). */
  name?: string;
  file?: string;
}

export interface Recording {
  scenario: Scenario;
  /** The YAML text, secrets replaced. */
  text: string;
  /** Secrets the text was cleaned of (for tests and logs; never written). */
  secrets: string[];
}

interface Entry {
  ex: ProxyExchange & { op: NonNullable<ProxyExchange['op']>; response: NonNullable<ProxyExchange['response']> };
  /** 202s answered to the same request before this one. */
  polls: number;
  pollGapsMs: number[];
  capture: Record<string, string>;
  login?: { token: string };
}

interface Replacement {
  value: string;
  template: string;
  /** Replaced inside longer text too, not only as a whole value. */
  inside: boolean;
  /** The value was a number in the answer: a whole reference keeps the type. */
  number?: boolean;
}

/** Response headers whose values say nothing about the exchange's data. */
const PLAIN_RESPONSE_HEADERS = new Set([
  'date',
  'content-length',
  'content-type',
  'content-encoding',
  'server',
  'vary',
  'cache-control',
  'expires',
  'last-modified',
  'age',
  'pragma',
  'x-powered-by',
  'access-control-allow-origin',
  'www-authenticate',
  'allow',
  'location',
  'strict-transport-security',
]);

/** A value worth capturing: an opaque token or generated id, not a word, a date or a URL. */
export function tokenLike(value: string): boolean {
  if (value.length < 6 || value.length > 512 || /\s/.test(value)) return false;
  if (/^\d{4}-\d{2}-\d{2}/.test(value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  if (/^-?\d+(\.\d+)?$/.test(value)) return /^\d{5,}$/.test(value);
  if (!/\d/.test(value)) return value.length >= 20;
  return true;
}

export function buildRecording(exchanges: readonly ProxyExchange[], meta: RecordMeta): Recording | undefined {
  const learned = new LearnedCredentials(meta.spec);
  const ordered = [...exchanges].sort((a, b) => a.seq - b.seq);
  for (const ex of ordered) learned.learn(ex);
  const { entries, undocumented, unanswered } = documentedEntries(ordered);
  const { kept, droppedLogins } = keepUsedLogins(entries, learned);
  if (kept.length === 0) return undefined;
  const captured = decideCaptures(kept, learned, meta);
  const credentialReplacements: Replacement[] = [...learned.values].map(([value, known]) => ({
    value,
    template: known.template,
    inside: known.secret,
  }));
  const steps: ScenarioStep[] = kept.map((entry, i) => {
    const replacements = [...captured.filter((c) => c.from < i).map((c) => c.replacement), ...credentialReplacements];
    return toStep(entry, meta, learned, replacements);
  });
  const left = [
    undocumented ? `${undocumented} undocumented request(s)` : '',
    unanswered ? `${unanswered} request(s) the upstream did not answer` : '',
    droppedLogins ? `${droppedLogins} login(s) (verify logs in itself)` : '',
  ].filter(Boolean);
  return scenarioFile(meta, steps, ordered.length, left, learned.secrets());
}

/** Documented exchanges that were answered; a 202 followed by the same request folds into it. */
function documentedEntries(ordered: readonly ProxyExchange[]): {
  entries: Entry[];
  undocumented: number;
  unanswered: number;
} {
  const entries: Entry[] = [];
  let undocumented = 0;
  let unanswered = 0;
  for (const ex of ordered) {
    if (!ex.op) {
      undocumented++;
      continue;
    }
    if (!ex.response) {
      unanswered++;
      continue;
    }
    const entry: Entry = { ex: ex as Entry['ex'], polls: 0, pollGapsMs: [], capture: {} };
    const previous = entries.at(-1);
    if (previous && previous.ex.response.status === 202 && sameRequest(previous.ex, ex)) {
      entries.pop();
      entry.polls = previous.polls + 1;
      entry.pollGapsMs = [...previous.pollGapsMs, ex.startedAt.getTime() - previous.ex.startedAt.getTime()];
    }
    entries.push(entry);
  }
  return { entries, undocumented, unanswered };
}

/** Logins: kept only when their token is used later outside the credential headers. */
function keepUsedLogins(entries: Entry[], learned: LearnedCredentials): { kept: Entry[]; droppedLogins: number } {
  const login = learned.profile.login;
  let droppedLogins = 0;
  const kept: Entry[] = [];
  entries.forEach((entry, i) => {
    const token = learned.loginTokens.get(entry.ex.seq);
    if (login && entry.ex.op.operationId === login.operation) {
      if (token && entries.slice(i + 1).some((later) => requestCorpus(later.ex, learned).includes(token))) {
        entry.login = { token };
        kept.push(entry);
      } else droppedLogins++;
      return;
    }
    kept.push(entry);
  });
  return { kept, droppedLogins };
}

/**
 * Captures, decided step by step: a value answered by one step and sent by a later one is captured
 * on the first (`entry.capture`) and replaced from the step after it on.
 */
function decideCaptures(
  kept: Entry[],
  learned: LearnedCredentials,
  meta: RecordMeta,
): Array<{ from: number; replacement: Replacement }> {
  const login = learned.profile.login;
  const names = new Set<string>(['run', ...(learned.profile.variables ?? [])]);
  const captured: Array<{ from: number; replacement: Replacement }> = [];
  const candidates = new Map<string, { entry: number; source: string; hint: string; number: boolean }>();
  let corpus = '';
  kept.forEach((entry, i) => {
    const request = requestCorpus(entry.ex, learned);
    for (const leaf of requestLeaves(entry.ex, learned)) {
      const hits = [...candidates].filter(
        ([value]) => leaf.value === value || (value.length >= 8 && leaf.value.includes(value)),
      );
      for (const [value, candidate] of hits) {
        const name = unique(names, leaf.hint !== 'value' ? leaf.hint : candidate.hint);
        present(kept[candidate.entry], `entry ${candidate.entry}`).capture[name] = candidate.source;
        captured.push({
          from: candidate.entry,
          replacement: { value, template: `{{${name}}}`, inside: value.length >= 8, number: candidate.number },
        });
        candidates.delete(value);
      }
    }
    corpus += `\n${request}`;
    if (entry.login) {
      const name = unique(names, 'token');
      // entry.login is only set when the profile has a login (keepUsedLogins).
      entry.capture[name] = present(login, 'the login profile').token;
      captured.push({ from: i, replacement: { value: entry.login.token, template: `{{${name}}}`, inside: true } });
      return;
    }
    for (const found of responseValues(entry.ex, meta)) {
      if (
        !tokenLike(found.value) ||
        corpus.includes(found.value) ||
        learned.values.has(found.value) ||
        candidates.has(found.value)
      )
        continue;
      candidates.set(found.value, { entry: i, source: found.source, hint: found.hint, number: found.number });
    }
  });
  return captured;
}

/** The scenario around the steps, and its YAML text with any secret left replaced by `***`. */
function scenarioFile(
  meta: RecordMeta,
  steps: ScenarioStep[],
  exchanges: number,
  left: string[],
  secrets: string[],
): Recording {
  const date = meta.startedAt.toISOString().slice(0, 10);
  const upstream = withoutUserinfo(meta.upstream);
  const scenario: Scenario = {
    vendor: meta.spec.vendor,
    name: meta.name ?? `recorded traffic${meta.file ? ` (${basename(meta.file).replace(/\.ya?ml$/i, '')})` : ''}`,
    source: `recorded by understudy proxy from ${upstream} on ${date}`,
    description:
      `${exchanges} exchange(s) through understudy proxy, ${steps.length} step(s) recorded` +
      `${left.length ? `; left out: ${left.join(', ')}` : ''}.` +
      ' Credentials are not recorded: verify sends its own (--credentials).',
    steps,
  };
  const header = `# Recorded by understudy proxy (${upstream}, ${meta.startedAt.toISOString()}).`;
  const text = redactLeftovers(
    `${header} Replay: understudy verify --scenarios <dir>\n${stringify(scenario, { lineWidth: 0 })}`,
    secrets,
  );
  return { scenario, text, secrets };
}

/** Writes the file atomically: a reader (or a crash) never sees half of it. */
export function writeRecording(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeAtomically(file, text);
}

function redactLeftovers(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join('***');
  return out;
}

function withoutUserinfo(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function sameRequest(a: ProxyExchange, b: ProxyExchange): boolean {
  return a.method === b.method && a.pathname === b.pathname && a.search === b.search && a.requestBody === b.requestBody;
}

function unique(names: Set<string>, hint: string): string {
  const base = hint.replace(/[^\w-]+/g, '_').replace(/^_+|_+$/g, '') || 'value';
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base}${n}`;
  names.add(name);
  return name;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The request as text, credential headers left out: where a value may have been sent. */
function requestCorpus(ex: ProxyExchange, learned: LearnedCredentials): string {
  const headers = Object.entries(ex.requestHeaders)
    .filter(([name]) => !learned.credentialHeaders.includes(name))
    .map(([name, value]) => `${name}: ${value}`);
  return [safeDecode(ex.pathname), safeDecode(ex.search), ...headers, ex.requestBody].join('\n');
}

interface Leaf {
  value: string;
  hint: string;
}

/** Values the request sends, each with the name it is sent under. */
function requestLeaves(ex: Entry['ex'], learned: LearnedCredentials): Leaf[] {
  const leaves: Leaf[] = [];
  for (const [name, value] of Object.entries(ex.pathParams))
    if (!(learned.profile.variables ?? []).includes(name)) leaves.push({ value, hint: name });
  for (const [name, value] of new URLSearchParams(ex.search)) leaves.push({ value, hint: name });
  for (const p of ex.op.parameters) {
    const value = p.in === 'header' ? ex.requestHeaders[p.name.toLowerCase()] : undefined;
    if (value !== undefined && !learned.credentialHeaders.includes(p.name.toLowerCase()))
      leaves.push({ value, hint: p.name });
  }
  const body = decodeRequest(ex);
  if (body?.kind === 'json' || body?.kind === 'form') {
    const walk = (node: unknown, hint: string): void => {
      if (Array.isArray(node)) node.forEach((item) => walk(item, hint));
      else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
      // A JSON scalar: a string as is, a number or boolean as JSON writes it.
      else if (node !== undefined && node !== null)
        leaves.push({ value: typeof node === 'string' ? node : JSON.stringify(node), hint });
    };
    walk(body.value, 'value');
  } else if (body) {
    leaves.push({ value: ex.requestBody, hint: 'value' });
  }
  return leaves;
}

type Found = { value: string; source: string; hint: string; number: boolean };
/** The recording is rebuilt after each exchange: an answer is decoded once. */
const foundCache = new WeakMap<ProxyExchange, Found[]>();

/** Values in the answer, with where a capture would find them (`/json/pointer`, `body`, `header:Name`). */
function responseValues(ex: Entry['ex'], meta: RecordMeta): Found[] {
  const cached = foundCache.get(ex);
  if (cached) return cached;
  const out: Found[] = [];
  const validators = meta.validators.get(`${meta.spec.vendor}:${ex.op.operationId}`);
  if (validators) {
    const read = new ResponseBody(meta.spec, ex.op, validators, { ...ex.response, text: ex.response.text }).read();
    if (read.error === undefined && read.value !== undefined) {
      const walk = (node: unknown, pointer: string, hint: string): void => {
        if (typeof node === 'string') out.push({ value: node, source: pointer || 'body', hint, number: false });
        else if (typeof node === 'number' && Number.isInteger(node))
          out.push({ value: String(node), source: pointer || 'body', hint, number: true });
        else if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${pointer}/${i}`, hint));
        else if (node !== null && typeof node === 'object')
          for (const [k, v] of Object.entries(node)) walk(v, `${pointer}/${escapePointer(k)}`, k);
      };
      walk(read.value, '', 'value');
    }
  }
  for (const [name, value] of Object.entries(ex.response.headers)) {
    if (!PLAIN_RESPONSE_HEADERS.has(name)) out.push({ value, source: `header:${name}`, hint: name, number: false });
  }
  foundCache.set(ex, out);
  return out;
}

type DecodedRequest = { kind: 'json' | 'form' | 'xml' | 'text'; mediaType: string; value: unknown; raw?: boolean };

/** The request body as the step will send it: by the documented media type it was sent as. */
function decodeRequest(ex: Entry['ex']): DecodedRequest | undefined {
  const text = ex.requestBody;
  const accepted = Object.keys(ex.op.requestBody?.content ?? {});
  if (text.length === 0 || accepted.length === 0) return undefined;
  const declared = mediaTypeOf(ex.requestHeaders['content-type']);
  const looksJson = /^\s*[[{]/.test(text);
  const mediaType =
    declared === undefined
      ? accepted[0]
      : (accepted.find((t) => t === declared) ??
        (looksJson ? accepted.find((t) => bodyKind(t) === 'json') : undefined) ??
        accepted.find((t) => bodyKind(t) === bodyKind(declared)));
  if (!mediaType) return undefined;
  const kind = bodyKind(mediaType) ?? 'text';
  if (kind === 'json') {
    try {
      return { kind, mediaType, value: JSON.parse(text) };
    } catch {
      // Sent as it was, malformed: the replay sends the same text.
      return { kind: 'text', mediaType, value: text, raw: true };
    }
  }
  if (kind === 'form') return { kind, mediaType, value: parseForm(text, false) };
  return { kind, mediaType, value: text };
}

/** Puts `{{...}}` in place of captured and credential values: whole values, and inside text where allowed. */
function replacer(replacements: Replacement[]): { whole(value: unknown): unknown; text(value: string): string } {
  const byValue = new Map<string, Replacement>();
  for (const r of replacements) if (!byValue.has(r.value)) byValue.set(r.value, r);
  const inside = replacements.filter((r) => r.inside).sort((a, b) => b.value.length - a.value.length);
  const text = (value: string): string => {
    const exact = byValue.get(value);
    if (exact) return exact.template;
    let out = value;
    for (const r of inside) if (out.includes(r.value)) out = out.split(r.value).join(r.template);
    return out;
  };
  const whole = (value: unknown): unknown => {
    if (typeof value === 'number') {
      const r = byValue.get(String(value));
      return r?.number ? r.template : value;
    }
    if (typeof value === 'string') return text(value);
    return value;
  };
  return { whole, text };
}

function toStep(
  entry: Entry,
  meta: RecordMeta,
  learned: LearnedCredentials,
  replacements: Replacement[],
): ScenarioStep {
  const { ex } = entry;
  const { op } = ex;
  const fill = replacer(replacements);
  const { field, deep } = fieldFiller(op, learned, fill);
  const step: ScenarioStep = {
    name: `${op.operationId}: ${ex.method} ${op.path} answered ${ex.response.status}`,
    operation: op.operationId,
    source: `exchange #${ex.seq}, ${ex.startedAt.toISOString()}`,
    expect: { status: ex.response.status },
  };
  const variables = learned.profile.variables ?? [];
  const path = Object.fromEntries(
    Object.entries(ex.pathParams)
      .filter(([name]) => !variables.includes(name))
      .map(([name, value]) => [name, field(name, value)]),
  );
  if (Object.keys(path).length > 0) step.path = path;
  const query = stepQuery(ex, field);
  if (Object.keys(query).length > 0) step.query = query;
  const headers = stepHeaders(ex, learned, fill, field);
  if (Object.keys(headers).length > 0) step.headers = headers;
  addBody(step, ex, fill, deep);
  if (Object.keys(entry.capture).length > 0) step.capture = entry.capture;
  if (entry.polls > 0) step.poll = pollOf(entry);
  return inReadingOrder(step);
}

type Fill = ReturnType<typeof replacer>;
type FieldValue = (key: string, value: unknown) => unknown;

/**
 * How a sent value is written into the step: a login field or password by its name (as a
 * `{{credentials.*}}` template), anything else by its value (a capture's or credential's template,
 * or itself); `deep` does so through a body's objects and arrays.
 */
function fieldFiller(
  op: Entry['ex']['op'],
  learned: LearnedCredentials,
  fill: Fill,
): { field: FieldValue; deep: (node: unknown, key: string) => unknown } {
  const login = learned.profile.login;
  const loginFields = login && op.operationId === login.operation ? (login.form ?? login.json ?? {}) : {};
  const field: FieldValue = (key, value) => {
    const template = loginFields[key];
    if (template && typeof value === 'string')
      return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, '{{credentials.$1}}');
    if (PASSWORD_FIELD.test(key) && typeof value === 'string') return '{{credentials.password}}';
    return fill.whole(value);
  };
  const deep = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => deep(item, key));
    if (node !== null && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deep(v, k)]));
    return field(key, node);
  };
  return { field, deep };
}

/** The documented query parameters sent; a repeated one becomes a list. */
function stepQuery(ex: Entry['ex'], field: FieldValue): Record<string, unknown> {
  const documentedQuery = new Set(ex.op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  const query: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(ex.search)) {
    if (!documentedQuery.has(name)) continue;
    const filled = field(name, value);
    const existing = query[name];
    query[name] =
      existing === undefined ? filled : [...(Array.isArray(existing) ? (existing as unknown[]) : [existing]), filled];
  }
  return query;
}

/** Accept (unless any), and the documented headers sent, credential headers left out. */
function stepHeaders(
  ex: Entry['ex'],
  learned: LearnedCredentials,
  fill: Fill,
  field: FieldValue,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const accept = ex.requestHeaders.accept;
  if (accept && accept.trim() !== '*/*') headers.Accept = fill.text(accept);
  for (const p of ex.op.parameters) {
    if (
      p.in !== 'header' ||
      learned.credentialHeaders.includes(p.name.toLowerCase()) ||
      p.name.toLowerCase() === 'accept'
    )
      continue;
    const value = ex.requestHeaders[p.name.toLowerCase()];
    if (value !== undefined) headers[p.name] = String(field(p.name, value));
  }
  return headers;
}

/** The body as the scenario format writes its kind, and its Content-Type when the kind does not imply it. */
function addBody(step: ScenarioStep, ex: Entry['ex'], fill: Fill, deep: (node: unknown, key: string) => unknown): void {
  const body = decodeRequest(ex);
  if (!body) return;
  const accepted = Object.keys(ex.op.requestBody?.content ?? {});
  if (body.kind === 'json') step.body = deep(body.value, '');
  else if (body.kind === 'form') step.form = deep(body.value, '') as Record<string, unknown>;
  else if (body.kind === 'xml') step.xml = fill.text(body.value as string);
  else step.body = fill.text(body.value as string);
  const implied =
    body.kind === 'form'
      ? 'application/x-www-form-urlencoded'
      : body.kind === 'xml'
        ? accepted.find((t) => /xml/.test(t))
        : (accepted.find((t) => /json/.test(t)) ?? accepted[0]);
  if (body.mediaType !== implied || body.raw) step.contentType = body.mediaType;
}

/** A request repeated while it answered 202: polled as often, and as far apart, as the client did (bounded). */
function pollOf(entry: Entry): NonNullable<ScenarioStep['poll']> {
  const gaps = entry.pollGapsMs.filter((g) => g > 0);
  const delay = gaps.length ? Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) : 200;
  return {
    whileStatus: 202,
    times: Math.min(100, Math.max(30, entry.polls * 3)),
    delayMs: Math.min(5_000, Math.max(50, delay)),
  };
}

/** Keys in the order a reader expects them. */
function inReadingOrder(step: ScenarioStep): ScenarioStep {
  const order = [
    'name',
    'operation',
    'source',
    'path',
    'query',
    'headers',
    'contentType',
    'body',
    'xml',
    'form',
    'capture',
    'poll',
    'expect',
  ] as const;
  return Object.fromEntries(
    order.filter((k) => step[k] !== undefined).map((k) => [k, step[k]]),
  ) as unknown as ScenarioStep;
}
