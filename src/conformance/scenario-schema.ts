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

export interface ScenarioStep {
  operation: string;
  name?: string;
  source?: string;
  /** `none` sends no credentials (and skips the ignored_auth replays). */
  auth?: 'default' | 'none';
  /** Replay the step without and with bad credentials (ignored_auth); on by default for secured operations. */
  replayAuth?: boolean;
  path?: Record<string, Value>;
  query?: Record<string, Value>;
  headers?: Record<string, Value>;
  /** A JSON body, or `{$example: name}` for a request example of any media type. */
  body?: Value;
  /** An XML body, as text. */
  xml?: string;
  /** A form body, as fields or as encoded text. */
  form?: Record<string, Value> | string;
  /** Media type of the body; default: the example's, or the operation's first. */
  contentType?: string;
  /** Variables set from the response: `body` (whole decoded body), `/json/pointer`, or `header:Name`. */
  capture?: Record<string, string>;
  expect: StepExpect;
  poll?: StepPoll;
}

export interface Scenario {
  vendor: string;
  name: string;
  /** Seed file and section the scenario replays, e.g. `000_6e4906c0b685c633.txt §PUT`. */
  source: string;
  description?: string;
  tags?: string[];
  variables?: Record<string, Value>;
  /** Headers every step sends (a step's own headers win), e.g. `Accept: application/json`. */
  headers?: Record<string, Value>;
  steps: ScenarioStep[];
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
    steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
  },
  $defs: {
    exampleRef,
    step: {
      type: 'object',
      additionalProperties: false,
      required: ['operation', 'expect'],
      properties: {
        operation: { type: 'string', minLength: 1 },
        name: { type: 'string' },
        source: { type: 'string' },
        auth: { enum: ['default', 'none'] },
        replayAuth: { type: 'boolean' },
        path: parameters,
        query: parameters,
        headers: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
        body: {},
        xml: { type: 'string' },
        form: { anyOf: [{ type: 'string' }, { type: 'object' }] },
        contentType: { type: 'string', minLength: 1 },
        capture: {
          type: 'object',
          additionalProperties: { type: 'string', pattern: '^(body|header:.+|/.*)$' },
        },
        expect: {
          type: 'object',
          additionalProperties: false,
          required: ['status'],
          properties: {
            status: { anyOf: [status, { type: 'array', minItems: 1, items: status }] },
            body: {},
            headers: { type: 'object' },
          },
        },
        poll: {
          type: 'object',
          additionalProperties: false,
          required: ['whileStatus'],
          properties: {
            whileStatus: { anyOf: [status, { type: 'array', minItems: 1, items: status }] },
            times: { type: 'integer', minimum: 1, maximum: 100 },
            delayMs: { type: 'integer', minimum: 0, maximum: 60_000 },
          },
        },
      },
      // One body at most: JSON (or an example), XML text, or form fields.
      not: {
        anyOf: [
          { required: ['body', 'xml'] },
          { required: ['body', 'form'] },
          { required: ['xml', 'form'] },
        ],
      },
    },
  },
} as const;

export function isExampleRef(value: unknown): value is ExampleRef {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as ExampleRef).$example === 'string';
}

export function statusList(value: number | number[] | undefined): number[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}
