import {
  HTTP_METHODS,
  type HttpMethod,
  type JsonSchema,
  type MediaType,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type RequestBody,
  type Response,
  type SecurityRequirement,
  type SecurityScheme,
} from './openapi.js';
import type { Vendor } from '../vendors/types.js';

/*
 * A parsed spec, indexed: operations with their references resolved. No file access here, so a
 * browser bundle (understudy/msw) indexes the documents it carries as data the same way.
 */

/** One operation of a spec with every local `$ref` above the schema level resolved. */
export interface OperationInfo {
  vendor: Vendor;
  operationId: string;
  method: HttpMethod;
  /** The path template as the spec writes it, e.g. `/api/hosts/{hostName}`. */
  path: string;
  /** JSON pointer of the operation inside its document (for ajv `$ref`s). */
  pointer: string;
  operation: Operation;
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Record<string, Response>;
  security: SecurityRequirement[];
  source: string;
  /**
   * Whether the operation changes nothing the target holds: GET, HEAD and OPTIONS do not, other
   * methods do, unless the spec marks the operation `x-read-only` (a query sent by POST).
   */
  readOnly: boolean;
}

export interface LoadedSpec {
  vendor: Vendor;
  document: OpenApiDocument;
  operations: OperationInfo[];
  byOperationId: Map<string, OperationInfo>;
  securitySchemes: Record<string, SecurityScheme>;
  /** Follows local `$ref`s (`#/components/...`) until it reaches a value. */
  resolve<T>(value: T | { $ref: string }): T;
  /** Dereferences a schema one level (follows `$ref` chains at the top only). */
  // A property, not a method: it is passed around as a plain function (`deref`).
  schema: (value: JsonSchema | undefined) => JsonSchema;
}

/** RFC 9110 §9.2.1: methods whose semantics are read-only. */
const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['get', 'head', 'options']);

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function lookupPointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, found '${ref}'`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`unresolvable $ref '${ref}'`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function indexSpec(vendor: Vendor, document: OpenApiDocument): LoadedSpec {
  const refCache = new Map<string, unknown>();
  const resolve = <T>(value: T | { $ref: string }): T => {
    let current: unknown = value;
    for (let hops = 0; current && typeof current === 'object' && '$ref' in current; hops++) {
      if (hops > 32) throw new Error('$ref chain too long');
      const ref = (current as { $ref: string }).$ref;
      let target = refCache.get(ref);
      if (target === undefined) {
        target = lookupPointer(document, ref);
        refCache.set(ref, target);
      }
      current = target;
    }
    return current as T;
  };
  // OpenAPI 3.1 lets keywords stand beside a `$ref` (`xml`, `description`, ...): they apply on top.
  const schema = (value: JsonSchema | undefined): JsonSchema => {
    if (!value) return {};
    if (value.$ref === undefined) return value;
    const { $ref: _ref, ...siblings } = value;
    const target = resolve<JsonSchema>(value);
    return Object.keys(siblings).length > 0 ? { ...target, ...siblings } : target;
  };

  const operations: OperationInfo[] = [];
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const item = resolve(rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`${vendor}: ${method.toUpperCase()} ${path} has no operationId`);
      const parameters = mergeParameters(
        (item.parameters ?? []).map((p) => resolve(p)),
        (operation.parameters ?? []).map((p) => resolve(p)),
      );
      const responses: Record<string, Response> = {};
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const resolved = resolve(response);
        responses[status] = {
          ...resolved,
          headers: resolved.headers
            ? Object.fromEntries(Object.entries(resolved.headers).map(([name, h]) => [name, resolve(h)]))
            : undefined,
          content: resolveContent(resolved.content, resolve),
        };
      }
      const body = operation.requestBody ? resolve(operation.requestBody) : undefined;
      operations.push({
        vendor,
        operationId: operation.operationId,
        method,
        path,
        pointer: `#/paths/${escapePointer(path)}/${method}`,
        operation,
        parameters,
        requestBody: body ? { ...body, content: resolveContent(body.content, resolve) ?? {} } : undefined,
        responses,
        security: operation.security ?? document.security ?? [],
        source: operation['x-source'] ?? '',
        readOnly: operation['x-read-only'] ?? SAFE_METHODS.has(method),
      });
    }
  }
  const byOperationId = new Map(operations.map((op) => [op.operationId, op]));
  if (byOperationId.size !== operations.length) throw new Error(`${vendor}: duplicate operationId`);
  const securitySchemes = Object.fromEntries(
    Object.entries(document.components?.securitySchemes ?? {}).map(([name, s]) => [name, resolve(s)]),
  );
  return { vendor, document, operations, byOperationId, securitySchemes, resolve, schema };
}

function resolveContent(
  content: Record<string, MediaType> | undefined,
  resolve: LoadedSpec['resolve'],
): Record<string, MediaType> | undefined {
  if (!content) return undefined;
  return Object.fromEntries(
    Object.entries(content).map(([type, media]) => [
      type,
      {
        ...media,
        examples: media.examples
          ? Object.fromEntries(Object.entries(media.examples).map(([k, ex]) => [k, resolve(ex)]))
          : undefined,
      },
    ]),
  );
}

function mergeParameters(fromPath: Parameter[], fromOperation: Parameter[]): Parameter[] {
  const merged = new Map<string, Parameter>();
  for (const p of [...fromPath, ...fromOperation]) merged.set(`${p.in}:${p.name}`, p);
  return [...merged.values()];
}
