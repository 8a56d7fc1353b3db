// What understudy knows of a vendor apart from its mock's handlers: enough for `verify`, `fuzz`,
// `proxy` and the CLI to talk to the real vendor (or any target) without loading the mock. Each
// vendor states this once, in `src/vendors/<vendor>/descriptor.ts`; its mock module
// (`src/vendors/<vendor>/index.ts`) extends it with handlers and state.
import type { AuthProfile } from '../conformance/auth.js';
import type { Lifecycle, LifecycleKit } from '../fuzz/lifecycles.js';
import type { VendorModel } from '../fuzz/model.js';

export interface VendorDescriptor {
  /** The name in URLs of reports, `--vendor`, state dumps and `UNDERSTUDY_<VENDOR>_*`: lower case. */
  vendor: string;
  /** Human name for tables: "GroundWork Monitor". */
  title: string;
  /** The vendor's OpenAPI document: a file in `specs/`, or an absolute path (a vendor registered at run time). */
  specFile: string;
  /** The status the vendor answers when it fails (fault injection's `errorRate`, `Prefer: code=failure`). */
  failureStatus: number;
  /** How a client authenticates, as far as the spec cannot say (login operation, API-key values). */
  auth: AuthProfile;
  /** The mock's own credentials: what `verify` and `fuzz` use when none are given. */
  defaultCredentials: Record<string, string>;
  /** What each vendor-specific credential key is for, in the error that says it is missing. */
  credentialPurpose?: Record<string, string>;
  /**
   * Fuzz's use-after-free life cycles (create, free, use again) this vendor's operations allow.
   * `kit` carries the helpers, so that a descriptor loads no fuzz code until a fuzz run asks.
   */
  lifecycles?(vendor: VendorModel, kit: LifecycleKit): Lifecycle[];
}
