/**
 * The scenario file format: TypeScript types and the JSON Schema every file is validated against
 * before it runs (so a typo is an error naming file, line and field, not a crash mid-run).
 */

/** A value written in a scenario; strings may hold `{{variable}}` references. */
export type Value = unknown;

/** A reference to an example the spec documents, taken from the spec at run time. */
export interface ExampleRef {
  $example: string;
  /** Expectations only: JSON pointers (`*` matches any array index or key) left unchecked. */
  ignore?: string[];
}

export interface StepExpect {
  /** Every step states the status it expects. */
  status: number | number[];
  /** A subset of the decoded body, with matchers (`$type`, `$len`, ...) or an example reference. */
  body?: Value;
  /** Response headers (case-insensitive names); a value is matched exactly, or `{$regex: ...}`. */
  headers?: Record<string, Value>;
}

export interface StepPoll {
  /** Repeat the request while the status is one of these (Boomi's 202 while a result is pending). */
  whileStatus: number | number[];
  times?: number;
  delayMs?: number;
}

/**
 * A capture that discovers: the first member of the object (or element of the array) at `from`
 * that matches the subset `where`, and of it `take`: `key` (its key, or its index), a JSON pointer
 * into it, or (without `take`) the whole member. Moogsoft's broker an integration runs on:
 * `{from: /instances, where: {status: running}, take: key}`.
 */
export interface CaptureFrom {
  from: string;
  where?: Value;
  take?: string;
}

/** The request fields a step and a precondition share. */
export interface RequestStep {
  operation: string;
  /** `none` sends no credentials (and skips the ignored_auth replays). */
  auth?: 'default' | 'none';
  path?: Record<string, Value>;
  query?: Record<string, Value>;
  /**
   * The request target exactly as a client sends it, path and query string (`/api/hosts/?depth=deep`,
   * `/foundation-webapp/api/auth/login`), appended to the target's base URL as written; instead of
   * `path` and `query`. It must route to `operation`, which still gives the method and the checks.
   */
  url?: string;
  headers?: Record<string, Value>;
  /** A JSON body, or `{$example: name}` for a request example of any media type. */
  body?: Value;
  /** An XML body, as text. */
  xml?: string;
  /** A form body, as fields or as encoded text. */
  form?: Record<string, Value> | string;
  /** Media type of the body; default: the example's, or the operation's first. */
  contentType?: string;
  /** The body goes out compressed with this coding and says so in `Content-Encoding` (TCG's gzip). */
  contentEncoding?: 'gzip';
  /** Variables set from the response: `body` (whole decoded body), `/json/pointer`, `header:Name`, or a discovery. */
  capture?: Record<string, string | CaptureFrom>;
  expect: StepExpect;
  poll?: StepPoll;
  /** Names of the scenario's preconditions this needs (checked before it is sent). */
  requires?: string[];
}

/**
 * A fact about the target's data that steps need and cannot create (a host the document names,
 * an installed integration): one request that changes nothing, whose `expect` says whether the
 * fact holds. Not met, the steps that require it are reported `unmet`, not failed.
 */
export interface Precondition extends RequestStep {
  /** What must hold, as the report says it: `precondition not met: <description> (...)`. */
  description: string;
}

export interface ScenarioStep extends RequestStep {
  name?: string;
  source?: string;
  /** Replay the step without and with bad credentials (ignored_auth); on by default for secured operations. */
  replayAuth?: boolean;
  /** Overrides the spec's classification for --read-only (by method, or the operation's `x-read-only`). */
  readOnly?: boolean;
}

export interface Scenario {
  vendor: string;
  name: string;
  /** The vendor document and section the scenario replays, e.g. `000_6e4906c0b685c633.txt §PUT`. */
  source: string;
  description?: string;
  tags?: string[];
  variables?: Record<string, Value>;
  /** Headers every step sends (a step's own headers win), e.g. `Accept: application/json`. */
  headers?: Record<string, Value>;
  /** Named facts about the target's data, each checked by one request when first required. */
  preconditions?: Record<string, Precondition>;
  /** Preconditions every step needs. */
  requires?: string[];
  steps: ScenarioStep[];
  /** Steps run after `steps` whatever happened in them (a failure, an error): they remove what the scenario made. */
  cleanup?: ScenarioStep[];
}

const exampleRef = {
  type: 'object',
  required: ['$example'],
  additionalProperties: false,
  properties: {
    $example: { type: 'string', minLength: 1 },
    ignore: { type: 'array', items: { type: 'string', pattern: '^(/.*)?$' } },
  },
};

const status = { type: 'integer', minimum: 100, maximum: 599 };

const parameters = {
  type: 'object',
  additionalProperties: {
    anyOf: [
      { type: ['string', 'number', 'boolean'] },
      { type: 'array', items: { type: ['string', 'number', 'boolean'] } },
      { $ref: '#/$defs/exampleRef' },
    ],
  },
};

const statuses = { anyOf: [status, { type: 'array', minItems: 1, items: status }] };

/** The fields of a request, shared by steps and preconditions. */
const requestProperties = {
  operation: { type: 'string', minLength: 1 },
  auth: { enum: ['default', 'none'] },
  path: parameters,
  query: parameters,
  url: { type: 'string', pattern: '^/' },
  headers: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
  body: {},
  xml: { type: 'string' },
  form: { anyOf: [{ type: 'string' }, { type: 'object' }] },
  contentType: { type: 'string', minLength: 1 },
  contentEncoding: { enum: ['gzip'] },
  capture: { $ref: '#/$defs/capture' },
  expect: {
    type: 'object',
    additionalProperties: false,
    required: ['status'],
    properties: { status: statuses, body: {}, headers: { type: 'object' } },
  },
  poll: {
    type: 'object',
    additionalProperties: false,
    required: ['whileStatus'],
    properties: {
      whileStatus: statuses,
      times: { type: 'integer', minimum: 1, maximum: 100 },
      delayMs: { type: 'integer', minimum: 0, maximum: 60_000 },
    },
  },
  requires: { $ref: '#/$defs/requires' },
} as const;

// One body at most: JSON (or an example), XML text, or form fields.
const oneBodyAtMost = {
  anyOf: [{ required: ['body', 'xml'] }, { required: ['body', 'form'] }, { required: ['xml', 'form'] }],
} as const;

export const SCENARIO_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'understudy:scenario',
  type: 'object',
  additionalProperties: false,
  required: ['vendor', 'name', 'source', 'steps'],
  properties: {
    vendor: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    source: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    variables: { type: 'object' },
    headers: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    preconditions: { type: 'object', additionalProperties: { $ref: '#/$defs/precondition' } },
    requires: { $ref: '#/$defs/requires' },
    steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
    cleanup: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
  },
  $defs: {
    exampleRef,
    capture: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { type: 'string', pattern: '^(body|header:.+|/.*)$' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['from'],
            properties: {
              from: { type: 'string', pattern: '^(/.*)?$' },
              where: {},
              take: { type: 'string', pattern: '^(key|/.*)$' },
            },
          },
        ],
      },
    },
    requires: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    step: {
      type: 'object',
      additionalProperties: false,
      required: ['operation', 'expect'],
      properties: {
        ...requestProperties,
        name: { type: 'string' },
        source: { type: 'string' },
        replayAuth: { type: 'boolean' },
        readOnly: { type: 'boolean' },
      },
      not: oneBodyAtMost,
    },
    precondition: {
      type: 'object',
      additionalProperties: false,
      required: ['description', 'operation', 'expect'],
      properties: { ...requestProperties, description: { type: 'string', minLength: 1 } },
      not: oneBodyAtMost,
    },
  },
} as const;

export function isCaptureFrom(value: unknown): value is CaptureFrom {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as CaptureFrom).from === 'string'
  );
}

export function isExampleRef(value: unknown): value is ExampleRef {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as ExampleRef).$example === 'string'
  );
}

export function statusList(value: number | number[] | undefined): number[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}
