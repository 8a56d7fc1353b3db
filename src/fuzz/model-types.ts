// The fuzzer's model of a vendor and its operations (built by ./model.ts): types only, so that a
// vendor's descriptor and life cycles can name them without loading fuzz.
import type { OperationExamples } from '../conformance/examples.js';
import type { LoadedSpec, OperationInfo } from '../spec/spec-index.js';
import type { Parameter } from '../spec/openapi.js';
import type { OperationValidators } from '../spec/validators.js';
import type { Vendor, VendorCredentials } from '../vendors/types.js';
import type { SchemaArbitraries } from './schema-arbitrary.js';

export interface VendorModel {
  vendor: Vendor;
  spec: LoadedSpec;
  baseUrl: string;
  credentials: VendorCredentials;
  operations: OperationModel[];
  /** Values travel as JSON (typed) or as text (path, query, form, XML). */
  arbitraries: { json: SchemaArbitraries; text: SchemaArbitraries };
}

export interface OperationModel {
  vendor: VendorModel;
  op: OperationInfo;
  validators: OperationValidators;
  pathParams: Parameter[];
  queryParams: Parameter[];
  headerParams: Parameter[];
  /** Request media types the operation accepts, in the spec's order. */
  bodyTypes: string[];
  bodyRequired: boolean;
  /** Media types the spec documents for 2xx answers (candidates for Accept). */
  acceptTypes: string[];
  secured: boolean;
  /** Header names of the API-key schemes of the first security requirement. */
  credentialHeaders: string[];
  examples?: OperationExamples;
  /** Every method documented on the same path template, upper-case. */
  pathMethods: string[];
}
