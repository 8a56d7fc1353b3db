import { bodyKind, decodeBody } from '../../spec/codec.js';
import type { LoadedSpec, OperationInfo } from '../../spec/load.js';
import type { OperationValidators } from '../../spec/validators.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { Variables } from '../interpolate.js';
import type { LoadedStep } from '../load-scenarios.js';
import type { CheckName, CheckResult, Variant } from '../results.js';

/** Everything a check may look at for one request and its response. */
export interface CheckContext {
  spec: LoadedSpec;
  op: OperationInfo;
  validators: OperationValidators;
  step: LoadedStep;
  variant: Variant;
  request: HttpRequest;
  response: HttpResponse;
  body: ResponseBody;
  vars: Variables;
  /** Captures the step asked for but could not take (reported by expected_state). */
  captureErrors: string[];
}

/** A failure: what was expected, what came back, and where. Undefined means the check passed. */
export type Failure = Omit<CheckResult, 'check' | 'status'> & { message: string };

export interface Check {
  name: CheckName;
  /** Whether the check has anything to say about this exchange. */
  applies(ctx: CheckContext): boolean;
  run(ctx: CheckContext): Failure | undefined;
}

/** The response body, decoded once through the spec (JSON, XML by the spec's mapping, form, text). */
export class ResponseBody {
  readonly mediaType?: string;
  /** The documented response key (`200`, `4XX`, `default`) for the status, if any. */
  readonly key?: string;
  private decoded?: { value?: unknown; error?: string };

  constructor(
    private readonly spec: LoadedSpec,
    private readonly op: OperationInfo,
    validators: OperationValidators,
    readonly response: HttpResponse,
  ) {
    const type = response.headers['content-type'];
    this.mediaType = type ? (type.split(';', 1)[0] ?? '').trim().toLowerCase() : undefined;
    this.key = validators.responseKey(response.status);
  }

  get empty(): boolean {
    return this.response.text.length === 0;
  }

  /** The media types the spec documents for this status. */
  get documentedTypes(): string[] {
    return Object.keys(this.key ? (this.op.responses[this.key]?.content ?? {}) : {});
  }

  read(): { value?: unknown; error?: string } {
    if (this.decoded) return this.decoded;
    if (this.empty) return (this.decoded = { value: undefined });
    const mediaType = this.mediaType ?? 'text/plain';
    const documented = this.key ? this.op.responses[this.key]?.content?.[mediaType]?.schema : undefined;
    try {
      const kind = bodyKind(mediaType);
      // An undocumented type is still read when its kind is known, so expectations can say more.
      const value = kind ? decodeBody(mediaType, this.response.text, documented, this.spec.schema) : this.response.text;
      this.decoded = { value };
    } catch (error) {
      this.decoded = { error: (error as Error).message };
    }
    return this.decoded;
  }
}

/** The start of a body, for failure messages. */
export function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
