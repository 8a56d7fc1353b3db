import { escapePointer, type LoadedSpec } from '../spec/spec-index.js';
import { HTTP_METHODS, type Example, type MediaType, type Parameter } from '../spec/openapi.js';

/**
 * Every example a spec documents, known by where it is defined. An example written once under
 * `components` and shared by ten operations is one documented example, so coverage counts
 * definitions, not uses; scenarios name examples and the runner takes them from here, so a
 * scenario never holds a copy that could drift from the spec.
 */
export interface ExampleEntry {
  /** JSON pointer of the example's definition in the vendor's document. */
  id: string;
  name: string;
  kind: 'request' | 'response' | 'parameter';
  mediaType?: string;
  status?: string;
  parameter?: string;
  summary?: string;
  value: unknown;
}

export interface OperationExamples {
  /** media type → example name → entry */
  request: Map<string, Map<string, ExampleEntry>>;
  /** status key → media type → example name → entry */
  responses: Map<string, Map<string, Map<string, ExampleEntry>>>;
  /** `in:name` → example name → entry */
  parameters: Map<string, Map<string, ExampleEntry>>;
}

export interface ExampleIndex {
  all: Map<string, ExampleEntry>;
  byOperation: Map<string, OperationExamples>;
}

const cache = new WeakMap<LoadedSpec, ExampleIndex>();

interface Located<T> {
  value: T;
  pointer: string;
}

export function exampleIndex(spec: LoadedSpec): ExampleIndex {
  const cached = cache.get(spec);
  if (cached) return cached;
  const all = new Map<string, ExampleEntry>();
  const byOperation = new Map<string, OperationExamples>();
  const follow = <T>(value: T | { $ref: string }, pointer: string): Located<T> => {
    let current: unknown = value;
    let at = pointer;
    while (current && typeof current === 'object' && typeof (current as { $ref?: unknown }).$ref === 'string') {
      at = (current as { $ref: string }).$ref;
      current = spec.resolve({ $ref: at });
    }
    return { value: current as T, pointer: at };
  };
  const collect = (
    media: Record<string, MediaType> | undefined,
    base: string,
    make: (mediaType: string) => Omit<ExampleEntry, 'id' | 'name' | 'value' | 'summary'>,
  ): Map<string, Map<string, ExampleEntry>> => {
    const out = new Map<string, Map<string, ExampleEntry>>();
    for (const [mediaType, rawMedia] of Object.entries(media ?? {})) {
      const byName = new Map<string, ExampleEntry>();
      const mediaPointer = `${base}/content/${escapePointer(mediaType)}`;
      for (const [name, rawExample] of Object.entries(rawMedia.examples ?? {})) {
        const example = follow<Example>(rawExample, `${mediaPointer}/examples/${escapePointer(name)}`);
        byName.set(name, register(example, name, make(mediaType)));
      }
      out.set(mediaType, byName);
    }
    return out;
  };
  const register = (
    example: Located<Example>,
    name: string,
    rest: Omit<ExampleEntry, 'id' | 'name' | 'value' | 'summary'>,
  ): ExampleEntry => {
    const existing = all.get(example.pointer);
    if (existing) return existing;
    const entry: ExampleEntry = {
      id: example.pointer,
      name,
      value: example.value.value,
      summary: example.value.summary,
      ...rest,
    };
    all.set(entry.id, entry);
    return entry;
  };

  for (const [path, rawItem] of Object.entries(spec.document.paths ?? {})) {
    const item = follow(rawItem, `#/paths/${escapePointer(path)}`);
    for (const method of HTTP_METHODS) {
      const operation = item.value[method];
      if (!operation?.operationId) continue;
      const opPointer = `${item.pointer}/${method}`;
      const examples: OperationExamples = { request: new Map(), responses: new Map(), parameters: new Map() };
      const parameterSets: Array<[Array<Parameter | { $ref: string }>, string]> = [
        [item.value.parameters ?? [], `${item.pointer}/parameters`],
        [operation.parameters ?? [], `${opPointer}/parameters`],
      ];
      for (const [list, base] of parameterSets) {
        list.forEach((raw, index) => {
          const parameter = follow<Parameter>(raw, `${base}/${index}`);
          const key = `${parameter.value.in}:${parameter.value.name}`;
          const byName = new Map<string, ExampleEntry>();
          for (const [name, rawExample] of Object.entries(parameter.value.examples ?? {})) {
            const example = follow<Example>(rawExample, `${parameter.pointer}/examples/${escapePointer(name)}`);
            byName.set(name, register(example, name, { kind: 'parameter', parameter: key }));
          }
          examples.parameters.set(key, byName);
        });
      }
      if (operation.requestBody) {
        const body = follow(operation.requestBody, `${opPointer}/requestBody`);
        examples.request = collect(body.value.content, body.pointer, (mediaType) => ({ kind: 'request', mediaType }));
      }
      for (const [status, rawResponse] of Object.entries(operation.responses ?? {})) {
        const response = follow(rawResponse, `${opPointer}/responses/${escapePointer(status)}`);
        examples.responses.set(
          status,
          collect(response.value.content, response.pointer, (mediaType) => ({ kind: 'response', mediaType, status })),
        );
      }
      byOperation.set(operation.operationId, examples);
    }
  }
  const index = { all, byOperation };
  cache.set(spec, index);
  return index;
}

/** Names available in a map of media types → names, for "did you mean" messages. */
export function exampleNames(byMedia: Map<string, Map<string, ExampleEntry>> | undefined): string[] {
  return [...new Set([...(byMedia?.values() ?? [])].flatMap((m) => [...m.keys()]))];
}

/**
 * Finds an example by name among media types: the preferred media type first, then the first
 * media type that documents the name (the spec's order).
 */
export function findExample(
  byMedia: Map<string, Map<string, ExampleEntry>> | undefined,
  name: string,
  preferred?: string,
): ExampleEntry | undefined {
  if (!byMedia) return undefined;
  if (preferred) {
    const hit = byMedia.get(preferred)?.get(name);
    if (hit) return hit;
  }
  for (const names of byMedia.values()) {
    const hit = names.get(name);
    if (hit) return hit;
  }
  return undefined;
}
