import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { pointerToField, toIssues } from '../spec/ajv.js';
import { decodeBody } from '../spec/codec.js';
import { escapePointer, loadSpec, type LoadedSpec, type OperationInfo } from '../spec/load.js';
import { responseKeyFor } from '../spec/validators.js';
import { vendorNames, isVendor, unknownVendor } from '../vendors/registry.js';
import type { Vendor } from '../vendors/types.js';
import { exampleIndex, exampleNames, findExample, type OperationExamples } from './examples.js';
import { Router } from '../mock/router.js';
import { FILTERS, references, unknownFilters } from './interpolate.js';
import { withoutPointers } from './match.js';
import { headerValue, type RequestBodyParts } from './request.js';
import {
  isCaptureFrom,
  isExampleRef,
  statusList,
  type ExampleRef,
  type Scenario,
  type ScenarioStep,
} from './scenario-schema.js';
import { positionOf } from './yaml-position.js';
import { scenarioShape } from './scenario-shape.js';
import { preconditionGraph, type PreconditionGraph } from './precondition-graph.js';
import { vendorDescriptor } from '../vendors/registry.js';
import { present } from '../common/present.js';
import { closest } from '../common/did-you-mean.js';

export interface ScenarioIssue {
  file: string;
  line: number;
  column: number;
  /** The field, as a reader would name it: `steps[2].expect.status`. */
  field: string;
  message: string;
}

export function formatIssue(issue: ScenarioIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.field}: ${issue.message}`;
}

export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(`${issues.length} problem(s) in the scenario files:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

/** A step ready to run: the operation found, the spec's examples taken, expectations resolved. */
export interface LoadedStep {
  index: number;
  name: string;
  line: number;
  step: ScenarioStep;
  op: OperationInfo;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** The request target as written (instead of `path` and `query`), `{{variables}}` not yet filled. */
  url?: string;
  body?: RequestBodyParts;
  expectStatuses?: number[];
  expectBody?: unknown;
  /** Definition pointers of the spec examples this step replays. */
  examples: string[];
  /** Preconditions the step names (the scenario's own `requires` are in LoadedScenario). */
  requires: string[];
  /** The step changes nothing the target holds: its `readOnly`, else the operation's (spec). */
  readOnly: boolean;
  /** `cleanup` steps run after the others, whatever happened to them. */
  phase: 'main' | 'cleanup';
}

/** A named precondition: the request that checks it, loaded like a step. */
export interface LoadedPrecondition {
  name: string;
  description: string;
  /** Transitively: the preconditions it needs first. */
  requires: string[];
  step: LoadedStep;
}

export interface LoadedScenario {
  /** Path relative to the scenarios directory. */
  file: string;
  vendor: Vendor;
  scenario: Scenario;
  /** The main steps, then the cleanup steps (`phase`), numbered on from them. */
  steps: LoadedStep[];
  preconditions: Map<string, LoadedPrecondition>;
  /** Preconditions every step needs. */
  requires: string[];
}

export function listScenarioFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Loads every scenario under `dir` (optionally only some vendors), collecting every problem. */
export function loadScenarios(
  dir: string,
  vendors: readonly Vendor[] = vendorNames(),
): { scenarios: LoadedScenario[]; issues: ScenarioIssue[] } {
  const scenarios: LoadedScenario[] = [];
  const issues: ScenarioIssue[] = [];
  for (const full of listScenarioFiles(dir)) {
    const file = relative(dir, full);
    const folder = basename(dirname(full));
    const result = loadScenarioText(
      file,
      readFileSync(full, 'utf8'),
      isVendor(folder) && dirname(full) !== dir ? folder : undefined,
    );
    issues.push(...result.issues);
    if (result.scenario && vendors.includes(result.scenario.vendor)) scenarios.push(result.scenario);
  }
  return { scenarios, issues };
}

/**
 * Files already loaded in this process, by name, text and folder: a process that verifies again
 * (an embedding test suite, `verify` called per test) reads the files again but parses each only
 * once. Parsing the suites' YAML is most of loading them; a run changes nothing it loaded. A result
 * is reused only while its vendor is known and its spec is the one it was loaded against.
 */
const loadedTexts = new Map<string, { text: string; spec?: LoadedSpec; result: LoadResult }>();
const LOADED_TEXTS_MAX = 500;

type LoadResult = { scenario?: LoadedScenario; issues: ScenarioIssue[] };

export function loadScenarioText(file: string, text: string, folderVendor?: Vendor): LoadResult {
  const key = `${folderVendor ?? ''}\0${file}`;
  const known = loadedTexts.get(key);
  const loadedAgainst = known?.spec;
  if (
    known &&
    known.text === text &&
    (!loadedAgainst || (isVendor(loadedAgainst.vendor) && loadedAgainst === loadSpec(loadedAgainst.vendor)))
  ) {
    return { ...known.result, issues: [...known.result.issues] };
  }
  const result = parseAndLoad(file, text, folderVendor);
  loadedTexts.delete(key);
  if (loadedTexts.size >= LOADED_TEXTS_MAX) loadedTexts.delete(present(loadedTexts.keys().next().value, 'oldest'));
  const spec = result.scenario ? loadSpec(result.scenario.vendor) : undefined;
  loadedTexts.set(key, { text, ...(spec ? { spec } : {}), result: { ...result, issues: [...result.issues] } });
  return result;
}

function parseAndLoad(file: string, text: string, folderVendor?: Vendor): LoadResult {
  const { context, issues } = parseScenario(file, text, folderVendor);
  if (!context) return { issues };
  const { scenario } = context;
  const graph = preconditionGraph(scenario.preconditions ?? {}, context.at);
  const preconditions = loadPreconditions(context, graph);
  const requires = graph.checkNames(scenario.requires, '/requires');
  const { steps, required } = loadSteps(context, graph, requires);
  for (const name of graph.names)
    if (!required.has(name))
      context.at(
        `/preconditions/${escapePointer(name)}`,
        `precondition '${name}' is never required (name it in a step's or the scenario's requires)`,
      );
  if (issues.length > 0) return { issues };
  return {
    scenario: { file, vendor: scenario.vendor, scenario, steps, preconditions, requires: graph.closure(requires) },
    issues,
  };
}

/** What the requests of one scenario file are loaded against. */
interface ScenarioContext {
  scenario: Scenario;
  spec: LoadedSpec;
  examples: ReturnType<typeof exampleIndex>;
  /** What every step may name: `run` (unique per verify run), the variables, the vendor's credential variables. */
  base: Set<string>;
  at: Report;
  /** The line a pointer's node starts on. */
  lineOf(pointer: string): number;
  /** A request with the scenario's headers under its own. */
  withHeaders<T extends { headers?: Record<string, unknown> }>(written: T): T;
}

/** The file parsed, its shape and vendor checked: the context its requests load in, or why not. */
function parseScenario(
  file: string,
  text: string,
  folderVendor: Vendor | undefined,
): { context?: ScenarioContext; issues: ScenarioIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const issues: ScenarioIssue[] = [];
  const at = (pointer: string, message: string): void => {
    const { line, column } = positionOf(doc, lines, pointer);
    issues.push({ file, line, column, field: pointerToField(pointer), message });
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = lines.linePos(e.pos[0]);
      issues.push({
        file,
        line: pos.line,
        column: pos.col,
        field: '(yaml)',
        message: e.message.split('\n', 1)[0] ?? '',
      });
    }
    return { issues };
  }
  const raw = doc.toJS() as unknown;
  const validate = scenarioShape();
  if (!validate(raw)) {
    for (const issue of toIssues(validate.errors, 'body')) {
      at(
        issue.pointer,
        issue.message === 'must NOT be valid' ? 'a step has one body at most: body, xml or form' : issue.message,
      );
    }
    return { issues };
  }
  const scenario = raw as Scenario;
  if (!isVendor(scenario.vendor)) {
    at('/vendor', unknownVendor(String(scenario.vendor)));
    return { issues };
  }
  if (folderVendor && folderVendor !== scenario.vendor) {
    at('/vendor', `the file is under ${folderVendor}/ but names vendor '${scenario.vendor}'`);
  }
  const spec = loadSpec(scenario.vendor);
  const base = new Set<string>([
    'run',
    ...Object.keys(scenario.variables ?? {}),
    ...(vendorDescriptor(spec.vendor).auth.variables ?? []),
  ]);
  checkReferences({ headers: scenario.headers }, base, at);
  const context: ScenarioContext = {
    scenario,
    spec,
    examples: exampleIndex(spec),
    base,
    at,
    lineOf: (pointer) => positionOf(doc, lines, pointer).line,
    withHeaders: (written) =>
      scenario.headers ? { ...written, headers: { ...scenario.headers, ...written.headers } } : written,
  };
  return { context, issues };
}

function loadPreconditions(context: ScenarioContext, graph: PreconditionGraph): Map<string, LoadedPrecondition> {
  const { spec, examples, at } = context;
  const preconditions = new Map<string, LoadedPrecondition>();
  for (const name of graph.names) {
    const pointer = `/preconditions/${escapePointer(name)}`;
    const requires = graph.requiresOf(name);
    const needs = graph.closure(requires).filter((n) => n !== name);
    if (graph.closure(requires).includes(name))
      at(`${pointer}/requires`, `precondition '${name}' requires itself (through ${needs.join(', ')})`);
    const { description, requires: _requires, ...request } = graph.of(name);
    const step = context.withHeaders({ ...request, name: description, replayAuth: false });
    const defined = new Set([...context.base, ...graph.capturesOf(requires)]);
    const loaded = loadStep(spec, examples.byOperation.get(step.operation), step, -1, defined, (p, m) =>
      at(`${pointer}${p}`, m),
    );
    if (!loaded) continue;
    if (!loaded.op.readOnly) {
      at(
        `${pointer}/operation`,
        `a precondition must change nothing, and ${loaded.op.operationId} (${loaded.op.method.toUpperCase()}) does ` +
          '(a query sent by POST is marked x-read-only in the spec)',
      );
    }
    preconditions.set(name, {
      name,
      description,
      requires: needs,
      step: { ...loaded, line: context.lineOf(pointer), requires: [], readOnly: true, phase: 'main' },
    });
  }
  return preconditions;
}

/** The steps and clean-up steps, and every precondition they (or the scenario) require. */
function loadSteps(
  context: ScenarioContext,
  graph: PreconditionGraph,
  requires: string[],
): { steps: LoadedStep[]; required: Set<string> } {
  const { scenario, spec, examples } = context;
  const required = new Set<string>(requires);
  const defined = new Set([...context.base, ...graph.capturesOf(requires)]);
  const steps: LoadedStep[] = [];
  const loadPhase = (list: ScenarioStep[], phase: LoadedStep['phase'], pointer: string, offset: number): void => {
    list.forEach((raw, i) => {
      const step = context.withHeaders(raw);
      const needs = graph.checkNames(step.requires, `${pointer}/${i}/requires`);
      graph.closure(needs).forEach((n) => required.add(n));
      for (const name of graph.capturesOf(needs)) defined.add(name);
      const loaded = loadStep(spec, examples.byOperation.get(step.operation), step, offset + i, defined, (p, m) =>
        context.at(`${pointer}/${i}${p}`, graph.hint(m)),
      );
      if (loaded)
        steps.push({
          ...loaded,
          line: context.lineOf(`${pointer}/${i}`),
          requires: needs,
          readOnly: step.readOnly ?? loaded.op.readOnly,
          phase,
        });
    });
  };
  loadPhase(scenario.steps, 'main', '/steps', 0);
  loadPhase(scenario.cleanup ?? [], 'cleanup', '/cleanup', scenario.steps.length);
  for (const name of graph.closure(requires)) required.add(name);
  return { steps, required };
}

type Report = (pointer: string, message: string) => void;

function loadStep(
  spec: LoadedSpec,
  opExamples: OperationExamples | undefined,
  step: ScenarioStep,
  index: number,
  defined: Set<string>,
  report: Report,
): Omit<LoadedStep, 'line' | 'requires' | 'readOnly' | 'phase'> | undefined {
  const op = spec.byOperationId.get(step.operation);
  if (!op || !opExamples) {
    const hint = closest(step.operation, [...spec.byOperationId.keys()]);
    report(
      '/operation',
      `unknown operation '${step.operation}' for ${spec.vendor}${hint ? ` (did you mean '${hint}'?)` : ''}`,
    );
    return undefined;
  }
  const used: string[] = [];
  const path = loadParameters(op, opExamples, 'path', step.path ?? {}, used, report);
  const query = loadParameters(op, opExamples, 'query', step.query ?? {}, used, report);
  checkTarget(spec, op, step, { path, query }, report);
  const body = loadBody(op, opExamples, step, used, report);
  const expectStatuses = statusList(step.expect.status);
  checkStatuses(op, step, expectStatuses, report);
  const expectBody = isExampleRef(step.expect.body)
    ? exampleBody(spec, op, opExamples, step, step.expect.body, expectStatuses, used, report)
    : step.expect.body;
  checkStepReferences(step, defined, report);
  return {
    index,
    name: step.name ?? `${op.operationId} (${op.method.toUpperCase()} ${op.path})`,
    step,
    op,
    path,
    query,
    ...(step.url !== undefined ? { url: step.url } : {}),
    body,
    expectStatuses,
    expectBody,
    examples: used,
  };
}

/** A `url`, or the path and query: every path parameter and required query parameter given. */
function checkTarget(
  spec: LoadedSpec,
  op: OperationInfo,
  step: ScenarioStep,
  given: { path: Record<string, unknown>; query: Record<string, unknown> },
  report: Report,
): void {
  if (step.url !== undefined) {
    if (step.path !== undefined || step.query !== undefined)
      report('/url', 'url is the whole request target: give it, or path and query, not both');
    else checkUrl(spec, op, step.url, report);
    return;
  }
  const fromCredentials = vendorDescriptor(spec.vendor).auth.variables ?? [];
  for (const p of op.parameters) {
    if (p.in === 'path' && !(p.name in given.path) && !fromCredentials.includes(p.name)) {
      report('/path', `path parameter '${p.name}' needs a value`);
    }
    if (p.in === 'query' && p.required && !(p.name in given.query))
      report('/query', `query parameter '${p.name}' is required by the spec`);
  }
}

function checkStatuses(op: OperationInfo, step: ScenarioStep, statuses: number[] | undefined, report: Report): void {
  for (const [i, status] of (statuses ?? []).entries()) {
    if (!responseKeyFor(op.responses, status)) {
      const where = Array.isArray(step.expect.status) ? `/expect/status/${i}` : '/expect/status';
      report(
        where,
        `status ${status} is not documented for ${op.operationId} (documented: ${Object.keys(op.responses).join(', ')})`,
      );
    }
  }
}

/** The body a `$example` of the expected status's response names, decoded, its ignored pointers left out. */
function exampleBody(
  spec: LoadedSpec,
  op: OperationInfo,
  opExamples: OperationExamples,
  step: ScenarioStep,
  ref: ExampleRef,
  expectStatuses: number[] | undefined,
  used: string[],
  report: Report,
): unknown {
  const expected = expectStatuses?.length === 1 ? expectStatuses[0] : undefined;
  if (expected === undefined) {
    report('/expect/body', 'a response example needs exactly one expected status, to know which response documents it');
    return undefined;
  }
  const key = responseKeyFor(op.responses, expected) ?? '';
  const byMedia = opExamples.responses.get(key);
  // The example of the media type the step asks for (the first acceptable type that has it).
  const accepts = (headerValue(stringHeaders(step.headers), 'accept') ?? '')
    .split(',')
    .map((t) => (t.split(';', 1)[0] ?? '').trim().toLowerCase());
  const entry = findExample(
    byMedia,
    ref.$example,
    accepts.find((t) => byMedia?.get(t)?.has(ref.$example)),
  );
  if (!entry) {
    report(
      '/expect/body/$example',
      `no response example '${ref.$example}' for ${op.operationId} ${key} (documented: ${exampleNames(byMedia).join(', ') || 'none'})`,
    );
    return undefined;
  }
  used.push(entry.id);
  try {
    const mediaType = present(entry.mediaType, `media type of example ${entry.id}`);
    const schema = op.responses[key]?.content?.[mediaType]?.schema;
    const value =
      typeof entry.value === 'string' ? decodeBody(mediaType, entry.value, schema, spec.schema) : entry.value;
    return withoutPointers(value, ref.ignore ?? []);
  } catch (error) {
    report('/expect/body/$example', `example '${ref.$example}' cannot be read: ${(error as Error).message}`);
    return undefined;
  }
}

/** Every `{{variable}}` the step uses is defined before it; what it captures is defined after it. */
function checkStepReferences(step: ScenarioStep, defined: Set<string>, report: Report): void {
  const beforeCaptures = new Set(defined);
  checkReferences(
    {
      path: step.path,
      query: step.query,
      url: step.url,
      headers: step.headers,
      body: step.body,
      xml: step.xml,
      form: step.form,
    },
    beforeCaptures,
    report,
  );
  checkReferences(
    { capture: Object.values(step.capture ?? {}).map((c) => (isCaptureFrom(c) ? c.where : undefined)) },
    beforeCaptures,
    report,
  );
  for (const name of Object.keys(step.capture ?? {})) defined.add(name);
  checkReferences({ expect: step.expect }, defined, report);
}

function loadParameters(
  op: OperationInfo,
  opExamples: OperationExamples,
  location: 'path' | 'query',
  given: Record<string, unknown>,
  used: string[],
  report: Report,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const pointer = `/${location}/${escapePointer(name)}`;
    const documented = op.parameters.some((p) => p.in === location && p.name === name);
    if (!documented) {
      const names = op.parameters.filter((p) => p.in === location).map((p) => p.name);
      const hint = closest(name, names);
      report(
        pointer,
        `${op.operationId} has no ${location} parameter '${name}'${hint ? ` (did you mean '${hint}'?)` : names.length ? ` (it has: ${names.join(', ')})` : ''}`,
      );
      continue;
    }
    if (isExampleRef(value)) {
      const entry = opExamples.parameters.get(`${location}:${name}`)?.get(value.$example);
      if (!entry) {
        const names = [...(opExamples.parameters.get(`${location}:${name}`)?.keys() ?? [])];
        report(
          `${pointer}/$example`,
          `no example '${value.$example}' for ${location} parameter '${name}' (documented: ${names.join(', ') || 'none'})`,
        );
        continue;
      }
      used.push(entry.id);
      out[name] = entry.value;
    } else {
      out[name] = value;
    }
  }
  return out;
}

function loadBody(
  op: OperationInfo,
  opExamples: OperationExamples,
  step: ScenarioStep,
  used: string[],
  report: Report,
): LoadedStep['body'] {
  const body = loadBodyValue(op, opExamples, step, used, report);
  return body && step.contentEncoding ? { ...body, encoding: step.contentEncoding } : body;
}

function loadBodyValue(
  op: OperationInfo,
  opExamples: OperationExamples,
  step: ScenarioStep,
  used: string[],
  report: Report,
): { mediaType: string; value: unknown } | undefined {
  const accepted = Object.keys(op.requestBody?.content ?? {});
  const given =
    step.body !== undefined ? 'body' : step.xml !== undefined ? 'xml' : step.form !== undefined ? 'form' : undefined;
  if (!given) {
    if (step.contentType) report('/contentType', 'a content type without a body');
    if (step.contentEncoding) report('/contentEncoding', 'a content encoding without a body');
    return undefined;
  }
  if (accepted.length === 0) {
    report(`/${given}`, `${op.operationId} takes no request body`);
    return undefined;
  }
  const declared = step.contentType;
  if (declared && !accepted.includes(declared)) {
    report('/contentType', `${op.operationId} does not accept ${declared} (it accepts: ${accepted.join(', ')})`);
    return undefined;
  }
  if (given === 'xml')
    return { mediaType: declared ?? accepted.find((t) => /xml/.test(t)) ?? 'application/xml', value: step.xml };
  if (given === 'form') return { mediaType: declared ?? 'application/x-www-form-urlencoded', value: step.form };
  if (isExampleRef(step.body)) {
    if (Object.keys(step.body).length > 1)
      report('/body', 'a request example takes no other keys (`ignore` is for expectations)');
    const entry = findExample(opExamples.request, step.body.$example, declared);
    if (!entry || (declared && entry.mediaType !== declared)) {
      const names = declared ? [...(opExamples.request.get(declared)?.keys() ?? [])] : exampleNames(opExamples.request);
      report(
        '/body/$example',
        `no request example '${step.body.$example}' for ${op.operationId}${declared ? ` in ${declared}` : ''} (documented: ${names.join(', ') || 'none'})`,
      );
      return undefined;
    }
    used.push(entry.id);
    return { mediaType: present(entry.mediaType, `media type of example ${entry.id}`), value: entry.value };
  }
  return { mediaType: declared ?? accepted.find((t) => /json/.test(t)) ?? accepted[0] ?? '', value: step.body };
}

function checkReferences(fields: Record<string, unknown>, defined: Set<string>, report: Report): void {
  for (const [field, value] of Object.entries(fields)) {
    for (const name of references(value)) {
      if (name.startsWith('credentials.') || defined.has(name)) continue;
      report(
        `/${field}`,
        `{{${name}}} is not defined before it is used (define it in 'variables' or capture it in an earlier step)`,
      );
    }
    for (const filter of unknownFilters(value)) {
      report(`/${field}`, `unknown filter '${filter}' (filters: ${Object.keys(FILTERS).join(', ')})`);
    }
  }
}

const routers = new Map<string, Router>();

/**
 * A step's `url` must reach the step's operation by the same routing the mock uses (the spec's
 * templates, `servers` paths, trailing-slash rule); a variable counts as one ordinary segment.
 */
function checkUrl(spec: LoadedSpec, op: OperationInfo, url: string, report: Report): void {
  let router = routers.get(spec.vendor);
  if (!router) {
    router = new Router();
    router.addSpec(spec);
    routers.set(spec.vendor, router);
  }
  const pathname = (url.split(/[?#]/, 1)[0] ?? '').replace(/\{\{[^}]*\}\}/g, 'x');
  const match = router.match(op.method.toUpperCase(), pathname);
  if (match.kind === 'found' && match.op.operationId === op.operationId) return;
  const reached =
    match.kind === 'found'
      ? `operation '${match.op.operationId}'`
      : match.kind === 'method-not-allowed'
        ? `${match.sample.path}, which has no ${op.method.toUpperCase()}`
        : 'no operation';
  report(
    '/url',
    `${op.method.toUpperCase()} ${pathname} reaches ${reached}, not ${op.operationId} (${op.method.toUpperCase()} ${op.path})`,
  );
}

function stringHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
}
