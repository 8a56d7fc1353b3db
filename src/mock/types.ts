import type { RequestHeaders } from '../core/http.js';
import type { LoadedSpec, OperationInfo } from '../spec/spec-index.js';
import type { OpenApiDocument } from '../spec/openapi.js';
import type { VendorDescriptor } from '../vendors/descriptor.js';
import type { VendorCors } from './cors.js';
import type { HttpError } from './errors.js';

// ---- Handler types, derived from openapi-typescript's `operations` interface -------------------

type ContentOf<T> = T extends { content: infer C } ? C[keyof C] : undefined;
type Part<O, K extends string> = O extends { parameters: infer P }
  ? K extends keyof P
    ? NonNullable<P[K]>
    : never
  : never;

/** What a handler receives for operation O: typed parameters (defaults filled) and decoded body. */
export interface RequestOf<O> {
  query: Part<O, 'query'> extends never ? Record<string, never> : Part<O, 'query'>;
  path: Part<O, 'path'> extends never ? Record<string, never> : Part<O, 'path'>;
  header: Record<string, string | undefined>;
  body: O extends { requestBody?: infer B } ? ContentOf<NonNullable<B>> : undefined;
  /** Media type the body arrived in (`application/xml`, ...), if any. */
  mediaType?: string;
  /**
   * Entities of a batch body that break the spec (`x-per-entity` arrays), by JSON pointer
   * (`/hosts/3`), each with what is wrong: the handler answers each as that entity's failure, and
   * must not read one (its value is not what the body's type says).
   */
  refused?: ReadonlyMap<string, string[]>;
  /** Who the vendor's authentication step recognised. */
  principal?: Principal;
  /** `http://host:port` of this server as the client addressed it. */
  origin: string;
  /**
   * `origin` and the `servers` path the request came in under (`http://host:port/foundation-webapp`
   * for `/foundation-webapp/api/...`), so that `location` links lead back the way the client came.
   */
  baseUrl: string;
}

/** A response a handler may return for operation O: a documented status and its body shape. */
export type ResponseOf<O> = O extends { responses: infer R }
  ? {
      [K in keyof R]: {
        status: K;
        body?: ContentOf<R[K]>;
        headers?: Record<string, string>;
      };
    }[keyof R]
  : never;

export type Handler<O, S> = (req: RequestOf<O>, ctx: HandlerContext<S>) => ResponseOf<O> | Promise<ResponseOf<O>>;

/** Every operation of a vendor's spec must have a handler, typed by that operation. */
export type Handlers<Ops, S> = { [K in keyof Ops]: Handler<Ops[K], S> };

// Function-typed properties rather than methods here and in AuthContext: handlers destructure them
// (`{ state, now, changed }`), which is only safe for functions that do not use `this`.
export interface HandlerContext<S> {
  state: S;
  op: OperationInfo;
  /** Called after a change, so durable state and the dashboard learn of it. */
  changed: () => void;
  now: () => Date;
}

// ---- Authentication ------------------------------------------------------------------------------

export interface Principal {
  user: string;
  [k: string]: unknown;
}

/** Credentials the pipeline read for each security scheme the operation requires (from the spec). */
export interface PresentedCredentials {
  /** `http` basic: decoded user and password. */
  basic?: { user: string; password: string };
  /** `http` bearer token. */
  bearer?: string;
  /** `apiKey` values, by scheme name; undefined when the header was absent. */
  apiKeys: Record<string, string | undefined>;
  /** The raw Authorization header, when one was sent. */
  authorization?: string;
}

// ---- Vendor modules ------------------------------------------------------------------------------

export type FixtureSet = 'default' | 'empty';

export interface CredentialInfo {
  /** How to authenticate, as printed at start-up and in the README. */
  summary: string;
}

/** A vendor as the mock serves it: its descriptor, and handlers and state over its spec. */
export interface VendorModule<S = unknown> extends VendorDescriptor {
  /**
   * The spec as data, for a vendor registered at run time and served by an in-process mock with no
   * file access (a browser); built-in vendors' specs are generated into src/generated/documents/.
   */
  document?: OpenApiDocument;
  /** Fresh state from fixtures. */
  createState(fixtures: FixtureSet, options: VendorOptions): S;
  /** Serialisable form of the state (`GET /__admin/state`), and back (`PUT /__admin/state`). */
  dumpState(state: S): unknown;
  loadState(dump: unknown, options: VendorOptions): S;
  /**
   * Lists of the dump (its keys) that a state file may hand loadState as a StreamedList
   * (src/common/streamed-list.ts) instead of an array, parsed element by element as loadState
   * walks them: the lists that grow with the estate (GroundWork's hosts).
   */
  streamedLists?: readonly string[];
  /**
   * Of those lists, the top-level string field that names each element (GroundWork's hosts:
   * `hostName`): the state file's structure scan reads it, so that a large list can be indexed by
   * name at start and its elements parsed after the mock listens (an IndexedList).
   */
  streamedNames?: Readonly<Record<string, string>>;
  /**
   * `JSON.stringify(dumpState(state))` in pieces, for a state too large to copy and hold as one
   * string (the state file, `GET /__admin/state`). Optional: without it the dump is stringified whole.
   */
  serializeState?(state: S): Iterable<string>;
  /**
   * Checks the credentials of a secured operation, returning who it is or throwing the vendor's
   * error (GroundWork: 400 missing header, 401 bad token; Moogsoft/Boomi/Polarity: 401; Boomi 403).
   */
  authenticate(credentials: PresentedCredentials, ctx: AuthContext<S>): Principal;
  /** The vendor's error body for a status and message (encoded by the spec's schema for it). */
  errorBody(error: HttpError): unknown;
  /** Schema name in `components.schemas` of the vendor's error body (for XML and validation). */
  errorSchema: string;
  /** Headers every error of this status carries (e.g. `WWW-Authenticate` on 401). */
  errorHeaders?(error: HttpError): Record<string, string>;
  // Each handler is typed by its own operation (Handlers<Ops, S>); one element type cannot name them all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handlers: Record<string, Handler<any, S>>;
  credentials(options: VendorOptions): CredentialInfo;
  /** The options a user may set (`--set vendor.key=value`, `--vendor-options`), checked before the mock starts. */
  options: VendorOptionsSchema;
  /** How the vendor's server answers CORS (the default `--cors vendor`), with its evidence. */
  cors: VendorCors;
}

export interface AuthContext<S> {
  state: S;
  op: OperationInfo;
  /** Typed path parameters (e.g. Boomi's accountId, for the 403 account check). */
  path: Record<string, unknown>;
  headers: RequestHeaders;
  /** The vendor's configured options (credentials, ...). */
  options: VendorOptions;
  /** The mock's clock (tests set it), for credentials that expire. */
  now: () => Date;
}

/** Options a user can set per vendor (credentials, Boomi token timings, ...). */
export type VendorOptions = Record<string, string | number | boolean | undefined>;

/** One vendor option, as a JSON Schema that ajv checks (and `--set` text is read by its type). */
export interface OptionSchema {
  type: 'string' | 'integer' | 'boolean';
  description: string;
  default: string | number | boolean;
  minLength?: number;
  minimum?: number;
}

export interface VendorOptionsSchema {
  type: 'object';
  additionalProperties: false;
  properties: Record<string, OptionSchema>;
}

/** A vendor as the mock serves it; its state lives in a StateScope (src/core/scope.ts). */
export interface LoadedVendor<S = unknown> {
  module: VendorModule<S>;
  spec: LoadedSpec;
  options: VendorOptions;
}
