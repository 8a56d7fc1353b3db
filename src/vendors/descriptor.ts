// What understudy knows of a vendor apart from its mock's handlers: enough for `verify`, `fuzz`,
// `proxy` and the CLI to talk to the real vendor (or any target) without loading the mock. Each
// vendor states this once, in `src/vendors/<vendor>/descriptor.ts`; its mock module
// (`src/vendors/<vendor>/index.ts`) extends it with handlers and state (VendorModule, src/mock/types.ts).
// Types only, importing only types-only modules: the registry, the vendors and every user of these
// types can import them without forming a circle through the registry.
import type { Lifecycle, LifecycleKit } from '../fuzz/lifecycle-types.js';
import type { VendorModel } from '../fuzz/model-types.js';
import type { Vendor, VendorCredentials } from './types.js';

/**
 * How the runner authenticates for a vendor. The spec says which scheme an operation needs
 * (basic, bearer, API-key headers); the profile says only what the spec cannot: where a token
 * comes from when the credentials do not hold one (a login operation of the same spec) and which
 * credential fills each API-key header.
 */
export interface AuthProfile {
  /** Credential keys scenarios may use as `{{name}}`; a path parameter of that name is filled from it. */
  variables?: string[];
  login?: {
    operation: string;
    form?: Record<string, string>;
    json?: Record<string, string>;
    /** Where the token is in the answer: `body` (the text) or a JSON pointer. */
    token: string;
  };
  /** Ends the session the login opened, when the scenario is done (`{{token}}` is the login token). */
  logout?: { operation: string; form: Record<string, string> };
  /** Security scheme name → value template (`{{token}}` is the login token or the credentials' token). */
  apiKeys?: Record<string, string>;
}

export interface VendorDescriptor {
  /** The name in URLs of reports, `--vendor`, state dumps and `UNDERSTUDY_<VENDOR>_*`: lower case. */
  vendor: Vendor;
  /** Human name for tables: "GroundWork Monitor". */
  title: string;
  /** The vendor's OpenAPI document: a file in `specs/`, or an absolute path (a vendor registered at run time). */
  specFile: string;
  /** The status the vendor answers when it fails (fault injection's `errorRate`, `Prefer: code=failure`). */
  failureStatus: number;
  /** How a client authenticates, as far as the spec cannot say (login operation, API-key values). */
  auth: AuthProfile;
  /** The mock's own credentials: what `verify` and `fuzz` use when none are given. */
  defaultCredentials: VendorCredentials;
  /** What each vendor-specific credential key is for, in the error that says it is missing. */
  credentialPurpose?: Record<string, string>;
  /**
   * Fuzz's use-after-free life cycles (create, free, use again) this vendor's operations allow.
   * `kit` carries the helpers, so that a descriptor loads no fuzz code until a fuzz run asks.
   */
  lifecycles?(vendor: VendorModel, kit: LifecycleKit): Lifecycle[];
}
