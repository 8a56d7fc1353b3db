import { setOwn } from '../common/own.js';
import { nextTurn } from '../core/next-turn.js';
import type { ValidateFunction } from 'ajv';
import { absolutize, toIssues, type AjvPurpose, type ValidationIssue } from './ajv.js';
import { forEachEntity, splitEntities, type EntitySplit } from './entities.js';
import { nonFiniteIssue, pointerSegment } from './body-issues.js';
import { booleanProperties, isBooleanSchema, normalizeBooleanText } from './booleans.js';
import type { LoadedSpec, OperationInfo } from './spec-index.js';
import type { JsonSchema } from './openapi.js';
import { present } from '../common/present.js';
import type { SchemaCompiler } from './schema-compiler.js';

export interface RawParams {
  path: Record<string, string>;
  /** Read only: the validator copies it (it may be the frozen object remembered for the query). */
  query: Readonly<Record<string, string | string[]>>;
  header: Record<string, string | string[] | undefined>;
}

export interface TypedParams {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
}

/** Every validator of one operation, compiled once when the spec is loaded. */
export interface OperationValidators {
  op: OperationInfo;
  /**
   * Coerces text parameters to their types (a boolean from `true`/`false` in any letter case, see
   * booleans.ts), fills defaults, and reports what is wrong.
   */
  params(raw: RawParams): { value: TypedParams; issues: ValidationIssue[] };
  /** Media types the operation accepts, in the spec's order. */
  requestMediaTypes: string[];
  /**
   * Validates (and fills defaults of) a decoded body. Form bodies are coerced from text. With
   * `firstIssueOnly`, validation stops at the first issue (see FIRST_ISSUE_ONLY_BYTES).
   */
  body(mediaType: string, value: unknown, firstIssueOnly?: boolean): ValidationIssue[];
  /**
   * The same validation, split as the vendor judges a batch (`x-per-entity`): `whole` refuses the
   * request, `entities` (by the entity's JSON pointer) refuses one entity of it. Without per-entity
   * arrays, every issue is `whole`.
   */
  split(mediaType: string, value: unknown, firstIssueOnly?: boolean): BodyVerdict;
  /** The documented response for a status (exact code, then `4XX`-style range, then `default`). */
  responseKey(status: number): string | undefined;
  response(status: number, mediaType: string, value: unknown): ValidationIssue[];
  /** Compiles now if not compiled yet. */
  warm(): void;
}

export interface BodyVerdict {
  whole: ValidationIssue[];
  /** Issues of each refused entity, by its pointer (`/hosts/3`); the issues' pointers are the whole body's. */
  entities: Map<string, ValidationIssue[]>;
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * Bodies larger than this are validated up to their first issue. ajv's allErrors makes an error for
 * every bad member, and a 1 MB body of small bad members (150,000 unknown form fields, 170,000
 * `{}` hosts) takes seconds to validate and describe, during which no other request is served
 * (test/hardening/bounded-errors.test.ts and event-loop.test.ts hold the bound). A
 * body this size or smaller has at most some 10,000 issues; a larger one is answered with the first.
 */
export const FIRST_ISSUE_ONLY_BYTES = 64 * 1024;

export function responseKeyFor(responses: Record<string, unknown>, status: number): string | undefined {
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${exact[0]}XX`;
  if (range in responses) return range;
  return 'default' in responses ? 'default' : undefined;
}

/**
 * The validators of every operation in the given specs, each compiled (or looked up, see
 * schema-compiler.ts) when its operation is first used. `eager` (the build) asks for every
 * validator an operation can need at once, the stop-at-the-first-issue ones included.
 */
export function buildValidators(
  specs: LoadedSpec[],
  compiler: SchemaCompiler,
  eager = false,
): Map<string, OperationValidators> {
  const all = new Map<string, OperationValidators>();
  for (const spec of specs) {
    for (const op of spec.operations) {
      // Compiled once, on first use or by warmUp() after the server listens, whichever comes first:
      // compiling every operation up front was most of a cold start.
      let compiled: OperationValidators | undefined;
      const get = () => (compiled ??= compileOperation(spec, op, compiler, eager));
      all.set(`${spec.vendor}:${op.operationId}`, {
        op,
        requestMediaTypes: Object.keys(op.requestBody?.content ?? {}),
        params: (raw) => get().params(raw),
        body: (mediaType, value, firstIssueOnly) => get().body(mediaType, value, firstIssueOnly),
        split: (mediaType, value, firstIssueOnly) => get().split(mediaType, value, firstIssueOnly),
        responseKey: (status) => responseKeyFor(op.responses, status),
        response: (status, mediaType, value) => get().response(status, mediaType, value),
        warm: () => void get(),
      });
    }
  }
  return all;
}

/** Compiles every operation's validators in idle time, a few at a time, so requests are not held up. */
export async function warmUp(validators: Map<string, OperationValidators>): Promise<void> {
  for (const v of validators.values()) {
    await new Promise<void>((resolve) => nextTurn(resolve));
    v.warm();
  }
}

/** What compiling one operation's validators needs: its spec, and a compile keyed by the operation. */
interface OperationCompiler {
  spec: LoadedSpec;
  op: OperationInfo;
  eager: boolean;
  // Function-typed properties, not methods: the steps below destructure them.
  compile: (purpose: AjvPurpose, key: string, schema: () => JsonSchema, allErrors?: boolean) => ValidateFunction;
  /** A copy of the schema with its local `$ref`s made absolute against the vendor's document. */
  abs: (schema: JsonSchema | undefined) => JsonSchema;
}

type Location = 'path' | 'query' | 'header';

function compileOperation(
  spec: LoadedSpec,
  op: OperationInfo,
  compiler: SchemaCompiler,
  eager: boolean,
): OperationValidators {
  const operation: OperationCompiler = {
    spec,
    op,
    eager,
    compile: (purpose, key, schema, allErrors = true) =>
      compiler.compile({ vendor: spec.vendor, purpose, allErrors, key: `${op.operationId}:${key}`, schema }),
    abs: (schema) => absolutize(schema ?? {}, spec.vendor),
  };
  const params = paramsCheck(operation);
  const { requestMediaTypes, split } = bodyChecks(operation);
  return {
    op,
    warm: () => undefined,
    requestMediaTypes,
    params,
    body(mediaType, value, firstIssueOnly = false) {
      const { whole, entities } = split(mediaType, value, firstIssueOnly);
      return entities.size === 0 ? whole : [...whole, ...[...entities.values()].flat()];
    },
    split,
    responseKey(status) {
      return responseKeyFor(op.responses, status);
    },
    response: responseCheck(operation),
  };
}

/** The parameters, validated as one object of three groups (path, query, header). */
function paramsCheck({ spec, op, compile, abs }: OperationCompiler): OperationValidators['params'] {
  const groups: Record<Location, { properties: Record<string, JsonSchema>; required: string[] }> = {
    path: { properties: {}, required: [] },
    query: { properties: {}, required: [] },
    header: { properties: {}, required: [] },
  };
  // Path parameters declared as arrays arrive in OpenAPI's `simple` style, items joined by commas.
  const arrayPathParams: string[] = [];
  const booleans: Record<Location, string[]> = { path: [], query: [], header: [] };
  for (const p of op.parameters) {
    if (p.in === 'cookie') continue;
    if (p.in === 'path' && [spec.schema(p.schema).type].flat().includes('array')) arrayPathParams.push(p.name);
    const name = p.in === 'header' ? p.name.toLowerCase() : p.name;
    groups[p.in].properties[name] = abs(p.schema);
    if (p.required || p.in === 'path') groups[p.in].required.push(name);
    if (isBooleanSchema(spec.schema(p.schema))) booleans[p.in].push(name);
  }
  const paramsSchema = {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(groups).map(([k, g]) => [k, { type: 'object', properties: g.properties, required: g.required }]),
    ),
  };
  const validateParams = compile('params', 'params', () => paramsSchema);
  // Only declared parameters are coerced (the groups allow others, as text), so only they can have
  // become a non-finite number; a request's other headers need not be looked at.
  const declared = {
    path: Object.keys(groups.path.properties),
    query: Object.keys(groups.query.properties),
    header: Object.keys(groups.header.properties),
  };
  return (raw) => {
    const path = ownCopy(raw.path);
    for (const name of arrayPathParams) if (typeof path[name] === 'string') path[name] = path[name].split(',');
    const value: TypedParams = { path, query: ownCopy(raw.query), header: ownCopy(raw.header) };
    for (const location of ['path', 'query', 'header'] as const) {
      if (booleans[location].length > 0) normalizeBooleanText(value[location], booleans[location]);
    }
    const issues = validateParams(value) ? [] : toParamIssues(validateParams.errors);
    for (const location of ['path', 'query', 'header'] as const)
      coercedNonFinite(value[location], location, issues, declared[location]);
    return { value, issues };
  };
}

/**
 * A copy of a parameter group's own fields, made property by property rather than by spread: the
 * validator adds defaults to it (GroundWork's `depth`), and a property added to an object made by
 * spread cost Node 20's V8 2.5 µs each time (0.06 µs so; node micro-benchmark), a tenth of a
 * GroundWork query's CPU. A `__proto__` parameter stays an own field, as spread keeps it (assigned,
 * it would set the copy's prototype).
 */
function ownCopy(source: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (key === '__proto__') setOwn(out, key, source[key]);
    else out[key] = source[key];
  }
  return out;
}

interface BodyValidators {
  envelope: ValidateFunction;
  /** One a kind of entity (`x-per-entity`), in the split's order. */
  entities: ValidateFunction[];
}

/**
 * What a body's validators are called with. Called without one, ajv's generated code makes an empty
 * context and an empty `dynamicAnchors` object on every call: two objects for each entity of a batch
 * (30 calls for 10 hosts with two services each). The fields left out take ajv's defaults, as without
 * a context: `rootData` is the validated value, `parentData` none. Nothing here writes to
 * `dynamicAnchors` (only a schema's `$dynamicAnchor` would, and the specs have none): frozen, a
 * write would throw rather than pass from one call to the next.
 */
const BODY_CONTEXT = Object.freeze({ instancePath: '', dynamicAnchors: Object.freeze({}) }) as Partial<
  Parameters<ValidateFunction>[1]
> as Parameters<ValidateFunction>[1];

/**
 * The request body: a body with per-entity arrays is validated as its envelope, then entity by
 * entity. The all-errors validators are compiled with the operation, the first-issue ones when a
 * large body first needs them.
 */
function bodyChecks({ spec, op, eager, compile, abs }: OperationCompiler): {
  requestMediaTypes: string[];
  split: OperationValidators['split'];
} {
  const content = op.requestBody?.content ?? {};
  const splits = new Map<string, EntitySplit>();
  let formBooleans: string[] = [];
  for (const [mediaType, media] of Object.entries(content)) {
    const split = media.schema && mediaType !== FORM ? splitEntities(media.schema, spec.schema) : undefined;
    if (split) splits.set(mediaType, split);
    if (mediaType === FORM) formBooleans = booleanProperties(media.schema, spec.schema);
  }
  // Form values arrive as text, as parameters do: their validators coerce as the parameters' do.
  const compileFor = (mediaType: string, allErrors: boolean): BodyValidators => {
    const purpose: AjvPurpose = mediaType === FORM ? 'params' : 'body';
    const envelope = splits.get(mediaType)?.envelope ?? content[mediaType]?.schema;
    return {
      envelope: compile(purpose, `body:${mediaType}`, () => abs(envelope), allErrors),
      entities: (splits.get(mediaType)?.kinds ?? []).map((kind, k) =>
        compile(purpose, `entity:${mediaType}:${k}`, () => abs(kind.schema), allErrors),
      ),
    };
  };
  const allErrors = new Map(Object.keys(content).map((mediaType) => [mediaType, compileFor(mediaType, true)]));
  const firstIssue = new Map<string, BodyValidators>();
  const firstIssueValidators = (mediaType: string): BodyValidators | undefined => {
    let validators = firstIssue.get(mediaType);
    if (!validators && content[mediaType]) firstIssue.set(mediaType, (validators = compileFor(mediaType, false)));
    return validators;
  };
  if (eager) for (const mediaType of allErrors.keys()) firstIssueValidators(mediaType);

  const split = (mediaType: string, value: unknown, firstIssueOnly = false): BodyVerdict => {
    const validators = firstIssueOnly ? firstIssueValidators(mediaType) : allErrors.get(mediaType);
    if (!validators)
      return {
        whole: [{ in: 'body', field: '(root)', pointer: '', message: `media type ${mediaType} is not accepted` }],
        entities: new Map(),
      };
    if (mediaType === FORM && formBooleans.length > 0 && value !== null && typeof value === 'object') {
      normalizeBooleanText(value as Record<string, unknown>, formBooleans);
    }
    const { envelope } = validators;
    const whole = envelope(value, BODY_CONTEXT) ? [] : toIssues(envelope.errors, 'body');
    if (mediaType === FORM) coercedNonFinite(value as Record<string, unknown>, 'body', whole);
    const refused = new Map<string, ValidationIssue[]>();
    const kinds = splits.get(mediaType)?.kinds;
    if (whole.length > 0 || !kinds) return { whole, entities: refused };
    kinds.forEach((kind, k) => {
      const validate = present(validators.entities[k], `entity validator ${k}`);
      forEachEntity(value, kind.pattern, (entity, pointer) => {
        if (validate(entity, BODY_CONTEXT)) return;
        const at = pointer();
        refused.set(at, toIssues(validate.errors, 'body', at));
      });
    });
    return { whole, entities: refused };
  };
  return { requestMediaTypes: [...allErrors.keys()], split };
}

/** Responses, each validator compiled when a response is first checked: outside development mode none is. */
function responseCheck({ op, eager, compile, abs }: OperationCompiler): OperationValidators['response'] {
  const responseValidators = new Map<string, ValidateFunction | undefined>();
  const responseValidator = (key: string, mediaType: string): ValidateFunction | undefined => {
    const name = `${key} ${mediaType}`;
    if (responseValidators.has(name)) return responseValidators.get(name);
    const schema = op.responses[key]?.content?.[mediaType]?.schema;
    const validate = schema ? compile('response', `response:${name}`, () => abs(schema)) : undefined;
    responseValidators.set(name, validate);
    return validate;
  };
  if (eager)
    for (const [status, response] of Object.entries(op.responses))
      for (const mediaType of Object.keys(response.content ?? {})) responseValidator(status, mediaType);
  return (status, mediaType, value) => {
    const key = responseKeyFor(op.responses, status);
    const validate = key ? responseValidator(key, mediaType) : undefined;
    if (!validate) return [];
    return validate(value) ? [] : toIssues(validate.errors, 'response');
  };
}

/**
 * Text coerced to a number can come out non-finite (`first=1e400` is Infinity), and ajv checks the
 * type before it coerces, so such a value passes `type: integer` (strictNumbers only governs values
 * that were numbers already). Parameters and form fields are flat: one level is looked at.
 */
function coercedNonFinite(
  values: Record<string, unknown>,
  location: ValidationIssue['in'],
  issues: ValidationIssue[],
  /** The names to look at (those a validator may have coerced); every name when not given. */
  names: readonly string[] = Object.keys(values),
): void {
  for (const name of names) {
    const value = values[name];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (typeof value[i] === 'number' && !Number.isFinite(value[i]))
          issues.push(nonFiniteIssue(`/${pointerSegment(name)}/${i}`, location));
      }
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      issues.push(nonFiniteIssue(`/${pointerSegment(name)}`, location));
    }
  }
}

function toParamIssues(errors: Parameters<typeof toIssues>[0]): ValidationIssue[] {
  return toIssues(errors, 'query').map((issue) => {
    const [, location, ...rest] = issue.pointer.split('/');
    const field = rest.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
    return { ...issue, in: location as ValidationIssue['in'], field, pointer: `/${rest.join('/')}` };
  });
}
