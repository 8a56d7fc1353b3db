import type { ErrorObject } from 'ajv';
import type { JsonSchema } from './openapi.js';
import { Memo } from '../common/memo.js';

/** Absolute id under which a vendor's document is known to ajv, so `#/components/...` resolves. */
export function documentId(vendor: string): string {
  return `understudy:${vendor}`;
}

/** Deep copy of a schema with local `$ref`s made absolute against the vendor's document. */
export function absolutize(schema: unknown, vendor: string): JsonSchema {
  const id = documentId(vendor);
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#') ? id + value : visit(value);
    }
    return out;
  };
  return visit(schema) as JsonSchema;
}

export type AjvPurpose = 'params' | 'body' | 'response';

export interface ValidationIssue {
  /** Where the value came from. */
  in: 'path' | 'query' | 'header' | 'body' | 'response';
  /** A readable field name: `depth`, `hosts[0].status`, or `(root)` for the whole value. */
  field: string;
  /** JSON pointer inside that value. */
  pointer: string;
  message: string;
}

/** One line naming the field and the reason: `body field 'hosts[0].status' must be one of: …`. */
export function describeIssue(issue: ValidationIssue): string {
  const where = issue.in === 'body' || issue.in === 'response' ? `${issue.in} field` : `${issue.in} parameter`;
  return issue.field === '(root)' ? `${issue.in} ${issue.message}` : `${where} '${issue.field}' ${issue.message}`;
}

/**
 * A rejection lists at most this many issues: unbounded, a form of thousands of unknown fields is
 * answered with megabytes of error body (test/hardening/bounded-errors.test.ts). The first ones say
 * what is wrong; the count says how much.
 */
export const MAX_LISTED_ISSUES = 20;

/** The first MAX_LISTED_ISSUES issues as lines, then `and N more issues` when there are more. */
export function listIssues(issues: readonly ValidationIssue[]): string[] {
  const lines = issues.slice(0, MAX_LISTED_ISSUES).map(describeIssue);
  if (issues.length > MAX_LISTED_ISSUES) lines.push(moreIssues(issues.length - MAX_LISTED_ISSUES));
  return lines;
}

export function moreIssues(count: number): string {
  return `and ${count} more ${count === 1 ? 'issue' : 'issues'} (only the first ${MAX_LISTED_ISSUES} are listed)`;
}

/** Field names by pointer: a batch's rows repeat the same few (`/hosts/3/status`), request after request. */
const fields = new Memo<string, string>(4096);

export function pointerToField(pointer: string): string {
  return fields.remember(pointer, fieldOf);
}

function fieldOf(pointer: string): string {
  if (pointer === '') return '(root)';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
    out += isIndex(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  }
  return out;
}

function isIndex(segment: string): boolean {
  if (segment.length === 0) return false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function quoteName(name: string): string {
  return name.length > 40 ? `'${name.slice(0, 40)}…' (${name.length} characters)` : `'${name}'`;
}

/** "must be one of: …" for an enum, spelled once per enum (a batch of bad rows repeats it per row). */
const enumMessages = new WeakMap<object, string>();

function enumMessage(allowed: unknown[]): string {
  let message = enumMessages.get(allowed);
  if (message === undefined) {
    message = `must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
    enumMessages.set(allowed, message);
  }
  return message;
}

/**
 * Turns ajv errors into issues that name the field and the reason, most useful first. `at` is the
 * pointer of the validated value inside the whole body (an entity of a batch), for the field names.
 */
export function toIssues(
  errors: ErrorObject[] | null | undefined,
  location: ValidationIssue['in'],
  at = '',
): ValidationIssue[] {
  if (!errors) return [];
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, string | Set<string>>();
  for (const error of errors) {
    let pointer = at + error.instancePath;
    let message: string;
    switch (error.keyword) {
      case 'required':
        pointer += `/${String(error.params.missingProperty)}`;
        message = 'is required';
        break;
      case 'additionalProperties':
        pointer += `/${String(error.params.additionalProperty)}`;
        message = 'is not allowed';
        break;
      case 'false schema':
        message = 'is not allowed'; // `properties: {name: false}`: the member may not be there
        break;
      case 'enum':
        message = enumMessage(error.params.allowedValues as unknown[]);
        break;
      case 'const':
        message = `must be ${JSON.stringify(error.params.allowedValue)}`;
        break;
      case 'if':
      case 'propertyNames':
        continue; // the failing `then` branch, or the failing name's own error, already says what is wrong
      default:
        message = error.message ?? 'is invalid';
        // An error about a key rather than a value (under propertyNames) names the key.
        if (error.propertyName !== undefined) message = `property name ${quoteName(error.propertyName)} ${message}`;
    }
    // Deduplicated by pointer, then message: the message strings are mostly the same objects
    // (enumMessage) whose hash V8 keeps, where a joined key was hashed afresh each time. Most
    // pointers carry one message, held as is; a Set is made only for a second one.
    const messages = seen.get(pointer);
    if (messages === undefined) seen.set(pointer, message);
    else if (typeof messages === 'string') {
      if (messages === message) continue;
      seen.set(pointer, new Set([messages, message]));
    } else {
      if (messages.has(message)) continue;
      messages.add(message);
    }
    issues.push({ in: location, field: pointerToField(pointer), pointer, message });
  }
  // A failed oneOf/anyOf reports every branch; the branch-specific errors say more than the summary.
  if (!issues.some((i) => i.message.startsWith('must match '))) return issues;
  const specific = issues.filter((i) => !/must match (exactly one|a) schema/.test(i.message));
  return specific.length > 0 ? specific : issues;
}
